"""The course's interactive widgets. Each has a pure core (numbers, no ipywidgets) and a thin
ipywidgets layer; each function returns an object that displays itself (live controls in
JupyterLab, a static PNG of its initial state when the notebook runs without a front end).

ipywidgets and matplotlib are imported only when a widget is made.
"""
from . import activation_core, constraint_core, conv_core, dropout_core, initializer_core
from .activation import activation_explorer
from .constraint import constraint_explorer
from .conv import conv_shape_calculator
from .dropout import dropout_explorer
from .initializer import initializer_explorer

__all__ = ["activation_core", "activation_explorer", "constraint_core", "constraint_explorer", "conv_core",
           "conv_shape_calculator", "dropout_core", "dropout_explorer", "initializer_core", "initializer_explorer"]
