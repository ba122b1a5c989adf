"""Throughput of `kerastutor grade` against nbgrader's autograder, on the same batch and machine.

    python bench/grading.py                       # 24 submissions; fork:1 fork:2 spawn:2; nbgrader if found
    python bench/grading.py --n 40 --runs fork:1 fork:4 --nbgrader /path/to/venv/bin/nbgrader
    python bench/grading.py --n 200 --runs fork:1 cluster:1 cluster:2 --limits cgroup watched --no-nbgrader
                                                  # local pool vs a Dask LocalCluster; cgroups vs the fallback

The batch mixes correct, partly correct, wrong, unanswered and broken notebooks of exercise 01
(tests/submissions/make.py). nbgrader is not a dependency of the course: install it into a
separate virtualenv (see --help) or the bench skips it, saying so. The kernels nbgrader starts use
the course's Python (a kernelspec in a private JUPYTER_PATH), so both graders run the same code.

Prints a table of wall time, submissions per minute and seconds per submission, checks that both
graders agree on every total, and shows the load average (other work on the machine skews every
number). The CPU columns are the CPU time the machine was busy during the run (/proc/stat: the
grader's whole process tree, kernels, sandboxes and Dask workers included, plus anything else
running, so run it on a quiet machine) per submission, and the cores kept busy on average (CPU /
wall): a run that keeps 1.3 cores busy cannot run twice as fast on 2 cores, whatever the engine. A run is KERNELS:JOBS: `fork` kernels come from a warm fork server per sandboxed slot,
`spawn` kernels are each a new sandbox and Python process (see kerastutor/grading/pool.py and launchers/);
or cluster:N, `--cluster local:N --jobs 1`: N Dask worker processes of one job each
(kerastutor/grading/engines). `--limits cgroup watched` times every run with each way of capping a
whole slot: cgroups (`--cgroup auto`, here v1) and the fallback without them, slots watched from
/proc (`--cgroup rlimit`, kerastutor/grading/watched.py).

Two rates per run: over the wall time (start-up included), and the steady rate, from the first row
to the last in the sheet (watched while it grows): what a long batch costs per submission. The
scaling column compares cluster:N with cluster:1 (N × its steady rate), the goal being ≥ 0.85.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from submissions import make  # noqa: E402

NOTEBOOK = "01_models_and_layers.ipynb"
NBGRADER_CANDIDATES = [ROOT / "build" / "nbgrader-venv" / "bin" / "nbgrader", pathlib.Path("/tmp/nbg-venv/bin/nbgrader")]


def batch(n: int) -> list[tuple[str, bytes, float]]:
    """n submissions (name, bytes, expected total): correct, partial, wrong, unanswered, broken."""
    kinds = [
        ("correct", lambda i: make.answered("01", "en" if i % 2 else "zh"), 10),
        ("partial", lambda i: make.answered("01", "en" if i % 3 else "zh", make.PARTIAL_01), 5),
        ("correct", lambda i: make.answered("01", "en"), 10),
        ("wrong", lambda i: make.answered("01", "en", make.WRONG_01), 0),
        ("unanswered", lambda i: make.student_copy("01", "zh" if i % 2 else "en"), 0),
        ("partial", lambda i: make.answered("01", "en", make.PARTIAL_01), 5),
        ("broken", lambda i: make.insert_after(make.answered("01", "en", make.PARTIAL_01), "q2_answer",
                                              "print(undefined_name)", "import sys\nsys.exit(1)"), 5),
        ("correct", lambda i: make.answered("01", "zh"), 10),
    ]
    out = []
    for i in range(n):
        kind, build, total = kinds[i % len(kinds)]
        nb = build(i)
        make.insert_after(nb, "q1_answer", f"# student {i:03d}")
        out.append((f"s{i:03d}_{kind}", make.encode(nb), total))
    return out


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (user, nice, system, irq, softirq, steal: /proc/stat)
    since boot. Over a run, the grader's whole process tree — kernels in their sandboxes, Dask
    workers — plus whatever else runs: on a quiet machine, the grader's cost."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed(cmd: list[str], env: dict | None = None, cwd: pathlib.Path | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run `cmd`; (wall seconds, CPU seconds the machine was busy meanwhile, proc)."""
    t0, cpu0 = time.perf_counter(), machine_cpu()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    return time.perf_counter() - t0, machine_cpu() - cpu0, proc


def watched(cmd: list[str], sheet: pathlib.Path) -> tuple[float, float | None, float, subprocess.CompletedProcess]:
    """Run `cmd`; (wall seconds, steady seconds per row from the sheet's first row to its last, CPU
    seconds the machine was busy meanwhile, proc)."""
    t0, cpu0 = time.perf_counter(), machine_cpu()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=ROOT)
        rows, first, last = 0, None, None
        while proc.poll() is None:
            time.sleep(0.2)
            try:
                count = sheet.read_text(encoding="utf-8").count("\n") - 1
            except OSError:
                continue
            now = time.perf_counter()
            if count > rows:
                if rows == 0:
                    first, first_rows = now, count
                rows, last = count, now
        wall, cpu = time.perf_counter() - t0, machine_cpu() - cpu0
        out.seek(0), err.seek(0)
        done = subprocess.CompletedProcess(cmd, proc.returncode, out.read(), err.read())
    steady = (last - first) / (rows - first_rows) if first is not None and rows > first_rows else None
    return wall, steady, cpu, done


# How each --limits setting caps a whole slot: the grader's --cgroup.
LIMITS = {"cgroup": ["--cgroup", "auto"], "watched": ["--cgroup", "rlimit"]}


def run_ours(subs: list, work: pathlib.Path, kernels: str, jobs: int, limits: str = "cgroup") -> dict:
    folder = work / "submissions"
    if not folder.exists():
        folder.mkdir(parents=True)
        for name, data, _ in subs:
            (folder / f"{name}.ipynb").write_bytes(data)
    sheet = work / f"kerastutor-{kernels}-jobs{jobs}-limits-{limits}.csv"
    cmd = [sys.executable, "-m", "kerastutor", "grade", "--assignment", "01", str(folder), "--out", str(sheet),
           "--restart", "--quiet", "--lang", "en"]
    if kernels == "cluster":  # N Dask worker processes of one job each
        cmd += ["--cluster", f"local:{jobs}", "--jobs", "1"]
        tool = "kerastutor grade --cluster"
    else:
        cmd += ["--jobs", str(jobs), "--kernels", kernels]
        tool = f"kerastutor grade --kernels {kernels}"
    cmd += LIMITS[limits]
    wall, steady, cpu, proc = watched(cmd, sheet)
    if proc.returncode != 0:
        raise SystemExit(f"kerastutor grade failed:\n{proc.stderr[-3000:]}")
    with open(sheet, newline="", encoding="utf-8") as f:
        totals = {r["submission"][:-6]: float(r["total"]) for r in csv.DictReader(f)}
    isolation = "bubblewrap" if "Sandbox: bubblewrap" in proc.stderr else "none"
    return dict(tool=tool, kernels=kernels, jobs=jobs, limits=limits, isolation=isolation, wall=wall, steady=steady, cpu=cpu,
                totals=totals)


def find_nbgrader(given: str | None) -> pathlib.Path | None:
    if given:
        return pathlib.Path(given)
    for candidate in NBGRADER_CANDIDATES:
        if candidate.exists():
            return candidate
    found = shutil.which("nbgrader")
    return pathlib.Path(found) if found else None


def run_nbgrader(exe: pathlib.Path, subs: list, work: pathlib.Path) -> dict:
    course = work / "nbgrader-course"
    shutil.rmtree(course, ignore_errors=True)
    (course / "source" / "ex01").mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "en" / NOTEBOOK, course / "source" / "ex01" / NOTEBOOK)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'kerastutor'\n"
        "c.ExecutePreprocessor.timeout = 60\n", encoding="utf-8")
    kernels = work / "jupyter-path"
    spec = kernels / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (kerastutor)", "language": "python"}), encoding="utf-8")
    env = dict(os.environ, JUPYTER_PATH=str(kernels), PATH=f"{exe.parent}:{os.environ.get('PATH', '')}")
    proc = subprocess.run([str(exe), "generate_assignment", "ex01", "--force"], cwd=course, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"nbgrader generate_assignment failed:\n{proc.stderr[-3000:]}")
    for name, data, _ in subs:
        folder = course / "submitted" / name / "ex01"
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_bytes(data)
    wall, cpu, proc = timed([str(exe), "autograde", "ex01", "--create"], env=env, cwd=course)
    subprocess.run([str(exe), "export"], cwd=course, env=env, capture_output=True, text=True)
    totals = {}
    grades = course / "grades.csv"
    if grades.exists():
        with open(grades, newline="", encoding="utf-8") as f:
            totals = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    return dict(tool="nbgrader autograde", kernels="", jobs=1, limits="–", isolation="none", wall=wall, steady=None, cpu=cpu,
                totals=totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="nbgrader: python3.11 -m venv build/nbgrader-venv && "
                                            "build/nbgrader-venv/bin/pip install nbgrader")
    parser.add_argument("--n", type=int, default=24, help="number of submissions (default 24, at least 20)")
    parser.add_argument("--runs", nargs="+", default=["fork:1", "fork:2", "spawn:2"],
                        help="kerastutor runs to time as KERNELS:JOBS, or cluster:N for a Dask LocalCluster of N "
                             "one-job workers (default fork:1 fork:2 spawn:2)")
    parser.add_argument("--limits", nargs="+", choices=list(LIMITS), default=["cgroup"],
                        help="time each run with slots capped by cgroups, watched from /proc (the fallback), "
                             "or both (default cgroup)")
    parser.add_argument("--nbgrader", default=None, help="path to the nbgrader executable of a separate venv")
    parser.add_argument("--no-nbgrader", action="store_true")
    parser.add_argument("--work", type=pathlib.Path, default=ROOT / "build" / "bench-grading")
    args = parser.parse_args(argv)

    subs = batch(args.n)
    expected = {name: total for name, _, total in subs}
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    limits = list(args.limits)
    load_before = os.getloadavg()
    results = []
    for spec in args.runs:
        kernels, jobs = spec.split(":")
        for setting in limits:
            print(f"kerastutor grade {spec} limits {setting} …", file=sys.stderr, flush=True)
            results.append(run_ours(subs, args.work, kernels, int(jobs), setting))
    exe = None if args.no_nbgrader else find_nbgrader(args.nbgrader)
    if exe is None:
        print("nbgrader: not installed, skipped (see --help to install it into a separate venv)", file=sys.stderr)
    else:
        print(f"nbgrader autograde ({exe}) …", file=sys.stderr, flush=True)
        results.append(run_nbgrader(exe, subs, args.work))
    load_after = os.getloadavg()
    print(table(results, args.n, load_before, load_after))
    return check_totals(results, expected)


def scaling(r: dict, results: list[dict]) -> str:
    """cluster:N's steady rate over N × cluster:1's (same limits setting)."""
    one = next((o for o in results if o["kernels"] == "cluster" and o["jobs"] == 1 and o["limits"] == r["limits"]),
               None)
    if r["kernels"] != "cluster" or one is None or not r["steady"] or not one["steady"]:
        return "–"
    return f"{one['steady'] / (r['jobs'] * r['steady']):.2f}"


def table(results: list[dict], n: int, load_before, load_after) -> str:
    base = next((r for r in results if r["tool"].startswith("nbgrader")), None)
    lines = [f"\n{n} submissions of exercise 01 on {os.cpu_count()} CPU(s); "
             f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after\n",
             "| grader | jobs / workers | limits | isolation | wall s | submissions/min | s/submission | "
             "steady s/submission | scaling | vs nbgrader | CPU s/submission | cores busy |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        per_min = 60 * n / r["wall"]
        speed = f"{base['wall'] / r['wall']:.2f}×" if base else "–"
        steady = f"{r['steady']:.2f}" if r["steady"] else "–"
        lines.append(f"| {r['tool']} | {r['jobs']} | {r['limits']} | {r['isolation']} | {r['wall']:.1f} | "
                     f"{per_min:.1f} | {r['wall'] / n:.2f} | {steady} | {scaling(r, results)} | {speed} | "
                     f"{r['cpu'] / n:.2f} | {r['cpu'] / r['wall']:.2f} |")
    return "\n".join(lines)


def check_totals(results: list[dict], expected: dict) -> int:
    ok = True
    for r in results:
        wrong = {k: (v, expected[k]) for k, v in r["totals"].items() if k in expected and v != expected[k]}
        missing = sorted(set(expected) - set(r["totals"]))
        if wrong or missing:
            ok = False
            print(f"\n{r['tool']} (jobs {r['jobs']}): totals differ from the expected {wrong} missing {missing}")
    if ok:
        print("\nEvery grader gave every submission its expected total.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
