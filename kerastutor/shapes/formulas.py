"""Output length of convolution, transposed convolution and pooling along one axis.

Each function returns a `Length`: the number Keras computes and the arithmetic that produced it,
with the learner's numbers filled in, e.g. ``conv_length(28, 3)`` →
``Length(value=26, text="(28 + 2·0 − 3) // 1 + 1 = 26")``. A `Length` unpacks as
``value, text = conv_length(...)``. Nothing here imports Keras; the tests hold every formula
against Keras on a wide grid of cases.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import KerastutorError

PADDINGS_CONV = ("valid", "same", "causal")
PADDINGS_POOL = ("valid", "same")
PADDINGS_TRANSPOSE = ("valid", "same")


@dataclasses.dataclass(frozen=True)
class Length:
    """One output length: ``value`` (int, or None for "any size"), the filled-in ``text`` and the
    symbolic ``formula``; ``padding`` is the total zero padding added (before, after) when known."""

    value: int | None
    text: str
    formula: str = ""
    pad: tuple[int, int] | None = None

    def __iter__(self):  # value, text = conv_length(...)
        yield self.value
        yield self.text

    def __int__(self) -> int:
        if self.value is None:
            raise TypeError("length is None (any size)")
        return int(self.value)

    def __str__(self) -> str:
        return self.text


def _int(name: str, value, minimum: int = 1, allow_none: bool = False):
    if value is None and allow_none:
        return None
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= minimum
    if not ok:
        raise KerastutorError("shapes.bad_param", name=name, got=repr(value), minimum=minimum)
    return int(value)


def _padding(value, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value.lower() not in allowed:
        raise KerastutorError("shapes.bad_padding", got=repr(value), what=what,
                              allowed=", ".join(repr(a) for a in allowed))
    return value.lower()


def effective_kernel(kernel_size: int, dilation_rate: int = 1) -> int:
    """k′ = d·(k − 1) + 1: how far a dilated kernel reaches."""
    return dilation_rate * (kernel_size - 1) + 1


def _k_eff_text(k: int, d: int) -> str:
    return f"k′ = {d}·({k} − 1) + 1 = {effective_kernel(k, d)}; " if d != 1 else ""


def _too_small(n, value, text, what):
    if value is not None and value <= 0:
        raise KerastutorError("shapes.too_small", text=text, n=n, what=what)


def conv_length(n: int | None, kernel_size: int, strides: int = 1, padding: str = "valid",
                dilation_rate: int = 1) -> Length:
    """Output length of Conv1D/2D/3D (and separable/depthwise) along one axis of length n.

    valid:  (n + 2·0 − k′) // s + 1          k′ = d·(k − 1) + 1
    same:   ⌈n / s⌉                          (zeros added so that every position gets an output)
    causal: (n + d·(k − 1) − k′) // s + 1    (Conv1D only: d·(k − 1) zeros on the left)
    """
    n = _int("n", n, 1, allow_none=True)
    k = _int("kernel_size", kernel_size)
    s = _int("strides", strides)
    d = _int("dilation_rate", dilation_rate)
    padding = _padding(padding, PADDINGS_CONV, "Conv")
    if s > 1 and d > 1:
        raise KerastutorError("shapes.stride_and_dilation", strides=s, dilation_rate=d)
    ke = effective_kernel(k, d)
    kname = "k′" if d != 1 else "k"
    if padding == "valid":
        formula = f"(n + 2·0 − {kname}) // s + 1"
        if n is None:
            return Length(None, "None", formula)
        value = (n - ke) // s + 1
        text = f"{_k_eff_text(k, d)}({n} + 2·0 − {ke}) // {s} + 1 = {value}"
        _too_small(n, value, text, "conv")
        return Length(value, text, formula, (0, 0))
    if padding == "same":
        formula = "⌈n / s⌉"
        if n is None:
            return Length(None, "None", formula)
        value = (n - 1) // s + 1
        total = max((value - 1) * s + ke - n, 0)
        return Length(value, f"⌈{n} / {s}⌉ = {value}", formula, (total // 2, total - total // 2))
    formula = f"(n + d·(k − 1) − {kname}) // s + 1"
    if n is None:
        return Length(None, "None", formula)
    left = d * (k - 1)
    value = (n + left - ke) // s + 1
    return Length(value, f"{_k_eff_text(k, d)}({n} + {left} − {ke}) // {s} + 1 = {value}", formula, (left, 0))


def conv_transpose_length(n: int | None, kernel_size: int, strides: int = 1, padding: str = "valid",
                          output_padding: int | None = None, dilation_rate: int = 1) -> Length:
    """Output length of Conv1D/2D/3DTranspose along one axis of length n (Keras's rule).

    valid:  (n − 1)·s + k′ + op      op defaults to max(k′, s) − k′
    same:   n·s                      when output_padding is None
            (n − 1)·s + k′ − 2·(k′ // 2) + op   otherwise
    output_padding must be smaller than strides.
    """
    n = _int("n", n, 1, allow_none=True)
    k = _int("kernel_size", kernel_size)
    s = _int("strides", strides)
    d = _int("dilation_rate", dilation_rate)
    op = _int("output_padding", output_padding, 0, allow_none=True)
    padding = _padding(padding, PADDINGS_TRANSPOSE, "Conv*Transpose")
    if s > 1 and d > 1:
        raise KerastutorError("shapes.stride_and_dilation", strides=s, dilation_rate=d)
    if op is not None and op >= s:
        raise KerastutorError("shapes.output_padding", output_padding=op, strides=s)
    ke = effective_kernel(k, d)
    kname = "k′" if d != 1 else "k"
    pre = _k_eff_text(k, d)
    if padding == "valid":
        op_used = max(ke, s) - ke if op is None else op
        formula = f"(n − 1)·s + {kname} + op"
        if n is None:
            return Length(None, "None", formula)
        value = (n - 1) * s + ke + op_used
        return Length(value, f"{pre}({n} − 1)·{s} + {ke} + {op_used} = {value}", formula)
    if op is None:
        formula = "n·s"
        if n is None:
            return Length(None, "None", formula)
        return Length(n * s, f"{n}·{s} = {n * s}", formula)
    formula = f"(n − 1)·s + {kname} − 2·({kname} // 2) + op"
    if n is None:
        return Length(None, "None", formula)
    p = ke // 2
    value = (n - 1) * s + ke - 2 * p + op
    text = f"{pre}({n} − 1)·{s} + {ke} − 2·{p} + {op} = {value}"
    _too_small(n, value, text, "transpose")  # Keras builds a length-0 axis here; TensorFlow cannot run it
    return Length(value, text, formula)


def pool_length(n: int | None, pool_size: int, strides: int | None = None, padding: str = "valid") -> Length:
    """Output length of Max/AveragePooling along one axis; strides=None means strides = pool_size.

    valid: (n + 2·0 − p) // s + 1
    same:  ⌈n / s⌉
    """
    n = _int("n", n, 1, allow_none=True)
    p = _int("pool_size", pool_size)
    s = p if strides is None else _int("strides", strides)
    padding = _padding(padding, PADDINGS_POOL, "Pooling")
    if padding == "valid":
        formula = "(n + 2·0 − p) // s + 1"
        if n is None:
            return Length(None, "None", formula)
        value = (n - p) // s + 1
        text = f"({n} + 2·0 − {p}) // {s} + 1 = {value}"
        _too_small(n, value, text, "pool")
        return Length(value, text, formula, (0, 0))
    formula = "⌈n / s⌉"
    if n is None:
        return Length(None, "None", formula)
    value = (n - 1) // s + 1
    total = max((value - 1) * s + p - n, 0)
    return Length(value, f"⌈{n} / {s}⌉ = {value}", formula, (total // 2, total - total // 2))


def window_positions(n: int, kernel_size: int, strides: int = 1, padding: str = "valid",
                     dilation_rate: int = 1, pool: bool = False) -> list[list[int]]:
    """Where each output's window lands on the input: for every output position, the input indices
    it reads (indices < 0 or ≥ n are padding zeros). Used by the shape calculator's drawing."""
    if pool:
        length = pool_length(n, kernel_size, strides, padding)
        d = 1
        s = kernel_size if strides is None else strides
    else:
        length = conv_length(n, kernel_size, strides, padding, dilation_rate)
        d, s = dilation_rate, strides
    left = length.pad[0] if length.pad else 0
    return [[i * s - left + j * d for j in range(kernel_size)] for i in range(length.value)]
