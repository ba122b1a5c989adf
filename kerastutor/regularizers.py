"""The penalties of Keras's L1, L2 and L1L2 regularizers, in NumPy (lesson 03).

A regularizer adds a penalty to the model's loss (model.losses): L1 adds l1·Σ|w|, L2 adds l2·Σw²,
L1L2 adds both. Keras's defaults: L1(l1=0.01), L2(l2=0.01), L1L2(l1=0.0, l2=0.0).
"""
from __future__ import annotations

import numpy as np

from .errors import KerastutorError

NAMES = ("l1", "l2", "l1_l2")


def l1_penalty(w, l1=0.01) -> float:
    return float(l1 * np.sum(np.abs(np.asarray(w, dtype=float))))


def l2_penalty(w, l2=0.01) -> float:
    return float(l2 * np.sum(np.square(np.asarray(w, dtype=float))))


def l1_l2_penalty(w, l1=0.0, l2=0.0) -> float:
    return l1_penalty(w, l1) + l2_penalty(w, l2)


def _key(name):
    key = name.lower().replace("l1l2", "l1_l2") if isinstance(name, str) else name
    if key not in NAMES:
        raise KerastutorError("widgets.unknown_choice", what="regularizer", got=repr(name), allowed=", ".join(NAMES))
    return key


def penalty(name: str, w, **factors) -> float:
    """The penalty of regularizer `name` ("l1", "l2", "l1_l2") on weights w."""
    key = _key(name)
    return {"l1": l1_penalty, "l2": l2_penalty, "l1_l2": l1_l2_penalty}[key](w, **factors)


def penalty_text(name: str, w, l1: float | None = None, l2: float | None = None) -> str:
    """The penalty with the numbers filled in, e.g. "0.01·Σ|w| = 0.01·12.34 = 0.1234"."""
    key = _key(name)
    w = np.asarray(w, dtype=float)
    s1, s2 = float(np.sum(np.abs(w))), float(np.sum(np.square(w)))
    l1 = (0.01 if key == "l1" else 0.0) if l1 is None else l1
    l2 = (0.01 if key == "l2" else 0.0) if l2 is None else l2
    if key == "l1":
        return f"{l1:g}·Σ|w| = {l1:g}·{s1:.4g} = {l1 * s1:.4g}"
    if key == "l2":
        return f"{l2:g}·Σw² = {l2:g}·{s2:.4g} = {l2 * s2:.4g}"
    return f"{l1:g}·Σ|w| + {l2:g}·Σw² = {l1:g}·{s1:.4g} + {l2:g}·{s2:.4g} = {l1 * s1 + l2 * s2:.4g}"
