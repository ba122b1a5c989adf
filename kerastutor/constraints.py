"""What Keras's weight constraints do to a weight matrix, in NumPy (lesson 03).

Keras applies a constraint after each optimizer step: the weights are projected back into the
allowed set. The norms are taken along `axis` (axis=0 for a Dense kernel (in, out): one norm per
output unit, over its incoming weights). Keras divides by (epsilon + norm) with epsilon = 1e-7.
"""
from __future__ import annotations

import numpy as np

from .errors import KerastutorError

EPSILON = 1e-7
NAMES = ("non_neg", "unit_norm", "max_norm", "min_max_norm")


def norms(w, axis=0):
    """The L2 norms of w along `axis` (kept as an axis, so they broadcast against w)."""
    w = np.asarray(w, dtype=float)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return np.sqrt(np.sum(np.square(w), axis=axis, keepdims=True))


def non_neg(w):
    """NonNeg: negative weights become 0."""
    return np.maximum(np.asarray(w, dtype=float), 0.0)


def unit_norm(w, axis=0):
    """UnitNorm: w / ‖w‖, each vector along `axis` gets norm 1."""
    w = np.asarray(w, dtype=float)
    return w / (EPSILON + norms(w, axis))


def max_norm(w, max_value=2.0, axis=0):
    """MaxNorm: vectors longer than max_value are shrunk to max_value; shorter ones are kept."""
    w = np.asarray(w, dtype=float)
    n = norms(w, axis)
    return w * (np.clip(n, 0.0, max_value) / (EPSILON + n))


def min_max_norm(w, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
    """MinMaxNorm: the norm moves toward [min_value, max_value]:
    new norm = rate·clip(norm, min, max) + (1 − rate)·norm."""
    w = np.asarray(w, dtype=float)
    n = norms(w, axis)
    desired = rate * np.clip(n, min_value, max_value) + (1.0 - rate) * n
    return w * (desired / (EPSILON + n))


def apply(name: str, w, **params):
    """Apply the constraint `name` ("non_neg", "unit_norm", "max_norm", "min_max_norm")."""
    key = name.lower() if isinstance(name, str) else name
    aliases = {"nonneg": "non_neg", "unitnorm": "unit_norm", "maxnorm": "max_norm", "minmaxnorm": "min_max_norm"}
    key = aliases.get(key, key)
    if key not in NAMES:
        raise KerastutorError("widgets.unknown_choice", what="constraint", got=repr(name), allowed=", ".join(NAMES))
    if key == "non_neg":
        return non_neg(w)
    return {"unit_norm": unit_norm, "max_norm": max_norm, "min_max_norm": min_max_norm}[key](w, **params)
