"""Benchmark of the course command: per lesson, wall time and time above the floor.

The floor is a notebook that only starts a kernel, imports kerastutor and keras and calls
kt.setup: what every lesson pays before it teaches anything. Prints a table, then the batch's
total wall time against the floor's share (notebooks × floor / jobs).

    .venv/bin/python bench/course.py [--jobs 2] [--lang zh en zh-en] [--full] [lessons …]
"""
from __future__ import annotations

import argparse
import concurrent.futures as futures
import multiprocessing
import pathlib
import statistics
import sys
import tempfile
import time

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kerastutor.course import execute_one, select  # noqa: E402

FLOOR_CELLS = [
    'SEED = 42\nFAST = True\nLANG = "en"',
    "import kerastutor as kt\n\nkt.setup(lang=LANG, seed=SEED, fast=FAST)\nimport keras\nimport numpy as np",
]


def floor_seconds(repeats: int = 3) -> float:
    """Median wall time of the floor notebook, run through the same papermill path as lessons."""
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "lessons" / "en").mkdir(parents=True)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in FLOOR_CELLS])
        nb.cells[0].metadata["tags"] = ["parameters"]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / "lessons" / "en" / "floor.ipynb")
        times = [execute_one("floor", "en", str(root / "out"), True, 42, str(root)).seconds for _ in range(repeats)]
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("lessons", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--lang", nargs="+", default=["zh", "en", "zh-en"])
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()

    floor = floor_seconds()
    stems = select(args.lessons or None, ROOT)
    work = [(s, lang) for s in stems for lang in args.lang]
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        ctx = multiprocessing.get_context("spawn")
        with futures.ProcessPoolExecutor(max_workers=args.jobs, mp_context=ctx) as pool:
            results = list(pool.map(execute_one, *zip(*[(s, lang, out, not args.full, 42, str(ROOT)) for s, lang in work])))
        total = time.perf_counter() - start

    print(f"floor (kernel start + import kerastutor/keras + setup): {floor:.1f} s\n")
    print(f"{'lesson':<36} {'lang':<6} {'wall s':>7} {'above floor s':>14}  result")
    for r in sorted(results, key=lambda r: (r.lesson, r.lang)):
        print(f"{r.lesson:<36} {r.lang:<6} {r.seconds:>7.1f} {r.seconds - floor:>14.1f}  {'ok' if r.ok else 'FAILED'}")
    n = len(results)
    busy = sum(r.seconds for r in results)
    print(f"\n{n} notebooks, jobs={args.jobs}: total wall {total:.1f} s; "
          f"sum of notebook times {busy:.1f} s; floor share n×floor/jobs = {n * floor / args.jobs:.1f} s "
          f"({n * floor / args.jobs / total:.0%} of the wall time); jobs×floor = {args.jobs * floor:.1f} s")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
