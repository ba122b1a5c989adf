"""Pure core of the constraint and regularizer explorer: a weight matrix before and after a
constraint (kerastutor.constraints), the norms along the chosen axis, and the L1/L2/L1L2 penalty
(kerastutor.regularizers) with the numbers filled in."""
from __future__ import annotations

import numpy as np

from .. import constraints as C
from .. import regularizers as R
from ._base import check_choice, check_number

DEFAULTS = dict(constraint="max_norm", rows=6, cols=4, weight_scale=1.0, seed=0, max_value=1.0, min_value=0.5,
                rate=1.0, axis=0, regularizer="l2", l1=0.01, l2=0.01)


def normalize(state: dict) -> dict:
    s = dict(state)
    s["constraint"] = check_choice("constraint", str(s["constraint"]).lower(), C.NAMES)
    s["regularizer"] = check_choice("regularizer", str(s["regularizer"]).lower().replace("l1l2", "l1_l2"), R.NAMES)
    s["rows"] = check_number("rows", s["rows"], 1, 64, integer=True)
    s["cols"] = check_number("cols", s["cols"], 1, 64, integer=True)
    s["weight_scale"] = check_number("weight_scale", s["weight_scale"], 0, None)
    s["seed"] = check_number("seed", s["seed"], 0, None, integer=True)
    s["max_value"] = check_number("max_value", s["max_value"], 0, None)
    s["min_value"] = check_number("min_value", s["min_value"], 0, None)
    s["rate"] = check_number("rate", s["rate"], 0, 1)
    s["axis"] = check_choice("axis", s["axis"], (0, 1))
    s["l1"] = check_number("l1", s["l1"], 0, None)
    s["l2"] = check_number("l2", s["l2"], 0, None)
    return s


def weights(state: dict) -> np.ndarray:
    rng = np.random.default_rng(state["seed"])
    return rng.normal(0.0, state["weight_scale"], (state["rows"], state["cols"]))


def constraint_args(state: dict) -> dict:
    name = state["constraint"]
    if name == "unit_norm":
        return {"axis": state["axis"]}
    if name == "max_norm":
        return {"max_value": state["max_value"], "axis": state["axis"]}
    if name == "min_max_norm":
        return {"min_value": state["min_value"], "max_value": state["max_value"], "rate": state["rate"],
                "axis": state["axis"]}
    return {}


def regularizer_args(state: dict) -> dict:
    return {"l1": {"l1": state["l1"]}, "l2": {"l2": state["l2"]},
            "l1_l2": {"l1": state["l1"], "l2": state["l2"]}}[state["regularizer"]]


def compute(state: dict) -> dict:
    """before/after matrices, norms_before/norms_after (one per vector along `axis`), the penalty
    of the chosen regularizer on both matrices, and its arithmetic text."""
    w = weights(state)
    args = constraint_args(state)
    after = C.apply(state["constraint"], w, **args)
    axis = state["axis"]
    reg = state["regularizer"]
    rargs = regularizer_args(state)
    return dict(before=w, after=after, args=args, axis=axis,
                norms_before=C.norms(w, axis).ravel(), norms_after=C.norms(after, axis).ravel(),
                regularizer=reg, reg_args=rargs,
                penalty_before=R.penalty(reg, w, **rargs), penalty_after=R.penalty(reg, after, **rargs),
                penalty_text_before=R.penalty_text(reg, w, **rargs),
                penalty_text_after=R.penalty_text(reg, after, **rargs))


def make_state(**changes) -> dict:
    """DEFAULTS with `changes`, checked: the state compute() takes."""
    return normalize({**DEFAULTS, **changes})
