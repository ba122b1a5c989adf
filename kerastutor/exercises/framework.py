"""The machinery behind `check("q1")`: questions, their public checks, and the learner's feedback.

An exercise module (`kerastutor/exercises/exNN.py`) creates one `Exercise`, registers its own
messages and decorates one function per question:

    EX = Exercise("01", MESSAGES)

    @EX.question("q1")
    def q1(a):                                  # a: Answers, the notebook's namespace
        layer = a.value("first_layer")          # missing name -> "not answered yet"
        a.expect(isinstance(layer, keras.layers.Dense), "ex01.q1.not_dense", got=a.kind(layer))

A check either returns (public tests passed) or raises; `run()` turns whatever it raised into one
sentence in the learner's language. Nothing here ever shows the learner a traceback.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from ..errors import KerastutorError
from ..i18n import register, t
from ..textfmt import shorten
from . import feedback


class ExerciseFailed(KerastutorError):
    """A question's public tests failed; the message says why, in the learner's language.
    `reason` is the key of the message that explains it (e.g. "ex01.q1.units", "shapes.mismatch",
    "ex.not_answered"), for tests and the grader."""

    reason: str = ""


def _failed(reason: str, key: str, **values) -> ExerciseFailed:
    err = ExerciseFailed(key, **values)
    err.reason = reason
    return err


class NotAnswered(Exception):
    """The answer is missing or still the `raise NotImplementedError()` stub."""

    def __init__(self, name: str | None = None):
        super().__init__(name or "")
        self.name = name


class Wrong(Exception):
    """The answer is there but wrong: a message key (with values) and an optional hint key."""

    def __init__(self, key: str | None, hint: str | None = None, *, message: str | None = None, **values):
        super().__init__(key or message)
        self.key, self.hint, self.values, self.message = key, hint, values, message
        self.reason = key

    def text(self) -> str:
        what = self.message if self.key is None else t(self.key, **self.values)
        if self.hint:
            return what + t("ex.hint", hint=t(self.hint, **self.values))
        return what


class StudentRaised(Exception):
    """The learner's own function raised while the check called it."""

    def __init__(self, name: str, exc: BaseException):
        super().__init__(name)
        self.name, self.exc = name, exc


_one_line = feedback.one_line


class Answers:
    """The notebook's namespace as a check sees it, with helpers that fail in a readable way."""

    def __init__(self, namespace: dict, qid: str):
        self.ns, self.qid = namespace, qid

    # --- reading answers -------------------------------------------------------------------
    def value(self, name: str):
        """The value the learner bound to `name`; NotAnswered when there is none."""
        if name not in self.ns:
            raise NotAnswered(name)
        value = self.ns[name]
        if value is NotImplemented or value is Ellipsis:
            raise NotAnswered(name)
        return value

    def function(self, name: str) -> Callable:
        """The learner's function `name`, wrapped: calling it never lets their exception escape
        as a traceback (NotImplementedError means "not answered yet")."""
        fn = self.value(name)
        if not callable(fn):
            raise Wrong("ex.not_callable", name=name, got=self.kind(fn))

        def call(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except NotImplementedError:
                raise NotAnswered(name) from None
            except (KerastutorError, Wrong, NotAnswered):
                raise
            except Exception as exc:  # the learner's code failed: say so in one line
                raise StudentRaised(name, exc) from None

        return call

    # --- judging ---------------------------------------------------------------------------
    def expect(self, condition, key: str, hint: str | None = None, **values) -> None:
        """Fail with message `key` (and hint `hint`) unless `condition` holds."""
        if not condition:
            raise Wrong(key, hint, **values)

    def equal(self, what: str, actual, expected, hint: str | None = None) -> None:
        """`actual == expected`, else "what: got …, expected …"."""
        try:
            same = bool(actual == expected)
        except Exception:  # e.g. an array compared with a tuple
            same = False
        if not same:
            raise Wrong("ex.not_equal", hint, what=what, got=self.show(actual), expected=self.show(expected))

    def close(self, what: str, actual, expected: float, rtol: float = 1e-4, hint: str | None = None) -> None:
        """A number within rtol of `expected`, else "what: got …, expected about …"."""
        try:
            value = float(actual)
        except (TypeError, ValueError):
            raise Wrong("ex.not_number", hint, what=what, got=self.show(actual)) from None
        if not (math.isfinite(value) and math.isclose(value, expected, rel_tol=rtol, abs_tol=1e-12)):
            raise Wrong("ex.not_close", hint, what=what, got=f"{value:.6g}", expected=f"{expected:.6g}")

    def shape(self, x, expected, name: str | None = None, hint: str | None = None):
        """kerastutor's shape check (kerastutor.shapes.expect_shape), quietly; returns the shape.
        On a mismatch the learner sees the shape message (which axis, and why), then `hint`."""
        try:
            from ..shapes import expect_shape
        except ImportError:  # pragma: no cover - shapes ships with the package
            try:
                from ..shapes.expect import expect_shape
            except ImportError:
                expect_shape = None
        if expect_shape is None:  # pragma: no cover
            actual = tuple(getattr(x, "shape", ()))
            self.equal(name or "shape", actual, tuple(expected), hint=hint)
            return actual
        try:
            return expect_shape(x, expected, name=name, quiet=True)
        except KerastutorError as exc:
            wrong = Wrong(None, hint, message=str(exc))
            wrong.reason = exc.key
            raise wrong from None

    @staticmethod
    def text(key: str, **values) -> str:
        """A catalogue message in the learner's language (to fill into another message)."""
        return t(key, **values)

    @staticmethod
    def kind(value) -> str:
        """A short description of a value for messages: its type, e.g. `Dense` or `str`."""
        return type(value).__name__

    @staticmethod
    def show(value, limit: int = 80) -> str:
        return shorten(repr(value), limit)  # one line, even for an array


@dataclasses.dataclass
class Question:
    qid: str
    func: Callable[[Answers], None]


class Exercise:
    """The public checks of one exercise notebook, by question id."""

    def __init__(self, number: str, messages: dict[str, dict[str, str]] | None = None):
        self.number = number
        self.questions: dict[str, Question] = {}
        if messages:
            register(messages)

    def question(self, qid: str):
        def decorate(func):
            if qid in self.questions:
                raise ValueError(f"exercise {self.number}: question {qid!r} defined twice")
            self.questions[qid] = Question(qid, func)
            return func

        return decorate

    def run(self, qid: str, namespace: dict) -> str:
        """Run the public checks of `qid`; return the "passed" line or raise ExerciseFailed."""
        if qid not in self.questions:
            raise KerastutorError("ex.unknown_question", qid=repr(qid), number=self.number,
                                  known=", ".join(self.questions))
        answers = Answers(namespace, qid)
        try:
            self.questions[qid].func(answers)
        except (NotAnswered, NotImplementedError) as exc:
            why = feedback.failed_answer_cell(getattr(exc, "name", None))  # the answer's cell failed?
            raise (_failed(why[0], why[1], qid=qid, **why[2]) if why
                   else _failed("ex.not_answered", "ex.not_answered", qid=qid)) from None
        except Wrong as exc:
            raise _failed(exc.reason or "", "ex.wrong", qid=qid, detail=exc.text()) from None
        except StudentRaised as exc:
            why = feedback.explain_raised(exc.name, exc.exc)
            raise (_failed(why[0], why[1], qid=qid, **why[2]) if why
                   else _failed("ex.raised", "ex.raised", qid=qid, name=exc.name, etype=type(exc.exc).__name__,
                                message=_one_line(exc.exc))) from None
        except ExerciseFailed:
            raise
        except Exception as exc:  # the answer broke the check itself (a wrong type, say)
            why = feedback.explain_broken(exc)  # a model without keras.Input, a Keras 1 keyword
            if why:
                raise _failed(why[0], why[1], qid=qid, **why[2]) from None
            if isinstance(exc, KerastutorError):  # e.g. the shape check: its message already explains
                raise _failed(exc.key, "ex.wrong", qid=qid, detail=str(exc)) from None
            raise _failed("ex.broke_check", "ex.broke_check", qid=qid, etype=type(exc).__name__,
                          message=_one_line(exc)) from None
        return t("ex.passed", qid=qid)
