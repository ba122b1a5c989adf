"""Reasons a check can give beyond "wrong value": the answer cell itself failed, a Keras 1
keyword, a model that has no input. Each returns (reason, message key, values) or None."""
from __future__ import annotations

import linecache
import re
import sys
import traceback

from ..errors import KerastutorError, keras1_keywords
from ..textfmt import shorten

_NO_INPUT = re.compile(r"has no defined (?:inputs|outputs)|has never been called and thus has no defined|"
                       r"isn't built|is not built yet|model_not_built")


def one_line(exc: BaseException, limit: int = 200) -> str:
    return shorten(re.sub(r"\x1b\[[0-9;]*m", "", str(exc)), limit)


def _defines(source: str, name: str) -> bool:
    """Whether a cell's source binds `name` (an assignment, a def or a class)."""
    pattern = rf"(?m)^\s*(?:def\s+{re.escape(name)}\b|class\s+{re.escape(name)}\b|(?:[\w\s,]*,\s*)?{re.escape(name)}\s*(?:,[\w\s,]*)?(?::[^=\n]*)?=(?!=))"
    return re.search(pattern, source) is not None


def _cell_sources(exc: BaseException) -> list[str]:
    """The source of every notebook cell the exception passed through (IPython keeps each cell's
    code in linecache under the cell's file name)."""
    names = []
    if isinstance(exc, SyntaxError) and exc.filename:
        names.append(exc.filename)
    names += [frame.filename for frame in traceback.extract_tb(exc.__traceback__)]
    return ["".join(linecache.getlines(name)) for name in dict.fromkeys(names)]


def last_error() -> BaseException | None:
    """The exception of the last cell that failed in this IPython session (IPython records it in
    sys.last_exc / sys.last_value)."""
    return getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)


def failed_answer_cell(name: str | None, exc: BaseException | None = None):
    """When `name` is missing because the cell that defines it failed: why, as a reason."""
    exc = last_error() if exc is None else exc
    if not name or exc is None or isinstance(exc, NotImplementedError):
        return None
    if not any(_defines(source, name) for source in _cell_sources(exc)):
        return None
    translated = keras1_keywords(exc)
    message = str(translated) if translated is not None else one_line(exc)
    if isinstance(exc, SyntaxError) and exc.lineno:
        message = f"{exc.msg} (line {exc.lineno}: {(exc.text or '').strip()})"
    return "ex.answer_cell_failed", "ex.answer_cell_failed", dict(name=name, etype=public_name(exc), message=message)


def explain_raised(name: str, exc: BaseException):
    """The learner's function raised: a Keras 1 keyword is named with today's name."""
    translated = keras1_keywords(exc)
    if translated is None:
        return None
    return "errors.keras1_keyword", "ex.raised_explained", dict(name=name, detail=str(translated))


def explain_broken(exc: BaseException):
    """The answer broke a check: a model with no input says so; a Keras 1 keyword is named."""
    if isinstance(exc, KerastutorError) and exc.key == "shapes.model_not_built" or _NO_INPUT.search(str(exc)):
        return "ex.no_input", "ex.no_input", {}
    translated = keras1_keywords(exc)
    if translated is not None:
        return "errors.keras1_keyword", "ex.wrong", dict(detail=str(translated))
    return None


def public_name(exc: BaseException) -> str:
    """The exception's type as Python documents it: Python 3.13 raises a private subclass of
    SyntaxError (`_IncompleteInputError`) for code cut short; the learner should read SyntaxError."""
    for cls in type(exc).__mro__:
        if not cls.__name__.startswith("_"):
            return cls.__name__
    return type(exc).__name__

