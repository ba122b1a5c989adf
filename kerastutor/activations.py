"""The activations of document 002 as plain NumPy functions, with their derivatives (lesson 04).

Nothing here calls Keras: lesson 04 and the tests hold Keras's activations against these.
Keras 3 changed one of them: ``hard_sigmoid(x) = relu6(x + 3) / 6`` (slope 1/6, saturating at ±3);
Keras 2 used ``clip(0.2·x + 0.5, 0, 1)`` (slope 0.2, saturating at ±2.5).
"""
from __future__ import annotations

import numpy as np
from scipy import special

from .errors import KerastutorError

NAMES = ("linear", "elu", "selu", "relu", "softmax", "softplus", "softsign", "tanh", "sigmoid",
         "hard_sigmoid", "exponential")

# SELU's constants (Klambauer et al. 2017), as Keras/TensorFlow use them
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _x(x):
    return np.asarray(x, dtype=float)


def linear(x):
    return _x(x)


def relu(x, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0):
    """Keras's relu: x above the threshold (clipped at max_value), negative_slope·(x − threshold) below."""
    x = _x(x)
    y = np.where(x > threshold, x, 0.0) if threshold != 0 else np.maximum(x, 0.0)
    if max_value is not None:
        y = np.clip(y, 0.0, max_value)
    if negative_slope:
        y = y - negative_slope * np.maximum(threshold - x, 0.0)
    return y


def elu(x, alpha: float = 1.0):
    x = _x(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def selu(x):
    return SELU_SCALE * elu(x, SELU_ALPHA)


def softmax(x, axis: int = -1):
    x = _x(x)
    z = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return z / np.sum(z, axis=axis, keepdims=True)


def softplus(x):
    return np.logaddexp(0.0, _x(x))


def softsign(x):
    x = _x(x)
    return x / (1.0 + np.abs(x))


def tanh(x):
    return np.tanh(_x(x))


def sigmoid(x):
    return special.expit(_x(x))


def hard_sigmoid(x):
    """Keras 3: relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1)."""
    return np.clip(_x(x) + 3.0, 0.0, 6.0) / 6.0


def exponential(x):
    return np.exp(_x(x))


_FUNCS = {name: globals()[name] for name in NAMES}


def _softmax_curve(x, others=(0.0,)):
    """softmax([x, *others])[0]: how one logit's probability moves as the logit moves."""
    x = _x(x)
    others = np.asarray(others, dtype=float)
    m = np.maximum(x, np.max(others) if others.size else x)
    ex = np.exp(x - m)
    return ex / (ex + np.sum(np.exp(others[None, :] - np.reshape(m, (-1, 1))), axis=1).reshape(np.shape(x)))


def apply(name: str, x, **params):
    """activation `name` of x. For "softmax" on a 1-D curve, `curve=True` gives softmax([x, *others])[0]."""
    name = _check(name)
    if name == "softmax" and params.pop("curve", False):
        return _softmax_curve(x, params.get("others", (0.0,)))
    return _FUNCS[name](x, **params)


def derivative(name: str, x, **params):
    """d activation / dx, element by element (softmax: of the curve softmax([x, *others])[0])."""
    name = _check(name)
    x = _x(x)
    if name == "linear":
        return np.ones_like(x)
    if name == "relu":
        slope = params.get("negative_slope", 0.0)
        thr = params.get("threshold", 0.0)
        top = params.get("max_value")
        above = x > thr
        if top is not None:  # Keras clips to [0, max_value] when max_value is given
            above = above & (x > 0) & (x < top)
        return np.where(above, 1.0, 0.0) + np.where(x < thr, slope, 0.0)
    if name == "elu":
        alpha = params.get("alpha", 1.0)
        return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))
    if name == "selu":
        return SELU_SCALE * np.where(x > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(x, 0.0)))
    if name == "softmax":
        p = _softmax_curve(x, params.get("others", (0.0,)))
        return p * (1.0 - p)
    if name == "softplus":
        return special.expit(x)
    if name == "softsign":
        return 1.0 / (1.0 + np.abs(x)) ** 2
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    if name == "sigmoid":
        s = special.expit(x)
        return s * (1.0 - s)
    if name == "hard_sigmoid":
        return np.where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0)
    return np.exp(x)  # exponential


# Formulas as Unicode text (for printing) and as matplotlib mathtext (for plots).
FORMULAS = {
    "linear": ("f(x) = x", "f′(x) = 1"),
    "elu": ("f(x) = x (x > 0);  α·(eˣ − 1) (x ≤ 0)", "f′(x) = 1 (x > 0);  α·eˣ (x ≤ 0)"),
    "selu": ("f(x) = λ·x (x > 0);  λ·α·(eˣ − 1) (x ≤ 0),  λ ≈ 1.0507, α ≈ 1.6733",
             "f′(x) = λ (x > 0);  λ·α·eˣ (x ≤ 0)"),
    "relu": ("f(x) = max(0, x)", "f′(x) = 1 (x > 0);  0 (x < 0)"),
    "softmax": ("softmax(x)ᵢ = eˣⁱ / Σⱼ eˣʲ;  curve: softmax([x, 0])₀ = σ(x)", "f′ = p·(1 − p)"),
    "softplus": ("f(x) = ln(1 + eˣ)", "f′(x) = σ(x)"),
    "softsign": ("f(x) = x / (1 + |x|)", "f′(x) = 1 / (1 + |x|)²"),
    "tanh": ("f(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)", "f′(x) = 1 − tanh²(x)"),
    "sigmoid": ("σ(x) = 1 / (1 + e⁻ˣ)", "σ′(x) = σ(x)·(1 − σ(x))"),
    "hard_sigmoid": ("f(x) = relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1)", "f′(x) = 1/6 (−3 < x < 3);  0 otherwise"),
    "exponential": ("f(x) = eˣ", "f′(x) = eˣ"),
}
TEX = {
    "linear": r"$f(x)=x$",
    "elu": r"$f(x)=x\ (x>0),\ \alpha(e^x-1)\ (x\leq 0)$",
    "selu": r"$f(x)=\lambda x\ (x>0),\ \lambda\alpha(e^x-1)\ (x\leq 0)$",
    "relu": r"$f(x)=\max(0,x)$",
    "softmax": r"$\mathrm{softmax}([x,0])_0=e^x/(e^x+e^0)$",
    "softplus": r"$f(x)=\ln(1+e^x)$",
    "softsign": r"$f(x)=x/(1+|x|)$",
    "tanh": r"$f(x)=\tanh(x)$",
    "sigmoid": r"$\sigma(x)=1/(1+e^{-x})$",
    "hard_sigmoid": r"$f(x)=\mathrm{relu6}(x+3)/6$",
    "exponential": r"$f(x)=e^x$",
}


def formula(name: str) -> tuple[str, str]:
    """(function, derivative) as text."""
    return FORMULAS[_check(name)]


def _check(name):
    if not isinstance(name, str) or name.lower() not in NAMES:
        raise KerastutorError("widgets.act.unknown", got=repr(name), allowed=", ".join(NAMES))
    return name.lower()
