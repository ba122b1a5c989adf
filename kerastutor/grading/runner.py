"""Grade one submission with two kernels: the student's, and the teacher's, in which no student code runs.

1. The student's kernel (S): the preamble (language, seeds), then the student's code cells in
   their order, test cells left out (a failing cell does not stop the others; a cell over the
   per-cell timeout is interrupted; a cell that kills the kernel is skipped and the notebook is
   replayed in a new kernel, at most `max_kernels` kernels). Then a canary (a cell that must fail)
   and a fingerprint of the functions a verdict could be forged with, compared with the one taken
   before the student's first cell: either one off means the notebook tampered with its kernel.
2. The teacher's kernel (T) never runs student code. It runs the teacher copy's setup cells, binds
   the student's names (kerastutor.grading.proxy: plain values as themselves, other objects as
   handles into S) and then the test cells (public check and hidden tests), unchanged. Every use of
   a student value is a request that the grader relays to S (kerastutor.grading.serve); the answer
   is plain data of exact types (kerastutor.grading.wire). So the expected values never enter S,
   and every comparison is made in T by libraries the student's code never touched: patching
   numpy, math, builtins, keras or kerastutor in S, or returning an object that lies about
   equality, earns nothing. A value that lies is reported ("tampered"), and so is a changed
   fingerprint or a forged canary; the honest answers of the same notebook still score.
   As T runs only the teacher's code, it is handed back to the pool after the submission and set
   up again for the next one (proxy.empty: its namespace as new, Keras' names from the start; the
   setup cells seed again), unless any of its cells timed out or was cut short, or its slot hit a
   limit: then it is killed. The student's kernel is never reused.

A student cell that makes its slot hit a whole-submission limit (kerastutor.grading.cgroups: too
many processes, or the OOM killer at the slot's memory limit — read from the cgroup's counters) is
treated like a cell that killed its kernel: noted as `process_limit` / `memory_limit`, every
process of the slot killed, the cell skipped and the notebook replayed in a new kernel, so what the
other cells earn still scores. A limit hit while a test calls a student function is noted the same
way (with no cell); that question scores 0, and the rest are graded on the notebook replayed.

If S dies during a test, that question scores 0 and S is rebuilt (the notebook replayed) for the
rest. The per-submission timeout bounds everything; questions not reached by then score 0.
"""
from __future__ import annotations

import ast
import dataclasses
import json
import secrets

from .kernel_client import LaunchError, Reply
from .pool import KernelPool
from .proxy import PROMPT
from .submission import Assignment, BadSubmission, Submission

# Order matters: the first incident kind present gives the row's status.
STATUS_ORDER = ("tampered", "timeout", "process_limit", "memory_limit", "kernel_died", "memory", "cell_hung",
                "cell_timeout", "sys_exit")
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
    kind: str  # cell_error, cell_timeout, cell_hung, kernel_died, memory, sys_exit, timeout, tampered,
    # process_limit, memory_limit (detail: the limit)
    cell: int | None = None  # the student's cell number
    detail: str = ""
    place: str = ""  # the cell as feedback names it (StudentCell.place)


@dataclasses.dataclass
class QuestionResult:
    qid: str
    points: float
    max_points: float
    outcome: str  # passed, public_failed, hidden_failed, error, forged, timeout, died, not_run
    detail: str = ""  # the check's or the assertion's message; for errors the exception's name only


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
    kind: str  # preamble, student, canary, fingerprint, reset
    code: str
    timeout: float
    cell: int | None = None
    store_history: bool = False


FINGERPRINT = {"fp": "__import__('kerastutor.grading.serve', fromlist=['fingerprint']).fingerprint()"}
SERVE = "import kerastutor.grading.serve as _kt_serve\n_kt_reply = _kt_serve.handle({request!r})\n"


def preamble(lang: str, seed: int) -> str:
    return (f"import kerastutor as kt\nkt.setup(lang={lang!r}, seed={seed}, fast=True, banner=False)\n"
            "__import__('kerastutor.grading.serve', fromlist=['snapshot']).snapshot()\n")


SAFE_FINDERS = ("_frozen_importlib", "_distutils_hack", "__editable__", "six", "absl", "importlib",
                "tensorflow", "keras", "setuptools", "pkg_resources")


def reset_code(sys_path: list[str]) -> str:
    """After the student's cells: sys.path back to what it was (nothing from the scratch folder can
    shadow kerastutor), import hooks the student added gone, kerastutor imported afresh, so the
    requests are served by the real kerastutor.grading.serve (not relied on: see the module doc)."""
    return f"""\
import sys as _kt_sys
for _kt_name, _kt_values in getattr(_kt_sys, "_kt_snapshot", {{}}).items():
    vars(_kt_sys.modules[_kt_name]).update(_kt_values)
import importlib as _kt_importlib
_kt_sys.settrace(None)
_kt_sys.setprofile(None)
_kt_sys.setrecursionlimit(3000)
_kt_sys.path[:] = {sys_path!r}
_kt_sys.meta_path[:] = [_f for _f in _kt_sys.meta_path if str(getattr(_f, "__module__", "")).startswith({SAFE_FINDERS!r})]
_kt_sys.path_importer_cache.clear()
_kt_importlib.invalidate_caches()
for _kt_m in [_m for _m in list(_kt_sys.modules) if _m == "kerastutor" or _m.startswith("kerastutor.")]:
    del _kt_sys.modules[_kt_m]
import kerastutor.grading.serve
"""


def teacher_setup(assignment: Assignment, lang: str, seed: int) -> str:
    """What the teacher's kernel runs before binding the student's names: its namespace emptied of
    an earlier submission's (proxy.empty), then the teacher copy's own setup cells (imports,
    kt.setup, start("NN")) with this submission's language."""
    return "\n".join(["import kerastutor.grading.proxy as _kt_proxy", "_kt_proxy.empty(globals())",
                      f"SEED, FAST, LANG = {seed}, True, {lang!r}", *assignment.setup[lang],
                      "_kt_proxy.bind(globals())", ""])


def student_steps(submission: Submission, assignment: Assignment, lang: str, options: Options, nonce: str,
                  sys_path: list[str]) -> list[Step]:
    steps = [Step("preamble", preamble(lang, options.seed), 120.0)]
    steps += [Step("student", c.source, options.cell_timeout, cell=c.number, store_history=True)
              for c in submission.cells if c.source.strip()]
    # The canary looks like a test cell (its first line, then a line that must fail): a kernel
    # whose replies are forged reports it as passed.
    first = secrets.choice(assignment.tests[lang]).source.splitlines()[:1]
    a, b = secrets.randbelow(1 << 30), (1 << 30) + secrets.randbelow(1 << 30)
    steps.append(Step("canary", "\n".join(first + [f"assert {a} == {b}, {nonce!r}"]), options.cell_timeout))
    steps.append(Step("fingerprint", "pass", 30.0))  # user_expressions run only after a cell that succeeded
    steps.append(Step("reset", reset_code(sys_path), 120.0))
    return steps


class SubmissionTimeout(Exception):
    pass


class _Clock:
    """The submission's time budget, spent only while its code runs in a kernel."""

    def __init__(self, budget: float):
        self.left = budget

    def spend(self, seconds: float) -> None:
        self.left -= seconds


def _literal(reply: Reply, key: str):
    """A user_expression's value (a Python literal: str or dict), or None."""
    value = reply.expressions.get(key, {})
    if value.get("status") != "ok":
        return None
    try:
        return ast.literal_eval(value.get("data", {}).get("text/plain", ""))
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return None


class _Grading:
    def __init__(self, submission: Submission, assignment: Assignment, pool: KernelPool, options: Options):
        self.submission, self.assignment, self.pool, self.options = submission, assignment, pool, options
        self.lang = submission.lang or options.default_lang
        self.nonce = secrets.token_hex(8)
        self.clock = _Clock(options.submission_timeout)
        self.incidents: dict[tuple, Incident] = {}
        self.skip: set[int] = set()  # student steps that killed the kernel
        self.steps: list[Step] = []
        self.kernels: list = []  # every kernel taken (killed at the end), but the teacher's in use
        self.taken = 0  # kernels this submission took from the pool
        self.student = None  # S, ready to serve, or None
        self.teacher = None  # T, set up and bound, or None
        self.teacher_clean = True  # every code T ran finished (ok or an exception): T may be kept
        self.bound_to = None  # the student kernel whose names T holds
        self.student_kernels = 0
        self.fingerprint: dict | None = None
        self.event: str | None = None  # what happened to S during the current test: timeout, died
        self.relay_seconds = 0.0
        self.places = {c.number: c.place for c in submission.cells}

    def note(self, kind, cell=None, detail=""):
        place = self.places.get(cell, "") if cell is not None else ""
        self.incidents.setdefault((kind, cell), Incident(kind, cell, detail, place))

    def _take(self):
        if self.taken >= 2:
            self.pool.extend(1)  # a replay needs a kernel beyond the batch's budget
        self.taken += 1
        kernel = self.pool.take(timeout=self.options.kernel_wait)
        self.kernels.append(kernel)
        return kernel

    def _execute(self, kernel, code, timeout, **kw) -> Reply:
        if self.clock.left <= 0:
            raise SubmissionTimeout
        budget_hit = self.clock.left < timeout
        reply = kernel.execute(code, min(timeout, self.clock.left), **kw)
        self.clock.spend(reply.seconds)
        if reply.status in ("timeout", "hung") and budget_hit:
            raise SubmissionTimeout
        return reply

    # --- the student's kernel -------------------------------------------------------------
    def ensure_student(self) -> bool:
        """A student kernel that has run the notebook and can serve requests; False when the
        kernel budget is spent."""
        while self.student is None or not self.student.alive():
            if self.student is not None:
                self.student.kill()
                self.student = None
            if self.student_kernels >= self.options.max_kernels:
                return False
            self.student_kernels += 1
            kernel = self._take()
            if not self.steps:
                self.steps = student_steps(self.submission, self.assignment, self.lang, self.options, self.nonce,
                                           kernel.startup_path)
            if self._run_student(kernel):
                self.student = kernel
            else:
                kernel.kill()
        return True

    def _run_student(self, kernel) -> bool:
        """The notebook in `kernel`; False when the kernel was lost (the culprit cell is skipped next time)."""
        for index, step in enumerate(self.steps):
            if index in self.skip:
                continue
            extra = {"user_expressions": FINGERPRINT} if step.kind in ("preamble", "fingerprint") else {}
            reply = self._execute(kernel, step.code, step.timeout, store_history=step.store_history, **extra)
            lost = reply.status in ("died", "hung")
            if step.kind == "preamble":
                if reply.status != "ok":  # before any student code: our fault
                    raise RuntimeError(f"preamble failed: {reply.status} {reply.ename}: {reply.evalue}")
                self.fingerprint = _literal(reply, "fp")  # this kernel's (ids differ between kernels)
            elif step.kind == "student":
                hits = kernel.limit_hits()
                if hits:  # the slot's cgroup counted it: the whole slot goes, the cell is skipped
                    for kind in sorted(hits):
                        self.note(kind, step.cell, self._limit(kind))
                    self.skip.add(index)
                    return False
                if lost:
                    self.note("cell_hung" if reply.status == "hung" else "kernel_died", step.cell, reply.evalue)
                    self.skip.add(index)
                    return False
                if reply.status == "timeout":
                    self.note("cell_timeout", step.cell)
                elif reply.status == "error":
                    kind = {"MemoryError": "memory", "SystemExit": "sys_exit"}.get(reply.ename, "cell_error")
                    self.note(kind, step.cell, reply.ename)
            elif step.kind == "canary":
                if lost:
                    return False
                if reply.status == "ok":
                    self.note("tampered", None, "canary")
            elif step.kind == "fingerprint":
                if lost:
                    return False
                self._compare_fingerprint(_literal(reply, "fp"))
            elif step.kind == "reset":
                if lost:
                    return False
                if reply.status != "ok":
                    self.note("tampered", None, f"reset: {reply.ename}")
        return True

    def _limit(self, kind: str) -> str:
        limits = getattr(getattr(self.pool, "sandbox", None), "limits", None)
        if limits is None:
            return ""
        return str(limits.max_procs if kind == "process_limit" else limits.memory_mb)

    def _compare_fingerprint(self, after) -> None:
        before = self.fingerprint
        if not isinstance(before, dict):
            return
        if not isinstance(after, dict):
            self.note("tampered", None, "fingerprint")
            return
        changed = sorted(name for name, value in before.items() if after.get(name) != value)
        if changed:
            self.note("tampered", None, ", ".join(changed)[:300])

    def relay(self, prompt: str, seconds_left: float) -> str:
        """One request from the teacher's kernel, answered by the student's kernel."""
        if not prompt.startswith(PROMPT):
            return json.dumps({"raised": ["GradingError", "unexpected input()", False]})
        kernel = self.student
        if kernel is None or not kernel.alive():
            self.event = self.event or "died"
            return json.dumps({"lost": "died"})
        code = SERVE.format(request=prompt[len(PROMPT):])
        timeout = max(0.1, min(seconds_left, self.clock.left))
        reply = kernel.execute(code, timeout, store_history=False, user_expressions={"r": "_kt_reply"}, silent=True)
        self.clock.spend(reply.seconds)
        self.relay_seconds += reply.seconds
        hits = kernel.limit_hits()
        if hits:  # a student function the test called hit a limit of the slot: the slot goes
            for kind in sorted(hits):
                self.note(kind, None, self._limit(kind))
            self.event = "died"
            kernel.kill()
            return json.dumps({"lost": "died"})
        if reply.status in ("timeout", "hung"):
            self.event = "timeout"
            if reply.status == "hung":
                kernel.kill()
            return json.dumps({"lost": "timeout"})
        if reply.status == "died":
            self.event = "died"
            self.note("kernel_died", None, reply.evalue)
            return json.dumps({"lost": "died"})
        text = _literal(reply, "r")
        try:
            envelope = json.loads(text) if type(text) is str else None
        except (ValueError, RecursionError):
            envelope = None
        if type(envelope) is not dict or not ({"ok", "raised", "forged"} & set(envelope)):
            self.note("tampered", None, "reply")
            return json.dumps({"raised": ["GradingError", "", False]})
        for key in ("forged", "lying"):
            if key in envelope:
                self.note("tampered", None, f"forged value: {envelope[key]}"[:300])
        return text

    # --- the teacher's kernel -------------------------------------------------------------
    def ensure_teacher(self) -> bool:
        """A teacher's kernel set up for this submission and bound to the student's kernel: the one
        an earlier submission handed back (kept()), its namespace emptied, or a fresh one."""
        if self.teacher is not None and self.teacher.alive():
            return True
        if self.teacher is not None:
            self.teacher.kill()
            self.teacher = None
        kernel = self.pool.take_kept()
        if kernel is None:
            kernel = self._take()
            self.kernels.remove(kernel)
        self.teacher, self.teacher_clean = kernel, True
        self.event = None
        reply = self._teacher_execute(teacher_setup(self.assignment, self.lang, self.options.seed), 120.0)
        if reply.status != "ok":
            self.teacher = None
            kernel.kill()
            if self.event is None:  # the student's kernel was fine: the teacher's setup failed
                raise RuntimeError(f"teacher setup failed: {reply.status} {reply.ename}: {reply.evalue}")
            return False
        self.bound_to = self.student
        return True

    def _teacher_execute(self, code: str, timeout: float) -> Reply:
        reply = self._execute(self.teacher, code, timeout, store_history=False, on_input=self.relay)
        if reply.status not in ("ok", "error"):
            self.teacher_clean = False
        return reply

    def hand_back_teacher(self) -> None:
        """The teacher's kernel ran no student code: unless something went wrong in it (a timeout,
        an interrupt, a limit of its slot), the next submission uses it again (teacher_setup
        starts by emptying its namespace)."""
        kernel, self.teacher = self.teacher, None
        if kernel is None:
            return
        if self.teacher_clean and kernel.alive() and not kernel.limit_hits():
            self.pool.keep(kernel)
        else:
            kernel.kill()

    def rebind(self) -> bool:
        """The student's kernel was replaced: the teacher's kernel takes its names again."""
        self.event = None
        reply = self._teacher_execute("_kt_proxy.bind(globals())", 60.0)
        self.bound_to = self.student
        return reply.status == "ok"

    def run_test(self, test) -> QuestionResult:
        q = QuestionResult(test.qid, 0.0, test.points, "not_run")
        self.event, self.relay_seconds = None, 0.0
        reply = self.teacher.execute(test.source, min(self.options.cell_timeout, self.clock.left), store_history=False,
                                     on_input=self.relay)
        self.clock.spend(max(0.0, reply.seconds - self.relay_seconds))
        if reply.status not in ("ok", "error") or self.event is not None:
            self.teacher_clean = False
        if self.event == "timeout" or reply.status in ("timeout", "hung"):
            q.outcome, q.detail = "timeout", f"{self.options.cell_timeout:g}"
            if reply.status == "hung":
                self.teacher.kill()
        elif self.event == "died" or reply.status == "died":
            q.outcome = "died"
            if reply.status == "died":
                self.teacher.kill()
        elif reply.status == "ok":
            q.points, q.outcome = test.points, "passed"
        elif reply.ename == "ForgedValue":
            q.outcome = "forged"
        elif reply.ename == "ExerciseFailed":
            q.outcome, q.detail = "public_failed", reply.evalue
        elif reply.ename == "AssertionError":
            q.outcome, q.detail = "hidden_failed", reply.evalue
        else:  # the name only: a message could repeat a hidden test's inputs
            q.outcome, q.detail = "error", reply.ename
        return q

    def run(self) -> Result:
        results: dict[str, QuestionResult] = {}
        try:
            try:
                for test in self.assignment.tests[self.lang]:
                    if self.clock.left <= 0:
                        raise SubmissionTimeout
                    if not self.ensure_student():
                        break
                    if not self.ensure_teacher():
                        continue
                    if self.bound_to is not self.student and not self.rebind():
                        continue
                    results[test.qid] = self.run_test(test)
            except SubmissionTimeout:
                self.note("timeout", None, f"{self.options.submission_timeout:g}")
        finally:
            for kernel in self.kernels:
                kernel.kill()
            self.hand_back_teacher()
        questions = [results.get(t.qid) or QuestionResult(t.qid, 0.0, t.points, "not_run")
                     for t in self.assignment.tests[self.lang]]
        found = {i.kind for i in self.incidents.values()}
        status = next((STATUS_OF.get(s, s) for s in STATUS_ORDER if s in found), "ok")
        ordered = sorted(self.incidents.values(), key=lambda i: (STATUS_ORDER.index(i.kind) if i.kind in STATUS_ORDER
                                                                 else len(STATUS_ORDER), i.cell or 0))
        return Result(self.submission.name, self.submission.lang, status, questions, ordered)


def grade(submission: Submission, assignment: Assignment, pool: KernelPool, options: Options) -> Result:
    """Run one parsed submission; never raises for anything the submission does (only for the
    grader's own failures, e.g. no kernel could be started)."""
    return _Grading(submission, assignment, pool, options).run()


def unreadable(name: str, assignment: Assignment, error: BadSubmission) -> Result:
    qs = [QuestionResult(q, 0.0, p, "not_run") for q, p in assignment.points.items()]
    return Result(name, None, error.status, qs, [], detail=error.detail)


def grader_error(name: str, assignment: Assignment, error: Exception, lang: str | None = None) -> Result:
    qs = [QuestionResult(q, 0.0, p, "not_run") for q, p in assignment.points.items()]
    return Result(name, lang, "error", qs, [], detail=f"{type(error).__name__}: {error}"[:300])


__all__ = ["Assignment", "BadSubmission", "Incident", "LaunchError", "Options", "QuestionResult", "Result",
           "grade", "grader_error", "unreadable"]
