"""What every engine shares: the batch's settings (Config, sent as is to remote workers), where
grading runs (Where), and the one place that builds a kernel pool and grades a submission with it.

The kernel pool is imported here and nowhere else in the engines.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from ..pool import KERNEL_WARM, KernelPool, warm_code
from ..runner import Options, Result, grade, grader_error
from ..sandbox import Limits, Sandbox, choose
from ..submission import Assignment, Submission


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything a grading process needs, the teacher's tests included (Assignment holds their
    text, read once by the caller): plain data, pickled as is to remote workers."""

    assignment: Assignment
    options: Options = dataclasses.field(default_factory=Options)
    limits: Limits = dataclasses.field(default_factory=Limits)
    sandbox: str = "auto"  # "auto", "bwrap" or "none" (sandbox.choose)
    cgroup: str = "auto"  # whole-slot limits: "auto", "v2", "v1" or "rlimit" (kerastutor.grading.cgroups)
    kernels: str = "fork"  # "fork" or "spawn" (KernelPool's mode)
    jobs: int = 2  # submissions graded at once by one process


class EngineError(RuntimeError):
    """An engine could not start (no sandbox where one was required, no scheduler at the address …)."""


@dataclasses.dataclass(frozen=True)
class Where:
    """One place that grades: this machine, or a Dask worker; its sandbox, and its jobs."""

    name: str
    isolated: bool
    reason: str  # why it is not sandboxed ("" when it is)
    jobs: int
    limits: str  # the limits in force there, in one sentence (Sandbox.in_force)


class Slots:
    """A process's grading slots: its sandbox and a pool of warm kernels, two per job (the
    student's and the teacher's). Started once per process, used by many threads."""

    def __init__(self, config: Config):
        self.config = config
        try:
            self.sandbox: Sandbox = choose(config.sandbox, config.limits, config.cgroup)
        except RuntimeError as exc:  # --sandbox bwrap without bubblewrap, --cgroup v2 without cgroup v2
            raise EngineError(str(exc)) from None
        self.pool: KernelPool | None = None
        self.jobs = config.jobs

    def start(self, jobs: int | None = None, budget: int | None = None) -> Slots:
        """jobs: submissions graded at once (default the config's); budget ("spawn" kernels): how
        many kernels may be started in all (None: no limit)."""
        if self.pool is None:
            self.jobs = max(1, jobs or self.config.jobs)
            self.pool = KernelPool(self.sandbox, 2 * self.jobs, warm_code(self.config.assignment.number),
                                   budget=budget, mode=self.config.kernels, kernel_warm=KERNEL_WARM)
        return self

    def where(self, name: str) -> Where:
        return Where(name, self.sandbox.isolated, self.sandbox.reason, self.jobs,
                     self.sandbox.in_force(self.config.options.default_lang))

    def grade(self, submission: Submission) -> Result:
        """One submission; the grader's own failures become an "error" row (graded again on resume)."""
        try:
            return grade(submission, self.config.assignment, self.start().pool, self.config.options)
        except Exception as exc:  # noqa: BLE001
            return grader_error(submission.name, self.config.assignment, exc, submission.lang)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


class Engine:
    """The interface of an engine (see the package's docstring)."""

    name = "?"

    def __init__(self, config: Config, **options):
        self.config = config

    def start(self) -> list[Where]:
        raise NotImplementedError

    def run(self, submissions: Iterable[Submission]) -> Iterator[Result]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
