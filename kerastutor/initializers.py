"""The formulas of Keras's initializers as plain functions (lesson 02).

Nothing here calls Keras: these are the numbers a learner derives by hand, and the tests hold them
against what Keras actually samples.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from .errors import KerastutorError

# A standard normal cut at ±2 has standard deviation 0.8796…; Keras divides by it so that the
# truncated samples end up with the standard deviation the formula asks for.
TRUNCATED_STD_FACTOR = float(stats.truncnorm(-2, 2).std())  # 0.87962566103423978

# name -> (scale, mode, distribution), as VarianceScaling is configured by each named initializer
NAMED = {
    "lecun_normal": (1.0, "fan_in", "truncated_normal"),
    "lecun_uniform": (1.0, "fan_in", "uniform"),
    "glorot_normal": (1.0, "fan_avg", "truncated_normal"),
    "glorot_uniform": (1.0, "fan_avg", "uniform"),
    "he_normal": (2.0, "fan_in", "truncated_normal"),
    "he_uniform": (2.0, "fan_in", "uniform"),
}
MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


def _check_shape(shape) -> tuple[int, ...]:
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence):
        raise KerastutorError("init.bad_shape", got=repr(shape))
    dims = tuple(shape)
    if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d > 0 for d in dims):
        raise KerastutorError("init.bad_shape", got=repr(shape))
    return tuple(int(d) for d in dims)


def fans(shape: Sequence[int]) -> tuple[int, int]:
    """(fan_in, fan_out) of a kernel shape, by Keras's rule.

    Dense kernel (in, out): fan_in = in, fan_out = out. Convolution kernel (*window, in, out):
    each fan is multiplied by the window size (the receptive field).
    """
    dims = _check_shape(shape)
    if len(dims) == 0:
        return 1, 1
    if len(dims) == 1:
        return dims[0], dims[0]
    receptive = math.prod(dims[:-2])
    return dims[-2] * receptive, dims[-1] * receptive


def fan_n(shape: Sequence[int], mode: str) -> float:
    """The n in the formulas: fan_in, fan_out or their average."""
    if mode not in MODES:
        raise KerastutorError("init.bad_choice", what="mode", got=repr(mode), allowed=", ".join(MODES))
    fan_in, fan_out = fans(shape)
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


def normal_stddev(scale: float, n: float) -> float:
    """stddev = sqrt(scale / n)."""
    return math.sqrt(scale / max(1.0, n))


def uniform_limit(scale: float, n: float) -> float:
    """limit = sqrt(3 · scale / n): the uniform on [-limit, limit] has that variance."""
    return math.sqrt(3.0 * scale / max(1.0, n))


@dataclasses.dataclass(frozen=True)
class Spread:
    """What an initializer's samples look like, as far as the formula says."""

    family: str  # "constant", "normal", "truncated_normal", "uniform", "orthogonal", "identity"
    mean: float
    std: float  # standard deviation of the values actually produced
    low: float = -math.inf  # no value is below this
    high: float = math.inf  # no value is above this
    param: float | None = None  # stddev handed to the sampler (truncated: before truncation); None: constant

    def pdf(self, x):
        """Theoretical density of one weight (not meaningful for constant/orthogonal/identity)."""
        x = np.asarray(x, dtype=float)
        if self.family == "normal":
            return stats.norm(self.mean, self.std).pdf(x)
        if self.family == "truncated_normal":
            return stats.truncnorm(-2, 2, loc=self.mean, scale=self.param).pdf(x)
        if self.family == "uniform":
            return stats.uniform(self.low, self.high - self.low).pdf(x)
        raise KerastutorError("init.no_density", family=self.family)


def variance_scaling(shape, scale: float = 1.0, mode: str = "fan_in",
                     distribution: str = "truncated_normal") -> Spread:
    """The spread of VarianceScaling; distribution "normal" is Keras's alias of "truncated_normal"."""
    if not (isinstance(scale, (int, float)) and scale > 0):
        raise KerastutorError("init.bad_scale", got=repr(scale))
    distribution = "truncated_normal" if distribution == "normal" else distribution
    if distribution not in DISTRIBUTIONS:
        raise KerastutorError("init.bad_choice", what="distribution", got=repr(distribution),
                              allowed=", ".join(DISTRIBUTIONS + ("normal",)))
    n = fan_n(shape, mode)
    if distribution == "uniform":
        limit = uniform_limit(scale, n)
        return Spread("uniform", 0.0, limit / math.sqrt(3), -limit, limit, param=limit)
    std = normal_stddev(scale, n)
    if distribution == "untruncated_normal":
        return Spread("normal", 0.0, std, param=std)
    param = std / TRUNCATED_STD_FACTOR
    return Spread("truncated_normal", 0.0, std, -2 * param, 2 * param, param=param)


def spread(name: str, shape, **config) -> Spread:
    """The spread of any initializer of document 002, by Keras name and its arguments.

    >>> spread("he_uniform", (784, 512)).high   # sqrt(6 / 784)
    0.08748177652797065
    """
    shape = _check_shape(shape)
    key = name.lower() if isinstance(name, str) else name
    if key in NAMED:
        scale, mode, dist = NAMED[key]
        return variance_scaling(shape, scale, mode, dist)
    if key == "variance_scaling":
        return variance_scaling(shape, **config)
    if key == "zeros":
        return Spread("constant", 0.0, 0.0, 0.0, 0.0)
    if key == "ones":
        return Spread("constant", 1.0, 0.0, 1.0, 1.0)
    if key == "constant":
        value = float(config.get("value", 0.0))
        return Spread("constant", value, 0.0, value, value)
    if key == "random_normal":
        mean, std = float(config.get("mean", 0.0)), float(config.get("stddev", 0.05))
        return Spread("normal", mean, std, param=std)
    if key == "truncated_normal":
        # Unlike VarianceScaling, TruncatedNormal does not correct for the cut: the values it
        # produces have a smaller standard deviation than the stddev you pass.
        mean, param = float(config.get("mean", 0.0)), float(config.get("stddev", 0.05))
        return Spread("truncated_normal", mean, param * TRUNCATED_STD_FACTOR,
                      mean - 2 * param, mean + 2 * param, param=param)
    if key == "random_uniform":
        low, high = float(config.get("minval", -0.05)), float(config.get("maxval", 0.05))
        return Spread("uniform", (low + high) / 2, (high - low) / math.sqrt(12), low, high, param=high)
    if key == "orthogonal":
        gain = float(config.get("gain", 1.0))
        rows, cols = math.prod(shape[:-1]), shape[-1]
        # Q has orthonormal columns (or rows): its entries have mean square 1 / max(rows, cols).
        return Spread("orthogonal", 0.0, gain / math.sqrt(max(rows, cols)), -gain, gain, param=gain)
    if key == "identity":
        if len(shape) != 2:
            raise KerastutorError("init.identity_2d", got=repr(shape))
        gain = float(config.get("gain", 1.0))
        rows, cols = shape
        k = min(rows, cols)
        mean = gain * k / (rows * cols)
        std = math.sqrt(gain**2 * k / (rows * cols) - mean**2)
        return Spread("identity", mean, std, 0.0 if gain >= 0 else gain, max(gain, 0.0), param=gain)
    known = sorted(list(NAMED) + ["variance_scaling", "zeros", "ones", "constant", "random_normal",
                                  "truncated_normal", "random_uniform", "orthogonal", "identity"])
    raise KerastutorError("init.unknown", got=repr(name), allowed=", ".join(known))


def formula_text(name: str, shape, **config) -> str:
    """The formula with the numbers filled in, e.g. "limit = √(3·2.0/784) = 0.08748"."""
    shape = _check_shape(shape)
    if name in NAMED or name == "variance_scaling":
        scale, mode, dist = NAMED[name] if name in NAMED else (
            config.get("scale", 1.0), config.get("mode", "fan_in"), config.get("distribution", "truncated_normal"))
        n = fan_n(shape, mode)
        s = spread(name, shape, **config)
        n_text = f"{n:g}"
        if dist == "uniform":
            return f"limit = √(3·{scale:g}/{n_text}) = {s.high:.5g}"
        return f"stddev = √({scale:g}/{n_text}) = {s.std:.5g}"
    s = spread(name, shape, **config)
    return f"mean = {s.mean:.5g}, std = {s.std:.5g}"
