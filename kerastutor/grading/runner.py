"""Grade one submission in one fresh, isolated kernel.

Order of events in the kernel (each step is one execute request; its result is the kernel's own
execute_reply, never anything the student's code printed):

1. preamble: language and seeds (`kt.setup`), as the notebook's own setup cell would;
2. the student's code cells, in their order, test cells left out (a failing cell does not stop
   the others; a cell over the per-cell timeout is interrupted);
3. reset: kerastutor is imported afresh from the read-only package (whatever the student patched
   in it is gone), sys.path loses anything the student added, and `kt`, `check`, `np`, `keras`,
   `math` are bound again. Only now, after all student code, do hidden tests reach the kernel;
4. the teacher's test cells (public check + hidden tests) in the student's language, and among
   them, at a random place, a canary: a copy of a test cell with a failing line slipped in. If the
   kernel reports it as passed, its replies are forged (the student patched the kernel) and the
   submission scores 0 as "tampered".

If the kernel dies (os._exit, a crash, a kill) or will not interrupt, the cell responsible is
skipped and the notebook is replayed in a new kernel (at most `max_kernels` kernels). A test that
kills the kernel scores 0 and the remaining tests go on in the next kernel. The per-submission
timeout bounds everything; questions not reached by then score 0.
"""
from __future__ import annotations

import dataclasses
import secrets

from .kernel_pool import KernelPool, LaunchError, Reply
from .submission import Assignment, BadSubmission, Submission

# Order matters: the first incident kind present gives the row's status.
STATUS_ORDER = ("tampered", "timeout", "kernel_died", "memory", "cell_hung", "cell_timeout", "sys_exit")
# Status of a row: the first of STATUS_ORDER among its incidents, else "ok"; cell_hung shows as
# cell_timeout (a timed-out cell that had to be killed rather than interrupted).
STATUS_OF = {"cell_hung": "cell_timeout"}


@dataclasses.dataclass
class Options:
    cell_timeout: float = 30.0
    submission_timeout: float = 300.0
    max_kernels: int = 3
    kernel_wait: float = 600.0  # how long to wait for a warm kernel (not counted against the submission)
    default_lang: str = "en"
    seed: int = 42


@dataclasses.dataclass
class Incident:
    kind: str  # cell_error, cell_timeout, cell_hung, kernel_died, memory, sys_exit, timeout, tampered
    cell: int | None = None  # the student's cell number
    detail: str = ""


@dataclasses.dataclass
class QuestionResult:
    qid: str
    points: float
    max_points: float
    outcome: str  # passed, public_failed, hidden_failed, error, timeout, died, not_run
    detail: str = ""  # ename: evalue from the kernel, for the feedback


@dataclasses.dataclass
class Result:
    submission: str
    lang: str | None
    status: str
    questions: list[QuestionResult]
    incidents: list[Incident]
    detail: str = ""  # for unreadable files and grader errors

    @property
    def total(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def max_points(self) -> float:
        return sum(q.max_points for q in self.questions)


@dataclasses.dataclass
class Step:
    kind: str  # preamble, student, reset, canary, test
    code: str
    timeout: float
    cell: int | None = None
    qid: str | None = None
    store_history: bool = False


def preamble(lang: str, seed: int) -> str:
    return f"import kerastutor as kt\nkt.setup(lang={lang!r}, seed={seed}, fast=True, banner=False)\n"


SAFE_FINDERS = ("_frozen_importlib", "_distutils_hack", "__editable__", "six", "absl", "importlib",
                "tensorflow", "keras", "setuptools", "pkg_resources")


def reset_code(number: str, lang: str, sys_path: list[str]) -> str:
    """sys.path goes back to what it was before the student's code (nothing from the scratch
    folder can shadow kerastutor), import hooks the student added go, kerastutor is imported afresh."""
    return f"""\
import sys as _kt_sys, importlib as _kt_importlib, gc as _kt_gc, warnings as _kt_warnings
_kt_sys.settrace(None)
_kt_sys.setprofile(None)
_kt_sys.setrecursionlimit(3000)
_kt_sys.last_type = _kt_sys.last_value = _kt_sys.last_traceback = None
_kt_sys.path[:] = {sys_path!r}
_kt_sys.meta_path[:] = [_f for _f in _kt_sys.meta_path if str(getattr(_f, "__module__", "")).startswith({SAFE_FINDERS!r})]
_kt_sys.path_importer_cache.clear()
_kt_importlib.invalidate_caches()
for _kt_m in [_m for _m in list(_kt_sys.modules) if _m == "kerastutor" or _m.startswith("kerastutor.")]:
    del _kt_sys.modules[_kt_m]
_kt_warnings.resetwarnings()
_kt_gc.collect()
import kerastutor as kt
kt.set_language({lang!r})
import kerastutor.exercises as _kt_exercises
_kt_exercises.start({number!r}, quiet=True)
check, check_all = _kt_exercises.check, _kt_exercises.check_all
import math
import numpy as np
import keras
np.seterr(divide="warn", over="warn", under="ignore", invalid="warn")
keras.config.set_floatx("float32")
keras.config.set_epsilon(1e-7)
"""


def build_steps(submission: Submission, assignment: Assignment, lang: str, options: Options,
                nonce: str, sys_path: list[str]) -> list[Step]:
    steps = [Step("preamble", preamble(lang, options.seed), 120.0)]
    steps += [Step("student", c.source, options.cell_timeout, cell=c.number, store_history=True)
              for c in submission.cells if c.source.strip()]
    steps.append(Step("reset", reset_code(assignment.number, lang, sys_path), 120.0))
    tests = [Step("test", t.source, options.cell_timeout, qid=t.qid) for t in assignment.tests[lang]]
    # The canary looks like a test cell (a real one, with a failing line slipped into it) and sits
    # at a random place among them, so a kernel that forges replies cannot tell it apart.
    model = secrets.choice(tests).code.splitlines()
    a, b = secrets.randbelow(1 << 30), (1 << 30) + secrets.randbelow(1 << 30)
    canary = "\n".join(model[:1] + [f"assert {a} == {b}, {nonce!r}"] + model[1:])
    tests.insert(secrets.randbelow(len(tests) + 1), Step("canary", canary, options.cell_timeout))
    return steps + tests


class SubmissionTimeout(Exception):
    pass


def _question(test, reply: Reply | None, cell_timeout: float) -> QuestionResult:
    q = QuestionResult(test.qid, 0.0, test.points, "not_run")
    if reply is None:
        return q
    if reply.status == "ok":
        q.points, q.outcome = test.points, "passed"
    elif reply.status == "error":
        if reply.ename == "ExerciseFailed":
            q.outcome, q.detail = "public_failed", reply.evalue
        elif reply.ename == "AssertionError":
            q.outcome, q.detail = "hidden_failed", reply.evalue
        else:
            q.outcome, q.detail = "error", f"{reply.ename}: {reply.evalue}"
    elif reply.status in ("timeout", "hung"):
        q.outcome, q.detail = "timeout", f"{cell_timeout:g}"
    else:
        q.outcome, q.detail = "died", reply.evalue
    return q


def grade(submission: Submission, assignment: Assignment, pool: KernelPool, options: Options) -> Result:
    """Run one parsed submission; never raises for anything the submission does (only for the
    grader's own failures, e.g. no kernel could be started)."""
    lang = submission.lang or options.default_lang
    nonce = secrets.token_hex(8)
    steps: list[Step] = []
    clock = _Clock(options.submission_timeout)  # counts kernel time only, not waiting for kernels
    incidents: dict[tuple, Incident] = {}
    skip: set[int] = set()  # student cells that killed the kernel
    tests: dict[str, Reply] = {}  # qid -> the kernel's reply to the teacher's test cell
    tampered = False
    finished = False
    kernels_used = 0

    def note(kind, cell=None, detail=""):
        incidents.setdefault((kind, cell), Incident(kind, cell, detail))

    try:
        while not finished and kernels_used < options.max_kernels:
            kernels_used += 1
            if kernels_used > 1:
                pool.extend(1)  # a replay needs a kernel beyond the batch's budget
            kernel = pool.take(timeout=options.kernel_wait)
            if not steps:
                steps = build_steps(submission, assignment, lang, options, nonce, kernel.startup_path)
            try:
                finished = _run_steps(kernel, steps, skip, tests, clock, note)
            except _Tampered:
                tampered, finished = True, True
            finally:
                kernel.kill()
    except SubmissionTimeout:
        note("timeout", None, f"{options.submission_timeout:g}")
    if tampered:
        note("tampered")
        tests = {}

    questions = [_question(test, tests.get(test.qid), options.cell_timeout) for test in assignment.tests[lang]]
    found = {i.kind for i in incidents.values()}
    status = next((STATUS_OF.get(s, s) for s in STATUS_ORDER if s in found), "ok")
    ordered = sorted(incidents.values(), key=lambda i: (STATUS_ORDER.index(i.kind) if i.kind in STATUS_ORDER
                                                        else len(STATUS_ORDER), i.cell or 0))
    return Result(submission.name, submission.lang, status, questions, ordered)


class _Tampered(Exception):
    pass


class _Clock:
    """The submission's time budget, spent only while its code runs in a kernel."""

    def __init__(self, budget: float):
        self.left = budget

    def spend(self, seconds: float) -> None:
        self.left -= seconds


def _run_steps(kernel, steps: list[Step], skip: set[int], tests: dict[str, Reply], clock: _Clock, note) -> bool:
    """Run the steps not done yet in one kernel. True when all ran; False when the kernel was lost
    and the rest must run again in a new kernel."""
    for index, step in enumerate(steps):
        if index in skip or (step.kind == "test" and step.qid in tests):
            continue
        if clock.left <= 0:
            raise SubmissionTimeout
        budget_hit = clock.left < step.timeout
        reply = kernel.execute(step.code, min(step.timeout, clock.left), step.store_history)
        clock.spend(reply.seconds)
        if reply.status in ("timeout", "hung") and budget_hit:
            raise SubmissionTimeout
        lost = reply.status in ("died", "hung")
        if step.kind == "preamble" and reply.status != "ok":  # before any student code: our fault
            raise RuntimeError(f"preamble failed: {reply.status} {reply.ename}: {reply.evalue}")
        if step.kind == "student":
            if lost:
                if reply.status == "hung":
                    note("cell_hung", step.cell)
                else:
                    note("kernel_died", step.cell, reply.evalue)
                skip.add(index)  # replay without it
                return False
            if reply.status == "timeout":
                note("cell_timeout", step.cell)
            elif reply.status == "error":
                kind = {"MemoryError": "memory", "SystemExit": "sys_exit"}.get(reply.ename, "cell_error")
                note(kind, step.cell, reply.ename)
        elif step.kind == "reset" and reply.status != "ok":
            # our own code failed after the student's had run: the student's code broke the kernel
            note("tampered", None, f"reset: {reply.status} {reply.ename}")
            raise _Tampered
        elif step.kind == "canary":
            if reply.status == "ok":
                raise _Tampered  # a cell that must fail "passed": the replies are forged
            if lost:
                note("kernel_died", None, reply.evalue if reply.status == "died" else "hung")
                return False
        elif step.kind == "test":
            tests[step.qid] = reply
            if lost:
                note("kernel_died", None, reply.evalue if reply.status == "died" else "hung")
                return False  # the remaining tests go on in a new kernel
    return True


def unreadable(name: str, assignment: Assignment, error: BadSubmission) -> Result:
    qs = [QuestionResult(q, 0.0, p, "not_run") for q, p in assignment.points.items()]
    return Result(name, None, error.status, qs, [], detail=error.detail)


def grader_error(name: str, assignment: Assignment, error: Exception, lang: str | None = None) -> Result:
    qs = [QuestionResult(q, 0.0, p, "not_run") for q, p in assignment.points.items()]
    return Result(name, lang, "error", qs, [], detail=f"{type(error).__name__}: {error}"[:300])


__all__ = ["Assignment", "BadSubmission", "Incident", "LaunchError", "Options", "QuestionResult", "Result",
           "grade", "grader_error", "unreadable"]
