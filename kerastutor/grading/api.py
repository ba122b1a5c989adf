"""Grade a class: the API that `kerastutor grade` (kerastutor.grading.cli) is a thin layer over.

    from kerastutor.grading import Assignment, grade
    summary = grade(Assignment.load(ROOT, "01"), "submissions/", sheet="grades.csv")
    summary = grade(assignment, "submissions/", sheet="grades.csv", executor="dask",
                    engine_options={"scheduler": "tcp://10.0.0.5:8786"}, on_result=print)

One row per submitted file in the grade sheet (kerastutor.grading.sheet), written by this process
only and the moment its submission is graded; a sheet that exists is resumed (rows already there
are not graded again). Files that are not notebooks are recorded at once; notebooks are parsed here
(kerastutor.grading.submission) and graded by an engine (kerastutor.grading.engines: "local"
threads over a kernel pool, or a "dask" cluster), each in its own fresh sandboxed kernel. Nothing a
submission does stops the batch: the grader's own failures become "error" rows, graded again on
resume. Ctrl-C (KeyboardInterrupt) keeps every row written and is raised again to the caller.
"""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import pathlib
import time
from collections.abc import Callable, Iterable

from . import engines
from . import feedback as fb
from .runner import Options, Result, unreadable
from .sandbox import Limits
from .sheet import Sheet
from .submission import Assignment, BadSubmission, read_submission


@dataclasses.dataclass
class Plan:
    """What a batch is about to do (given to `on_start` before the first row)."""

    assignment: str
    found: int  # submitted files
    done: int  # already in the sheet (a resumed batch)
    todo: int  # to grade now, unreadable files included
    unreadable: int  # files that are not gradable notebooks (recorded without a kernel)
    where: list[engines.Where]  # where grading runs (empty when no notebook needs a kernel)
    engine: engines.Engine | None


@dataclasses.dataclass
class Summary:
    graded: int  # rows written by this run
    seconds: float
    statuses: collections.Counter
    sheet: pathlib.Path
    complete: bool  # False when interrupted


def find_submissions(folder: pathlib.Path, exclude: Iterable[pathlib.Path] = ()) -> list[tuple[str, pathlib.Path]]:
    """Every regular file below `folder`, except hidden ones, checkpoints and the grader's outputs."""
    out = []
    excluded = [p.resolve() for p in exclude]
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or ".ipynb_checkpoints" in rel.parts:
            continue
        if not path.is_file() or path.is_symlink():
            continue
        resolved = path.resolve()
        if any(resolved == e or e in resolved.parents for e in excluded):
            continue
        out.append((rel.as_posix(), path))
    return out


def limits_note_path(sheet: pathlib.Path) -> pathlib.Path:
    """The sheet's companion note: grades.csv -> grades_limits.txt."""
    return sheet.with_name(sheet.stem + "_limits.txt")


def write_limits_note(sheet: pathlib.Path, where: list[engines.Where], lang: str) -> pathlib.Path:
    """Beside the sheet, in the teacher's language: where the submissions ran, whether sandboxed,
    and which limits held for each (what the run's header says, kept with the grades)."""
    from ..i18n import t

    lines = []
    for place in where:
        sandbox = t("grade.sandbox_on", lang=lang) if place.isolated else t("grade.sandbox_off", lang=lang,
                                                                             reason=place.reason)
        lines += [f"[{place.name}]", sandbox, place.limits, ""]
    path = limits_note_path(sheet)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def grade(assignment: Assignment, submissions: pathlib.Path | str | Iterable[tuple[str, pathlib.Path]], *,
          sheet: Sheet | pathlib.Path | str, executor: str = "local", limits: Limits | None = None,
          options: Options | None = None, sandbox: str = "auto", cgroup: str = "auto", kernels: str = "fork",
          jobs: int = 2,
          feedback: pathlib.Path | None = None, lang: str = "en", restart: bool = False,
          engine_options: dict | None = None, on_start: Callable[[Plan], None] | None = None,
          on_result: Callable[[Result], None] | None = None) -> Summary:
    """Grade `submissions` (a folder, searched recursively, or (name, path) pairs) of `assignment`
    into `sheet` (a path, opened and resumed here, or an open Sheet); returns a Summary.

    executor: a registered engine's name (kerastutor.grading.engines), built with engine_options.
    limits, sandbox, cgroup, kernels, jobs: each submission's resource limits, "auto"/"bwrap"/"none",
    how a slot is capped as a whole ("auto"/"v2"/"v1"/"rlimit"), "fork"/"spawn" kernels,
    submissions graded at once (per process). options: time limits and the
    default language of notebooks that do not say theirs. feedback: a folder for one feedback file
    per student (None: none). lang: the language of the sheet's messages for files without one.
    on_start(plan), then on_result(result) for each row as it is written."""
    limits = limits or Limits()
    options = options or Options(default_lang=lang)
    if not isinstance(sheet, Sheet):
        sheet = Sheet(pathlib.Path(sheet), assignment.questions, restart=restart)
    if isinstance(submissions, (str, pathlib.Path)):
        exclude = [sheet.path, limits_note_path(sheet.path)] + ([feedback] if feedback else [])
        submissions = find_submissions(pathlib.Path(submissions), exclude)
    submissions = list(submissions)
    started = time.monotonic()
    statuses: collections.Counter = collections.Counter()
    written: set[str] = set()

    def record(result: Result) -> None:
        if result.submission in written:  # never twice, whatever an engine delivers
            return
        written.add(result.submission)
        sheet.add(result.submission, {q.qid: q.points for q in result.questions}, result.total,
                  result.max_points, result.status,
                  fb.summary(result, lang, options.cell_timeout, options.submission_timeout, limits))
        if feedback is not None:
            fb.write(feedback, result, assignment.number, options.cell_timeout, options.submission_timeout, limits)
        statuses[result.status] += 1
        if on_result is not None:
            on_result(result)

    todo = [(name, path) for name, path in submissions if not sheet.done(name)]
    parsed, bad = [], []
    for name, path in todo:  # files that are not notebooks need no kernel
        try:
            parsed.append(read_submission(path, name, assignment.test_ids, assignment.test_grade_ids))
        except BadSubmission as exc:
            bad.append(unreadable(name, assignment, exc))

    config = engines.Config(assignment, options, limits, sandbox, cgroup, kernels, jobs)
    engine = engines.get(executor)(config, **(engine_options or {})) if parsed else None
    complete = False
    try:
        where = engine.start() if engine is not None else []
        if where:
            write_limits_note(sheet.path, where, lang)
        if on_start is not None:
            on_start(Plan(assignment.number, len(submissions), len(submissions) - len(todo), len(todo), len(bad),
                          where, engine))
        for result in bad:
            record(result)
        if engine is not None:
            with contextlib.closing(engine.run(parsed)) as results:
                for result in results:
                    record(result)
        complete = True
    finally:
        if engine is not None:
            engine.close()
        if complete:
            sheet.finalize()
        else:
            sheet.close()
    return Summary(len(written), time.monotonic() - started, statuses, sheet.path, complete)
