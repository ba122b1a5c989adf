"""Pure core of the dropout explorer: which units a Dropout layer drops for a given rate, how it
scales the others by 1/(1 − rate) during training, and that it does nothing at inference."""
from __future__ import annotations

import numpy as np

from ._base import check_choice, check_number

DEFAULTS = dict(rate=0.5, rows=8, cols=8, seed=0, training=True, inputs="ones")


def normalize(state: dict) -> dict:
    s = dict(state)
    s["rate"] = check_number("rate", s["rate"], 0, 1, hi_open=True)
    s["rows"] = check_number("rows", s["rows"], 1, 64, integer=True)
    s["cols"] = check_number("cols", s["cols"], 1, 64, integer=True)
    s["seed"] = check_number("seed", s["seed"], 0, None, integer=True)
    s["training"] = bool(s["training"])
    s["inputs"] = check_choice("inputs", s["inputs"], ("ones", "random"))
    return s


def inputs(state: dict) -> np.ndarray:
    shape = (state["rows"], state["cols"])
    if state["inputs"] == "ones":
        return np.ones(shape)
    return np.random.default_rng(state["seed"] + 10_000).uniform(0.5, 1.5, shape)


def compute(state: dict) -> dict:
    """x (inputs), keep (mask of kept units), y (outputs), scale = 1/(1 − rate), counts and means.

    Training: y = x · keep / (1 − rate), so the expected value of each unit stays x.
    Inference: y = x (the layer is switched off)."""
    x = inputs(state)
    rate = state["rate"]
    scale = 1.0 / (1.0 - rate)
    # the same uniform draws for every rate: raising the rate only drops more units
    u = np.random.default_rng(state["seed"]).uniform(size=x.shape)
    keep = u >= rate
    if state["training"]:
        y = np.where(keep, x * scale, 0.0)
    else:
        keep = np.ones_like(keep)
        y = x.copy()
    return dict(x=x, keep=keep, y=y, rate=rate, scale=scale, training=state["training"],
                kept=int(keep.sum()), dropped=int(keep.size - keep.sum()), total=int(keep.size),
                mean_x=float(x.mean()), mean_y=float(y.mean()))


def make_state(**changes) -> dict:
    """DEFAULTS with `changes`, checked: the state compute() takes."""
    return normalize({**DEFAULTS, **changes})
