"""Pure core of the initializer explorer: sample a kernel of shape (fan_in, fan_out) from the
spread that `kerastutor.initializers` derives, histogram it, and give the theoretical density and
the formula with the numbers filled in. NumPy only (fast); the tests compare the samples with the
formula and with what Keras itself samples.
"""
from __future__ import annotations

import contextlib
import math

import numpy as np

from .. import initializers as I
from ._base import check_choice, check_number

NAMES = ("zeros", "ones", "constant", "random_normal", "random_uniform", "truncated_normal", "variance_scaling",
         "lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
         "orthogonal", "identity")
DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

DEFAULTS = dict(initializer="glorot_uniform", fan_in=256, fan_out=128, scale=1.0, mode="fan_in",
                distribution="truncated_normal", mean=0.0, stddev=0.05, minval=-0.05, maxval=0.05, value=0.0,
                gain=1.0, seed=0, bins=60, max_samples=40_000)

# which arguments each initializer takes (the widget shows only these controls)
ARGS = {
    "constant": ("value",), "random_normal": ("mean", "stddev"), "truncated_normal": ("mean", "stddev"),
    "random_uniform": ("minval", "maxval"), "variance_scaling": ("scale", "mode", "distribution"),
    "orthogonal": ("gain",), "identity": ("gain",),
}


def normalize(state: dict) -> dict:
    s = dict(state)
    s["initializer"] = check_choice("initializer", str(s["initializer"]).lower(), NAMES)
    s["fan_in"] = check_number("fan_in", s["fan_in"], 1, 1_000_000, integer=True)
    s["fan_out"] = check_number("fan_out", s["fan_out"], 1, 1_000_000, integer=True)
    s["scale"] = check_number("scale", s["scale"], 0, None, lo_open=True)
    s["mode"] = check_choice("mode", s["mode"], I.MODES)
    dist = "truncated_normal" if s["distribution"] == "normal" else s["distribution"]
    s["distribution"] = check_choice("distribution", dist, DISTRIBUTIONS)
    for key in ("mean", "value", "gain", "minval", "maxval"):
        s[key] = check_number(key, s[key])
    s["stddev"] = check_number("stddev", s["stddev"], 0, None)
    if s["minval"] > s["maxval"]:
        s["minval"], s["maxval"] = s["maxval"], s["minval"]
    s["seed"] = check_number("seed", s["seed"], 0, None, integer=True)
    s["bins"] = check_number("bins", s["bins"], 5, 400, integer=True)
    s["max_samples"] = check_number("max_samples", s["max_samples"], 100, None, integer=True)
    return s


def config(state: dict) -> dict:
    """The keyword arguments of this initializer (as kerastutor.initializers and Keras take them)."""
    return {k: state[k] for k in ARGS.get(state["initializer"], ())}


def shape(state: dict) -> tuple[int, int]:
    return (state["fan_in"], state["fan_out"])


def _truncated_standard(rng, n):
    """Standard normal samples cut at ±2 (redrawn, as TensorFlow's truncated_normal does)."""
    out = rng.standard_normal(n)
    bad = np.abs(out) > 2
    while bad.any():
        out[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(out) > 2
    return out


@contextlib.contextmanager
def _one_blas_thread():
    """Run NumPy's OpenBLAS on one thread inside the block. For the small QR below one thread is
    faster, and on a busy machine several BLAS threads waiting for each other cost up to 50 times
    more. Uses threadpoolctl when installed, else the OpenBLAS that NumPy bundles; otherwise a no-op."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None
    if threadpool_limits is not None:
        with threadpool_limits(1, user_api="blas"):
            yield
        return
    lib = _openblas()
    if lib is None:
        yield
        return
    before = lib.get()
    lib.set(1)
    try:
        yield
    finally:
        lib.set(before)


_OPENBLAS: list = []


def _openblas():
    """(get, set) of the OpenBLAS NumPy loaded, found once; None if there is none we know."""
    if not _OPENBLAS:
        found = None
        try:
            import ctypes
            import re
            import types

            with open("/proc/self/maps") as maps:
                paths = sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps.read())))
            for path in paths:
                lib = ctypes.CDLL(path)
                for get_name, set_name in (("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
                                           ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
                                           ("openblas_get_num_threads", "openblas_set_num_threads")):
                    if hasattr(lib, get_name) and hasattr(lib, set_name):
                        get_fn, set_fn = getattr(lib, get_name), getattr(lib, set_name)
                        get_fn.restype = ctypes.c_int
                        set_fn.argtypes = [ctypes.c_int]
                        found = types.SimpleNamespace(get=get_fn, set=set_fn)
                        break
                if found:
                    break
        except Exception:  # not Linux, or an unusual build: leave the threads alone
            found = None
        _OPENBLAS.append(found)
    return _OPENBLAS[0]


def _orthogonal_columns(rows, cols, seed, max_samples):
    """Entries of a random orthogonal (rows, cols) kernel, as Keras draws it (QR of a Gaussian
    matrix, signs fixed by diag(R)). Only as many columns (of the long side) as max_samples needs
    are drawn: any m columns of a random orthogonal matrix are themselves a random orthogonal
    (big × m) matrix, so the values have exactly the distribution of the full kernel's, and the
    QR step costs O(big·m²) instead of O(big·small²)."""
    big, small = max(rows, cols), min(rows, cols)
    m = min(small, max(1, max_samples // big))
    rng = np.random.default_rng(seed)
    with _one_blas_thread():
        q, r = np.linalg.qr(rng.standard_normal((big, m)))
    return q * np.sign(np.diag(r))


def sample(state: dict, spread: I.Spread | None = None) -> np.ndarray:
    """Weights drawn like the initializer draws them (flattened), at most about max_samples of
    them: independent draws are simply capped; orthogonal draws whole columns (see
    _orthogonal_columns); identity is the whole matrix (it is cheap)."""
    spread = spread or I.spread(state["initializer"], shape(state), **config(state))
    rows, cols = shape(state)
    n = min(rows * cols, state["max_samples"])
    rng = np.random.default_rng(state["seed"])
    fam = spread.family
    if fam == "constant":
        return np.full(n, spread.mean)
    if fam == "normal":
        return rng.normal(spread.mean, spread.std, n)
    if fam == "truncated_normal":
        return spread.mean + spread.param * _truncated_standard(rng, n)
    if fam == "uniform":
        return rng.uniform(spread.low, spread.high, n)
    if fam == "orthogonal":
        return (state["gain"] * _orthogonal_columns(rows, cols, state["seed"], state["max_samples"])).ravel()
    return (state["gain"] * np.eye(rows, cols)).ravel()  # identity


def _edges(spread: I.Spread, samples: np.ndarray, bins: int) -> np.ndarray:
    if spread.family == "normal":
        lo, hi = spread.mean - 4 * spread.std, spread.mean + 4 * spread.std
    elif spread.family in ("uniform", "truncated_normal"):
        width = spread.high - spread.low
        lo, hi = spread.low - 0.1 * width, spread.high + 0.1 * width
    else:
        lo, hi = float(samples.min()), float(samples.max())
        pad = 0.1 * (hi - lo) if hi > lo else max(abs(hi), 1.0) * 0.5
        lo, hi = lo - pad, hi + pad
    if not hi > lo:
        lo, hi = lo - 1.0, hi + 1.0
    return np.linspace(lo, hi, bins + 1)


def compute(state: dict) -> dict:
    """Everything the explorer shows:
    samples, edges, density (histogram, normalized), x, pdf (None when the values are not drawn
    one by one), spread, formula (kerastutor.initializers.formula_text), and the sample statistics."""
    name = state["initializer"]
    shp = shape(state)
    cfg = config(state)
    spread = I.spread(name, shp, **cfg)
    formula = I.formula_text(name, shp, **cfg)
    samples = sample(state, spread)
    edges = _edges(spread, samples, state["bins"])
    counts, _ = np.histogram(samples, bins=edges)
    density = counts / (counts.sum() * np.diff(edges)) if counts.sum() else counts.astype(float)
    x = np.linspace(edges[0], edges[-1], 400)
    pdf = spread.pdf(x) if spread.family in ("normal", "truncated_normal", "uniform") else None
    fan_in, fan_out = I.fans(shp)
    return dict(name=name, shape=shp, config=cfg, spread=spread, formula=formula, samples=samples, edges=edges,
                density=density, x=x, pdf=pdf, fan_in=fan_in, fan_out=fan_out,
                mean=float(samples.mean()), std=float(samples.std()), min=float(samples.min()),
                max=float(samples.max()), n=int(samples.size), outside=int(np.sum((samples < edges[0]) | (samples > edges[-1]))),
                theory_std=spread.std, low=spread.low if math.isfinite(spread.low) else None,
                high=spread.high if math.isfinite(spread.high) else None)


def make_state(**changes) -> dict:
    """DEFAULTS with `changes`, checked: the state compute() takes."""
    return normalize({**DEFAULTS, **changes})
