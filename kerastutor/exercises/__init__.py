"""Instant feedback in exercise notebooks: `check("q1")`, `check_all()`.

The setup cell of an exercise notebook says which exercise it is:

    import kerastutor as kt
    kt.setup(lang=LANG, seed=SEED, fast=FAST)
    from kerastutor.exercises import check, check_all, start
    start("01")

and every test cell starts with `check("q1")`: it runs the public tests of q1 against the
notebook's variables and prints "public tests passed", or raises one clear sentence saying what is
wrong (never a traceback). The public tests of exercise NN live in `kerastutor/exercises/exNN.py`;
hidden tests live only in the teacher's copy (`solutions/`) and run at grading.
"""
from __future__ import annotations

import importlib
import re
import sys

from ..errors import KerastutorError
from ..i18n import t
from .framework import Answers, Exercise, ExerciseFailed, NotAnswered, StudentRaised, Wrong

__all__ = ["Answers", "Exercise", "ExerciseFailed", "NotAnswered", "StudentRaised", "Wrong",
           "check", "check_all", "current", "get", "start"]

_state: dict[str, Exercise | None] = {"current": None}
_NUMBER = re.compile(r"^\d{2}$")


def get(number) -> Exercise:
    """The Exercise of number "01", "02" … (its module kerastutor.exercises.exNN)."""
    number = f"{int(number):02d}" if isinstance(number, int) else str(number)
    if not _NUMBER.match(number):
        raise KerastutorError("ex.unknown_exercise", number=repr(number))
    try:
        module = importlib.import_module(f"{__name__}.ex{number}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.ex{number}":
            raise
        raise KerastutorError("ex.unknown_exercise", number=repr(number)) from None
    return module.EX


def start(number, quiet: bool = False) -> Exercise:
    """Say which exercise this notebook is; `check("q1")` then means q1 of that exercise."""
    exercise = get(number)
    _state["current"] = exercise
    if not quiet:
        print(t("ex.started", number=exercise.number, count=len(exercise.questions),
                first=next(iter(exercise.questions), "q1")))
    return exercise


def current() -> Exercise:
    if _state["current"] is None:
        raise KerastutorError("ex.not_started")
    return _state["current"]


def _caller_namespace(depth: int = 2) -> dict:
    # The notebook's variables are the globals of the cell that called check().
    return sys._getframe(depth).f_globals


def check(qid: str, namespace: dict | None = None) -> None:
    """Run the public tests of question `qid` on this notebook's answers, and say how it went."""
    namespace = _caller_namespace() if namespace is None else namespace
    print(current().run(qid, namespace))


def check_all(namespace: dict | None = None) -> None:
    """Run every question's public tests; one line each, then a summary. Never raises for a
    failed question (use check() in the test cells for that)."""
    namespace = _caller_namespace() if namespace is None else namespace
    exercise = current()
    results = {}
    for qid in exercise.questions:
        try:
            print(exercise.run(qid, namespace))
            results[qid] = True
        except ExerciseFailed as exc:
            print(f"✗ {exc}")
            results[qid] = False
    print(t("ex.summary", passed=sum(results.values()), total=len(results)))
