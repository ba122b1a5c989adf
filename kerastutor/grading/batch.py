"""`kerastutor grade --assignment NN SUBMISSIONS_DIR --out grades.csv`: grade a class.

One row per submitted file in the grade sheet (kerastutor.grading.sheet), one feedback file per
student (kerastutor.grading.feedback), a progress bar while it runs. Submissions are graded by
`--jobs` workers, each taking a warm kernel from the pool (kerastutor.grading.kernel_pool); each
submission gets its own fresh, sandboxed kernel (kerastutor.grading.runner).
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import signal
import pathlib
import sys
import time

from ..i18n import get_language, t
from ..layout import ROOT
from . import feedback as fb
from .pool import KERNEL_WARM, KernelPool, warm_code
from .runner import Options, Result, grade, grader_error, unreadable
from .sandbox import Limits, choose
from .sheet import Sheet, SheetMismatch
from .submission import Assignment, BadSubmission, read_submission


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kerastutor grade",
        description="Grade a folder of submitted exercise notebooks: one CSV row per file, one feedback "
                    "file per student. Each submission runs in its own fresh, sandboxed kernel.")
    parser.add_argument("submissions", type=pathlib.Path, help="folder of submitted files (searched recursively)")
    parser.add_argument("--assignment", "-a", required=True, help="exercise number, e.g. 01")
    parser.add_argument("--out", "-o", type=pathlib.Path, default=pathlib.Path("grades.csv"),
                        help="grade sheet (CSV); an existing sheet is resumed (default grades.csv)")
    parser.add_argument("--feedback", type=pathlib.Path, default=None,
                        help="folder for the feedback files (default: <out>_feedback next to the sheet)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="submissions graded at once (default 2)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per cell (default 30)")
    parser.add_argument("--submission-timeout", type=float, default=300.0,
                        help="seconds per submission, all cells and tests together (default 300)")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb,
                        help=f"address-space limit of each kernel in MB (default {Limits.memory_mb})")
    parser.add_argument("--sandbox", choices=["auto", "bwrap", "none"], default="auto",
                        help="auto: bubblewrap when available (default); bwrap: require it; none: unsandboxed")
    parser.add_argument("--kernels", choices=["fork", "spawn"], default="fork",
                        help="fork (default): kernels forked from a warm server in each sandboxed slot, the "
                             "slot swept clean between submissions; spawn: a new sandbox and process per kernel")
    parser.add_argument("--lang", choices=["zh", "en"], default=None,
                        help="language of this terminal output and of the sheet's messages; also the tests' "
                             "language for notebooks that do not say theirs (default: KERASTUTOR_LANG or zh)")
    parser.add_argument("--restart", action="store_true", help="ignore an existing sheet and grade everything again")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.assignment.isdigit():
        parser.error("--assignment is an exercise number such as 01")
    args.assignment = f"{int(args.assignment):02d}"
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def find_submissions(folder: pathlib.Path, exclude: list[pathlib.Path]) -> list[tuple[str, pathlib.Path]]:
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


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    lang = args.lang or (get_language() if get_language() in ("zh", "en") else "zh")
    say = lambda key, **v: print(t(key, lang=lang, **v), file=sys.stderr)  # noqa: E731

    try:
        assignment = Assignment.load(args.root, args.assignment)
    except (FileNotFoundError, ValueError) as exc:
        say("grade.unknown_assignment", number=args.assignment, detail=exc)
        return 2
    if not args.submissions.is_dir():
        say("grade.no_submissions", folder=args.submissions)
        return 2
    sheet_path = args.out
    feedback_dir = args.feedback or sheet_path.with_name(sheet_path.stem + "_feedback")
    try:
        sheet = Sheet(sheet_path, assignment.questions, restart=args.restart)
    except SheetMismatch as exc:
        say("grade.sheet_mismatch", sheet=sheet_path, found=",".join(exc.found), expected=",".join(exc.expected))
        return 2
    submissions = find_submissions(args.submissions, [sheet_path, feedback_dir])
    if not submissions and not sheet.rows:
        say("grade.no_submissions", folder=args.submissions)
        sheet.close()
        return 2

    limits = Limits(memory_mb=args.memory_mb)
    sandbox = choose(args.sandbox, limits)
    if sandbox.isolated:
        say("grade.sandbox_on")
    else:
        say("grade.sandbox_off", reason=sandbox.reason)
    options = Options(cell_timeout=args.timeout, submission_timeout=args.submission_timeout, default_lang=lang)
    todo = [(name, path) for name, path in submissions if not sheet.done(name)]
    say("grade.plan", number=args.assignment, count=len(submissions), jobs=args.jobs, cell=f"{args.timeout:g}",
        total=f"{args.submission_timeout:g}", memory=args.memory_mb)
    if len(todo) < len(submissions):
        say("grade.resume", sheet=sheet_path, done=len(submissions) - len(todo), todo=len(todo))

    def stop(signum, frame):  # a polite kill (SIGTERM) saves what is done, like Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if _main_thread() else None
    started = time.monotonic()
    counts: collections.Counter = collections.Counter()

    def record(result: Result) -> None:
        sheet.add(result.submission, {q.qid: q.points for q in result.questions}, result.total,
                  result.max_points, result.status,
                  fb.summary(result, lang, options.cell_timeout, options.submission_timeout, limits))
        fb.write(feedback_dir, result, args.assignment, options.cell_timeout, options.submission_timeout, limits)
        counts[result.status] += 1

    # Files that are not notebooks need no kernel: parse everything first.
    parsed = []
    for name, path in todo:
        try:
            parsed.append(read_submission(path, name, assignment.test_ids, assignment.test_grade_ids))
        except BadSubmission as exc:
            record(unreadable(name, assignment, exc))

    progress = _progress(len(todo), len(todo) - len(parsed), args.quiet)
    pool = None
    interrupted = False
    try:
        if parsed:
            jobs = min(args.jobs, len(parsed))
            # two kernels per submission: the student's, and a clean one for the teacher's tests
            pool = KernelPool(sandbox, 2 * jobs, warm_code(args.assignment), budget=2 * len(parsed), mode=args.kernels,
                              kernel_warm=KERNEL_WARM)

            def work(submission):
                try:
                    return grade(submission, assignment, pool, options)
                except Exception as exc:  # noqa: BLE001 - the grader's failure: retried on resume
                    return grader_error(submission.name, assignment, exc, submission.lang)

            with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as executor:
                futures = [executor.submit(work, s) for s in parsed]
                try:
                    for future in concurrent.futures.as_completed(futures):
                        result = future.result()
                        record(result)
                        progress.update(1)
                        progress.set_postfix_str(result.status)
                except KeyboardInterrupt:
                    interrupted = True
                    for future in futures:
                        future.cancel()
                    pool.close()
                    raise
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
        if pool is not None:
            pool.close()
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)
    if interrupted:
        sheet.close()
        say("grade.interrupted", sheet=sheet_path, done=len(sheet.rows))
        return 130
    sheet.finalize()
    say("grade.summary", count=len(todo), seconds=f"{time.monotonic() - started:.1f}", sheet=sheet_path,
        feedback=feedback_dir)
    if counts:
        say("grade.statuses", counts=", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


class _NoProgress:
    def update(self, n):
        pass

    def set_postfix_str(self, s):
        pass

    def close(self):
        pass


def _progress(total: int, initial: int, quiet: bool):
    if quiet:
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="nb", desc="grading", file=sys.stderr, dynamic_ncols=True)
