"""Pure core of the activation explorer: curves of the chosen activations and their derivatives
(from `kerastutor.activations`), their formulas, and the values at a probe point x0."""
from __future__ import annotations

import numpy as np

from .. import activations as A
from ._base import check_choice, check_number

DEFAULTS = dict(names=("relu", "sigmoid", "tanh"), xmin=-5.0, xmax=5.0, points=401, x0=1.0, alpha=1.0,
                negative_slope=0.0, max_value=None, threshold=0.0)


def normalize(state: dict) -> dict:
    s = dict(state)
    names = s["names"]
    if isinstance(names, str):
        names = (names,)
    names = tuple(check_choice("activation", str(n).lower(), A.NAMES) for n in names)
    s["names"] = tuple(dict.fromkeys(names))  # no repeats, order kept
    s["xmin"] = check_number("xmin", s["xmin"], -50, 50)
    s["xmax"] = check_number("xmax", s["xmax"], -50, 50)
    if s["xmax"] <= s["xmin"]:
        s["xmin"], s["xmax"] = min(s["xmin"], s["xmax"]), max(s["xmin"], s["xmax"])
        if s["xmax"] == s["xmin"]:
            s["xmax"] = s["xmin"] + 1.0
    s["points"] = check_number("points", s["points"], 2, 100_000, integer=True)
    s["x0"] = check_number("x0", s["x0"], -50, 50)
    s["alpha"] = check_number("alpha", s["alpha"], 0, None)
    s["negative_slope"] = check_number("negative_slope", s["negative_slope"], 0, None)
    s["max_value"] = check_number("max_value", s["max_value"], 0, None, allow_none=True, lo_open=True)
    s["threshold"] = check_number("threshold", s["threshold"])
    return s


def params(name: str, state: dict) -> dict:
    """The arguments a Keras activation takes, from the state."""
    if name == "elu":
        return {"alpha": state["alpha"]}
    if name == "relu":
        return {"negative_slope": state["negative_slope"], "max_value": state["max_value"],
                "threshold": state["threshold"]}
    if name == "softmax":
        return {"curve": True}
    return {}


def compute(state: dict) -> dict:
    """x, and for each chosen activation: y, dy (derivative), formula (text pair), and y0/dy0 at x0."""
    x = np.linspace(state["xmin"], state["xmax"], state["points"])
    curves = {}
    x0 = state["x0"]
    for name in state["names"]:
        p = params(name, state)
        dp = {k: v for k, v in p.items() if k != "curve"}
        y = A.apply(name, x, **p)
        dy = A.derivative(name, x, **dp)
        y0 = float(np.asarray(A.apply(name, np.array([x0]), **p)).ravel()[0])
        dy0 = float(np.asarray(A.derivative(name, np.array([x0]), **dp)).ravel()[0])
        curves[name] = dict(y=y, dy=dy, formula=A.formula(name), tex=A.TEX[name], y0=y0, dy0=dy0)
    return dict(x=x, x0=x0, curves=curves)


def make_state(**changes) -> dict:
    """DEFAULTS with `changes`, checked: the state compute() takes."""
    return normalize({**DEFAULTS, **changes})
