"""Benchmark of the course command, cold kernels (`python3`) against warm ones (`kerastutor-warm`,
forked from a process that has imported TensorFlow): per lesson, wall time and time above the floor.

The floor is a notebook that only starts a kernel, imports kerastutor and keras and calls
kt.setup: what every lesson pays before it teaches anything. Each kind of kernel gets its own
floor (median of 5 runs after one that starts the warm server) and its own run of the whole batch,
one after the other in one invocation; the table shows both side by side, then the totals and the
goals (warm floor < 1 s; warm wall ≤ 1.25 × Σ(above the floor) / jobs).

    .venv/bin/python bench/course.py [--jobs 2] [--lang zh en zh-en] [--full] [--kernels cold warm] [lessons …]
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
from kerastutor.textfmt import text_table  # noqa: E402

FLOOR_CELLS = [
    'SEED = 42\nFAST = True\nLANG = "en"',
    "import kerastutor as kt\n\nkt.setup(lang=LANG, seed=SEED, fast=FAST)\nimport keras\nimport numpy as np",
]


KERNELS = {"cold": "python3", "warm": "kerastutor-warm"}


def floor_seconds(kernel: str, repeats: int = 5) -> float:
    """Median wall time of the floor notebook, run through the same papermill path as lessons (in
    this process: its first warm run starts the server and is left out)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "lessons" / "en").mkdir(parents=True)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in FLOOR_CELLS])
        nb.cells[0].metadata["tags"] = ["parameters"]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / "lessons" / "en" / "floor.ipynb")
        run = lambda: execute_one("floor", "en", str(root / "out"), True, 42, str(root), kernel=kernel)  # noqa: E731
        if not run().ok:
            raise SystemExit(f"the floor notebook failed in {kernel}")
        times = [run().seconds for _ in range(repeats)]
    return statistics.median(times)


def run_batch(work, jobs: int, fast: bool, kernel: str):
    """Every (lesson, language) in `jobs` worker processes; (results, wall seconds)."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        ctx = multiprocessing.get_context("spawn")
        with futures.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            results = list(pool.map(execute_one, *zip(*[(s, lang, out, fast, 42, str(ROOT), 1200, kernel)
                                                        for s, lang in work])))
        return results, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("lessons", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--lang", nargs="+", default=["zh", "en", "zh-en"])
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--kernels", nargs="+", choices=list(KERNELS), default=list(KERNELS))
    args = parser.parse_args()

    from kerastutor import warm_kernel

    warm_kernel.ensure_installed()
    stems = select(args.lessons or None, ROOT)
    work = [(s, lang) for s in stems for lang in args.lang]
    floors, runs = {}, {}
    for kind in args.kernels:
        floors[kind] = floor_seconds(KERNELS[kind])
        runs[kind] = run_batch(work, args.jobs, not args.full, KERNELS[kind])

    print("floor = kernel start + import kerastutor/keras + kt.setup, median of 5: "
          + "; ".join(f"{kind} {floors[kind]:.2f} s" for kind in args.kernels) + "\n")
    by_kind = {kind: {(r.lesson, r.lang): r for r in runs[kind][0]} for kind in args.kernels}
    ok = all(r.ok for kind in args.kernels for r in runs[kind][0])
    rows = []
    for key in sorted(by_kind[args.kernels[0]]):
        row = [key[0], key[1]]
        for kind in args.kernels:
            r = by_kind[kind][key]
            row += [f"{r.seconds:.1f}", f"{r.seconds - floors[kind]:.1f}"]
        rows.append(row + ["ok" if all(by_kind[k][key].ok for k in args.kernels) else "FAILED"])
    header = ["lesson", "lang"] + [f"{kind} {what}" for kind in args.kernels for what in ("wall", ">floor")] + ["result"]
    print(text_table(header, rows, align="<<" + ">>" * len(args.kernels) + "<"))
    print(f"\n{len(work)} notebooks, jobs={args.jobs}")
    rows = []
    for kind in args.kernels:
        results, wall = runs[kind]
        above = sum(max(0.0, r.seconds - floors[kind]) for r in results) / args.jobs
        rows.append([kind, f"{floors[kind]:.2f}", f"{wall:.1f}", f"{sum(r.seconds for r in results):.1f}",
                     f"{above:.1f}", f"{wall / above:.2f}" if above else "nan"])
    print(text_table(["kernels", "floor s", "wall s", "Σ notebook s", "Σ above floor / jobs", "wall / that"], rows,
                     align="<>>>>>"))
    if "warm" in floors:
        results, wall = runs["warm"]
        above = sum(max(0.0, r.seconds - floors["warm"]) for r in results) / args.jobs
        print(f"\ngoals: warm floor < 1 s: {'met' if floors['warm'] < 1 else 'MISSED'} ({floors['warm']:.2f} s); "
              f"warm wall <= 1.25 x (sum above floor / jobs): "
              f"{'met' if wall <= 1.25 * above else 'MISSED'} ({wall:.1f} s vs {1.25 * above:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
