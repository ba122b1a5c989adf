"""The course command: execute lessons with papermill, export HTML, print a table of results."""
from __future__ import annotations

import argparse
import concurrent.futures as futures
import dataclasses
import multiprocessing
import pathlib
import time

from . import pages, pipeline
from .layout import ROOT, lessons as lesson_stage
from .textfmt import text_table


@dataclasses.dataclass
class RunResult:
    lesson: str
    lang: str
    seconds: float
    ok: bool
    output: str  # executed notebook, relative to the output folder
    error: str = ""  # "cell N: Type: message" when it failed


def select(names: list[str] | None, root: pathlib.Path = ROOT) -> list[str]:
    """Lesson stems chosen by number ("02") or name ("02_initializers"); all when none given; an
    unknown one raises kerastutor.pipeline.UnknownSelection naming the lessons."""
    return pipeline.select(names, lesson_stage(root).stems(), "lesson")


def describe_failure(exc: BaseException) -> str:
    """One line naming the cell and the error, from papermill's execution error when there is one."""
    cell = getattr(exc, "exec_count", None) or getattr(exc, "cell_index", None)
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    first = str(evalue).strip().splitlines()[0] if str(evalue).strip() else ""
    where = f"cell {cell}: " if cell is not None else ""
    return f"{where}{ename}: {first}"[:400]


def execute_one(stem: str, lang: str, out_dir: str, fast: bool, seed: int, root: str,
                timeout: int = 1200, kernel: str | None = None) -> RunResult:
    """Run one lesson version with papermill (in a worker process), in a warm kernel unless
    `kernel` names another (`"python3"`: a cold one)."""
    import papermill

    from . import warm_kernel

    source = pathlib.Path(root) / "lessons" / lang / f"{stem}.ipynb"
    target = pathlib.Path(out_dir) / lang / f"{stem}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(source), str(target), parameters={"SEED": seed, "FAST": fast},
            kernel_name=kernel or warm_kernel.ensure_installed(), progress_bar=False, cwd=str(source.parent),
            execution_timeout=timeout, log_output=False,
            # The kernel process's own log (a TCP notice at start, a KeyboardInterrupt notice when
            # papermill shuts it down) is not the lesson's output and stays out of the terminal;
            # lesson errors arrive through the execution replies and are reported.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
        ok, error = True, ""
    except Exception as exc:  # papermill still writes the notebook up to the failing cell
        ok, error = False, describe_failure(exc)
    return RunResult(stem, lang, time.perf_counter() - start, ok,
                     target.relative_to(out_dir).as_posix(), error)


def export_html(out_dir: pathlib.Path, results: list[RunResult]) -> pathlib.Path:
    """Each executed notebook as HTML (plots embedded), and an index linking them."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    for r in results:
        nb_path = out_dir / r.output
        if nb_path.exists():
            nb = nbformat.read(nb_path, as_version=4)
            # Saved widget state makes nbconvert draw live widgets with a library from a CDN, blank
            # offline; without it each widget shows the PNG of its initial state it left behind.
            nb.metadata.pop("widgets", None)
            body, _ = exporter.from_notebook_node(nb)
            nb_path.with_suffix(".html").write_text(body, encoding="utf-8")
    rows = [dict(dataclasses.asdict(r), link=pathlib.PurePosixPath(r.output).with_suffix(".html").as_posix())
            for r in sorted(results, key=lambda r: (r.lesson, r.lang))]
    index = out_dir / "index.html"
    index.write_text(pages.render("course_index.html.j2", results=rows), encoding="utf-8")
    return index


def table(results: list[RunResult]) -> str:
    rows = [[r.lesson, r.lang, f"{r.seconds:.1f}", "ok" if r.ok else "FAILED"]
            for r in sorted(results, key=lambda r: (r.lesson, r.lang))]
    return text_table(["lesson", "lang", "seconds", "result"], rows, align="<<><")


def run_course(lessons: list[str] | None = None, langs: list[str] = ("zh", "en", "zh-en"),
               jobs: int = 2, out: str = "build", fast: bool = True, seed: int = 42,
               html: bool = True, root: pathlib.Path = ROOT) -> int:
    """Execute the chosen lessons in the chosen languages; 0 when every one passed."""
    from tqdm import tqdm

    stems = select(lessons, root)
    out_dir = pathlib.Path(out).resolve()
    work = [(stem, lang) for stem in stems for lang in langs]
    results: list[RunResult] = []
    # Fresh worker processes (spawn): each papermill run gets a clean event loop and ZeroMQ context.
    context = multiprocessing.get_context("spawn")
    with futures.ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        pending = {pool.submit(execute_one, stem, lang, str(out_dir), fast, seed, str(root)): (stem, lang)
                   for stem, lang in work}
        with tqdm(total=len(work), unit="notebook", desc="kerastutor") as bar:
            for done in futures.as_completed(pending):
                result = done.result()
                results.append(result)
                bar.set_postfix_str(f"{result.lesson} [{result.lang}] {'ok' if result.ok else 'FAILED'}")
                bar.update()
    if html:
        index = export_html(out_dir, results)
    print()
    print(table(results))
    failed = [r for r in results if not r.ok]
    total = sum(r.seconds for r in results)
    print(f"\n{len(results) - len(failed)} ok, {len(failed)} failed; {total:.0f} s of notebook time.")
    if html:
        print(f"Executed notebooks and HTML: {out_dir} (open {index})")
    for r in sorted(failed, key=lambda r: (r.lesson, r.lang)):
        print(f"FAILED {r.lesson} [{r.lang}] {r.error}  → {out_dir / r.output}")
    if html:
        book = out_dir / "book" / "index.html"
        state = "" if book.exists() else " (build it with `make book` or `kerastutor book`)"
        print(f"Read the course as a book: {book}{state}")
    return 1 if failed else 0


# --- the `kerastutor run` command ---------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lessons", nargs="*", help="lesson numbers or names (default: all), e.g. 00 02")
    parser.add_argument("--lang", nargs="+", default=["zh", "en", "zh-en"], choices=["zh", "en", "zh-en"])
    parser.add_argument("--jobs", "-j", type=int, default=2, help="notebooks run at once (default 2)")
    parser.add_argument("--out", default="build", help="output folder (default build/)")
    parser.add_argument("--full", action="store_true", help="full training (FAST=False); default is FAST")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-html", action="store_true", help="skip the HTML export and index")


def command(args: argparse.Namespace) -> int:
    return run_course(lessons=args.lessons, langs=args.lang, jobs=args.jobs, out=args.out,
                      fast=not args.full, seed=args.seed, html=not args.no_html)
