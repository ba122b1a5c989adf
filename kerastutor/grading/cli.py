"""`kerastutor grade`: a thin layer over kerastutor.grading.api.grade (registered in kerastutor.cli).

`add_arguments(parser)` and `command(args)` make the grade command; `grade_main(argv)` runs it
from an argument list.
"""
from __future__ import annotations

import argparse
import logging
import pathlib
import signal
import sys
import threading
import warnings

from ..i18n import get_language, t
from ..layout import ROOT
from .sandbox import Limits


def _assignment_number(text: str) -> str:
    if not text.isdigit():
        raise argparse.ArgumentTypeError("--assignment is an exercise number such as 01")
    return f"{int(text):02d}"


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return int(text)


def _cluster(text: str) -> str:
    from .engines.dask_cluster import parse_cluster

    try:
        parse_cluster(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `kerastutor grade`."""
    parser.description = ("Grade a folder of submitted exercise notebooks: one CSV row per file, one feedback "
                          "file per student. Each submission runs in its own fresh, sandboxed kernel, on this "
                          "machine or on a Dask cluster (--scheduler, --cluster).")
    parser.add_argument("submissions", type=pathlib.Path, help="folder of submitted files (searched recursively)")
    parser.add_argument("--assignment", "-a", required=True, type=_assignment_number, help="exercise number, e.g. 01")
    parser.add_argument("--out", "-o", type=pathlib.Path, default=pathlib.Path("grades.csv"),
                        help="grade sheet (CSV); an existing sheet is resumed (default grades.csv)")
    parser.add_argument("--feedback", type=pathlib.Path, default=None,
                        help="folder for the feedback files (default: <out>_feedback next to the sheet)")
    parser.add_argument("--jobs", "-j", type=_jobs, default=2,
                        help="submissions graded at once (default 2); with --cluster, per worker process")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per cell (default 30)")
    parser.add_argument("--submission-timeout", type=float, default=300.0,
                        help="seconds per submission, all cells and tests together (default 300)")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb,
                        help=f"memory of each submission, all its processes together, in MB (default "
                             f"{Limits.memory_mb}); also the address space of each of its processes")
    parser.add_argument("--max-procs", type=int, default=Limits.max_procs,
                        help=f"processes and threads of each submission together (default {Limits.max_procs})")
    parser.add_argument("--cgroup", choices=["auto", "v2", "v1", "rlimit"], default="auto",
                        help="how each submission is capped as a whole: auto (default) the first that works "
                             "here of cgroup v2, cgroup v1 and rlimit (no cgroup: the grader watches each "
                             "submission's processes itself)")
    parser.add_argument("--sandbox", choices=["auto", "bwrap", "none"], default="auto",
                        help="auto: bubblewrap when available (default); bwrap: require it; none: unsandboxed")
    parser.add_argument("--kernels", choices=["fork", "spawn"], default="fork",
                        help="fork (default): kernels forked from a warm server in each sandboxed slot, the "
                             "slot swept clean between submissions; spawn: a new sandbox and process per kernel")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", default=None,
                       help="grade on an existing Dask cluster (`dask scheduler`, `dask worker ADDRESS`); "
                            "each worker grades as many submissions at once as it has threads")
    where.add_argument("--cluster", metavar="local:N", type=_cluster, default=None,
                       help="grade on a Dask cluster of N worker processes started on this machine, "
                            "--jobs submissions at once each")
    parser.add_argument("--lang", choices=["zh", "en"], default=None,
                        help="language of this terminal output and of the sheet's messages; also the tests' "
                             "language for notebooks that do not say theirs (default: KERASTUTOR_LANG or zh)")
    parser.add_argument("--restart", action="store_true", help="ignore an existing sheet and grade everything again")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)


def command(args: argparse.Namespace) -> int:
    """Run `kerastutor grade` with parsed arguments; the exit code."""
    from .api import find_submissions, grade, limits_note_path
    from .engines import EngineError
    from .release import check_assignment
    from .runner import Options
    from .sheet import Sheet, SheetMismatch
    from .submission import Assignment

    lang = args.lang or (get_language() if get_language() in ("zh", "en") else "zh")
    say = lambda key, **v: print(t(key, lang=lang, **v), file=sys.stderr)  # noqa: E731

    try:
        assignment = Assignment.load(args.root, args.assignment)
        check_assignment(assignment)  # the notebooks' grade_ids are the exercise's declared questions
    except (FileNotFoundError, ValueError) as exc:
        say("grade.unknown_assignment", number=args.assignment, detail=exc)
        return 2
    if not args.submissions.is_dir():
        say("grade.no_submissions", folder=args.submissions)
        return 2
    feedback_dir = args.feedback or args.out.with_name(args.out.stem + "_feedback")
    try:
        sheet = Sheet(args.out, assignment.questions, restart=args.restart)
    except SheetMismatch as exc:
        say("grade.sheet_mismatch", sheet=args.out, found=",".join(exc.found), expected=",".join(exc.expected))
        return 2
    submissions = find_submissions(args.submissions, [args.out, limits_note_path(args.out), feedback_dir])
    if not submissions and not sheet.rows:
        say("grade.no_submissions", folder=args.submissions)
        sheet.close()
        return 2
    if args.scheduler or args.cluster:
        executor, engine_options = "dask", {"scheduler": args.scheduler, "cluster": args.cluster}
        _quiet_dask()
    else:
        executor, engine_options = "local", {}
    options = Options(cell_timeout=args.timeout, submission_timeout=args.submission_timeout, default_lang=lang)
    progress = _progress(0, 0, quiet=True)  # replaced by the real bar once the plan is known

    def on_start(plan) -> None:
        nonlocal progress
        _header(say, args, plan)
        progress = _progress(plan.todo, 0, args.quiet)

    def on_result(result) -> None:
        progress.update(1)
        progress.set_postfix_str(result.status)

    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    try:
        summary = grade(assignment, submissions, sheet=sheet, executor=executor, engine_options=engine_options,
                        limits=Limits(memory_mb=args.memory_mb, max_procs=args.max_procs), options=options,
                        sandbox=args.sandbox, cgroup=args.cgroup,
                        kernels=args.kernels, jobs=args.jobs, feedback=feedback_dir, lang=lang,
                        on_start=on_start, on_result=on_result)
    except KeyboardInterrupt:
        progress.close()
        say("grade.interrupted", sheet=args.out, done=len(sheet.rows))
        return 130
    except EngineError as exc:
        progress.close()
        say("grade.engine_failed", detail=exc, sheet=args.out, done=len(sheet.rows))
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    progress.close()
    say("grade.summary", count=summary.graded, seconds=f"{summary.seconds:.1f}", sheet=args.out, feedback=feedback_dir)
    if summary.statuses:
        say("grade.statuses", counts=", ".join(f"{k} {v}" for k, v in sorted(summary.statuses.items())))
    return 0


def grade_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kerastutor grade")
    add_arguments(parser)
    return command(parser.parse_args(argv))


def _stop(signum, frame):  # a polite kill (SIGTERM) saves what is done, like Ctrl-C
    raise KeyboardInterrupt


def _header(say, args, plan) -> None:
    """Where and how the batch runs: sandbox, cluster, limits; then what is left to grade."""
    if plan.where:
        unsandboxed = sorted({w.reason for w in plan.where if not w.isolated})
        if unsandboxed:
            say("grade.sandbox_off", reason="; ".join(unsandboxed))
        else:
            say("grade.sandbox_on")
        for sentence in sorted({w.limits for w in plan.where}):
            print(sentence, file=sys.stderr)
    jobs = sum(w.jobs for w in plan.where) or args.jobs
    if plan.engine is not None and plan.engine.name == "dask":
        say("grade.cluster", workers=len(plan.where), jobs=jobs)
        if plan.engine.dashboard:
            say("grade.dashboard", url=plan.engine.dashboard)
        else:
            say("grade.no_dashboard")
    say("grade.plan", number=plan.assignment, count=plan.found, jobs=jobs, cell=f"{args.timeout:g}",
        total=f"{args.submission_timeout:g}", memory=args.memory_mb)
    if plan.done:
        say("grade.resume", sheet=args.out, done=plan.done, todo=plan.todo)


def _quiet_dask() -> None:
    """The teacher sees the progress bar and a summary, not Dask's logs."""
    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="distributed")
    import dask

    dask.config.set({"logging.distributed": "error"})


def _progress(total: int, initial: int, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="nb", desc="grading", file=sys.stderr, dynamic_ncols=True,
                disable=quiet)
