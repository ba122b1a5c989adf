"""The lesson's "verify" cells: compare, print what was compared, fail loudly when it is wrong."""
from __future__ import annotations

import contextlib
import re
import warnings

import numpy as np

from .i18n import t
from .textfmt import shorten


def _fmt(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0 and np.issubdtype(arr.dtype, np.floating):
        return f"{float(arr):.4g}"
    if arr.ndim == 0:
        return str(arr.item())
    return np.array2string(arr, precision=4, suppress_small=True, threshold=12)


def _pct(x: float) -> str:
    """0.0123 -> "1.23%"; tiny tolerances in scientific notation rather than "0.00%"."""
    return f"{x:.2%}" if x == 0 or x >= 1e-4 else f"{x:.0e}"


def verify_close(name: str, actual, expected, rtol: float = 1e-5, atol: float = 0.0) -> None:
    """Check |actual - expected| <= atol + rtol·|expected| element-wise, and say so."""
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        raise AssertionError(t("verify.equal_fail", name=name, actual=a.shape, expected=e.shape))
    ok = bool(np.all(np.abs(a - e) <= atol + rtol * np.abs(e)))
    if a.size == 1 and float(e.reshape(())) != 0.0:
        a0, e0 = float(a.reshape(())), float(e.reshape(()))
        values = dict(name=name, actual=_fmt(a0), expected=_fmt(e0), rel=_pct(abs(a0 - e0) / abs(e0)),
                      tol=_pct(rtol))
        detail_key, fail_key = "verify.close_detail", "verify.close_fail"
    else:  # arrays, or an expected 0: the largest absolute gap says more than a relative error
        values = dict(name=name, shape=a.shape, gap=f"{float(np.max(np.abs(a - e))):.3g}",
                      tol=f"{atol:g} + {rtol:g}·|x|")
        detail_key, fail_key = "verify.close_array_detail", "verify.close_array_fail"
    if not ok:
        raise AssertionError(t(fail_key, **values))
    print(t("verify.ok", name=name, detail=t(detail_key, **values)))


def verify_equal(name: str, actual, expected) -> None:
    """Check exact equality (shapes, counts, arrays), and say so."""
    if isinstance(actual, np.ndarray) or isinstance(expected, np.ndarray):
        a, e = np.asarray(actual), np.asarray(expected)
        if a.shape != e.shape or not np.array_equal(a, e):
            differ = int(np.sum(a != e)) if a.shape == e.shape else "shape"
            raise AssertionError(t("verify.array_equal_fail", name=name, shape=a.shape,
                                   expected_shape=e.shape, count=differ))
        print(t("verify.ok", name=name, detail=t("verify.array_equal_detail", shape=a.shape)))
        return
    if actual != expected:
        raise AssertionError(t("verify.equal_fail", name=name, actual=actual, expected=expected))
    print(t("verify.ok", name=name, detail=t("verify.equal_detail", actual=actual)))


def verify_true(name: str, condition) -> None:
    """Check a claim that is a plain condition, and say so."""
    if not bool(condition):
        raise AssertionError(t("verify.true_fail", name=name))
    print(t("verify.ok", name=name, detail=t("verify.true_detail")))


def keras_message(exc: BaseException, limit: int = 300) -> str:
    """The informative part of an error from Keras, on one line: without colour codes, without
    the "Arguments received by …" echo of the inputs that Keras appends, without memory addresses."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
    text = text.split("Arguments received by")[0]
    text = re.sub(r"<([\w.]+) object at 0x[0-9a-fA-F]+>", r"<\1>", text)  # addresses change run to run
    # Keras prints some choices as a Python set, whose order changes with hash randomisation.
    text = re.sub(r"\{('[^'{}]*'(?:, '[^'{}]*')+)\}",
                  lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", text)
    return shorten(text, limit)


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
        if match is not None and match not in str(exc):
            raise
        from .errors import KerastutorError

        if isinstance(exc, KerastutorError):  # written for the learner: show all of it, as is
            print(t("verify.learner_error_shown", message=str(exc).strip()))
        else:
            print(t("verify.error_shown", etype=type(exc).__name__, message=keras_message(exc)))
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
