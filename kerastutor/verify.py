"""The lesson's "verify" cells: compare, print what was compared, fail loudly when it is wrong."""
from __future__ import annotations

import contextlib
import warnings

import numpy as np

from .i18n import t


def _fmt(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0 and np.issubdtype(arr.dtype, np.floating):
        return f"{float(arr):.4g}"
    if arr.ndim == 0:
        return str(arr.item())
    return np.array2string(arr, precision=4, suppress_small=True, threshold=12)


def verify_close(name: str, actual, expected, rtol: float = 1e-5, atol: float = 0.0) -> None:
    """Check |actual - expected| <= atol + rtol·|expected| element-wise, and say so."""
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        raise AssertionError(t("verify.equal_fail", name=name, actual=a.shape, expected=e.shape))
    denom = np.maximum(np.abs(e), np.finfo(float).tiny)
    rel = float(np.max(np.abs(a - e) / denom)) if a.size else 0.0
    ok = bool(np.all(np.abs(a - e) <= atol + rtol * np.abs(e)))
    values = dict(name=name, actual=_fmt(a), expected=_fmt(e), rel=f"{rel:.2%}", tol=f"{rtol:.2%}")
    if not ok:
        raise AssertionError(t("verify.close_fail", **values))
    print(t("verify.ok", name=name, detail=t("verify.close_detail", **values)))


def verify_equal(name: str, actual, expected) -> None:
    """Check exact equality (shapes, counts, arrays), and say so."""
    if isinstance(actual, np.ndarray) or isinstance(expected, np.ndarray):
        ok = np.array_equal(np.asarray(actual), np.asarray(expected))
    else:
        ok = actual == expected
    if not ok:
        raise AssertionError(t("verify.equal_fail", name=name, actual=_fmt(actual) if not isinstance(actual, tuple) else actual, expected=expected))
    shown = actual if isinstance(actual, (tuple, list, str, int)) else _fmt(actual)
    print(t("verify.ok", name=name, detail=t("verify.equal_detail", actual=shown)))


def verify_true(name: str, condition) -> None:
    """Check a claim that is a plain condition, and say so."""
    if not bool(condition):
        raise AssertionError(t("verify.true_fail", name=name))
    print(t("verify.ok", name=name, detail=t("verify.true_detail")))


@contextlib.contextmanager
def expect_error(*types: type[BaseException], match: str | None = None):
    """Run old code that must fail today; show the error in one line, fail if it does not raise.

    Used by the Erratum / Changed-in-Keras-3 boxes: if a future Keras accepts the old code again,
    the lesson turns red instead of silently teaching something false.
    """
    types = types or (Exception,)
    names = " / ".join(tp.__name__ for tp in types)
    try:
        yield
    except types as exc:  # noqa: PERF203
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        if match is not None and match not in str(exc):
            raise
        print(t("verify.error_shown", etype=type(exc).__name__, message=message[:300]))
        return
    raise AssertionError(t("verify.no_error", expected=names))


@contextlib.contextmanager
def expect_warning(category: type[Warning] = Warning, match: str | None = None):
    """Run code that must warn; print the warnings it gave instead of letting them reach stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    hits = [w for w in caught if issubclass(w.category, category) and (match is None or match in str(w.message))]
    if not hits:
        raise AssertionError(t("verify.no_warning", expected=category.__name__))
    for w in hits:
        text = str(w.message).strip().splitlines()[0]
        print(t("verify.warning_shown", category=w.category.__name__, message=text[:300]))
