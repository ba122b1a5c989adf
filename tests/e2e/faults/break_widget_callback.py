"""Fault for docs/E2E.md: the widgets' slider/dropdown callbacks do nothing.

Copied into the test kernels' IPython startup dir when KERASTUTOR_E2E_KERNEL_STARTUP points here;
scenario 1 must then fail at "the plot changed". Never loaded otherwise.
"""
from kerastutor.widgets import _base

_base.Explorer._on_change = lambda self, name: (lambda change: None)
