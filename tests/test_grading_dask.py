"""Grading through the API and on Dask clusters (kerastutor.grading.api, kerastutor.grading.engines).

- The Python API with the local engine: rows reach the sheet as they finish, a second call resumes.
- `kerastutor grade --cluster local:2`: a LocalCluster of two worker processes, started and
  stopped by the grader.
- `kerastutor grade --scheduler`: a real `dask scheduler` and two `dask worker` processes on
  127.0.0.1; one worker is killed (SIGKILL, its whole process group) half way through a batch of
  32 mixed submissions. Every submission still gets exactly one row with its expected total, and
  no process is left behind: no scheduler, no worker, no sandbox or kernel.
"""
from __future__ import annotations

import collections
import csv
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

from kerastutor.grading import Assignment, Options, grade
from kerastutor.grading import engines
from kerastutor.grading.sandbox import bwrap_works

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from submissions import make  # noqa: E402

PYTHON = sys.executable
BIN = pathlib.Path(PYTHON).parent
ROOT = make.ROOT
TIMEOUTS = ["--timeout", "10", "--submission-timeout", "60"]
UNREADABLE = {"invalid_json", "not_notebook"}


def broken():
    """Partial answers and a cell that raises: the other cells still run."""
    nb = make.insert_after(make.answered("01", "en", make.PARTIAL_01), "q2_answer", "print(undefined_name)")
    return make.encode(nb)


# kind -> (file bytes, expected status, expected total)
KINDS = {
    "correct_en": (lambda: make.correct("en"), "ok", 10),
    "partial": (make.partial, "ok", 5),
    "not_json": (make.not_json, "invalid_json", 0),
    "wrong": (make.wrong, "ok", 0),
    "correct_zh": (lambda: make.correct("zh"), "ok", 10),
    "broken": (broken, "ok", 5),
    "unanswered": (make.unanswered, "ok", 0),
    "json_not_notebook": (make.json_not_notebook, "not_notebook", 0),
}


def write_batch(folder: pathlib.Path, n: int) -> dict[str, str]:
    """n submissions, the kinds in turn; returns file name -> kind."""
    folder.mkdir(parents=True)
    made = {kind: build() for kind, (build, _, _) in KINDS.items()}
    names = {}
    for i in range(n):
        kind = list(KINDS)[i % len(KINDS)]
        name = f"s{i:02d}_{kind}.ipynb"
        (folder / name).write_bytes(made[kind])
        names[name] = kind
    return names


def read_rows(sheet: pathlib.Path) -> list[dict]:
    with open(sheet, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_sheet(sheet: pathlib.Path, names: dict[str, str]) -> None:
    rows = read_rows(sheet)
    counted = collections.Counter(r["submission"] for r in rows)
    assert [n for n, c in counted.items() if c > 1] == [], "a submission has two rows"
    assert sorted(counted) == sorted(names), "a submission has no row"
    for row in rows:
        _, status, total = KINDS[names[row["submission"]]]
        assert (row["status"], float(row["total"])) == (status, total), row


def grade_cmd(folder: pathlib.Path, sheet: pathlib.Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "kerastutor", "grade", "--assignment", "01", str(folder), "--out", str(sheet),
            "--lang", "en", "--quiet", *TIMEOUTS, *extra]


def processes() -> dict[int, tuple[int, str]]:
    """pid -> (session id, command line) of every process."""
    out = {}
    for proc in pathlib.Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            out[int(proc.name)] = (int(fields[3]), cmdline)
    return out


def leftovers(sessions: set[int], bases: set[pathlib.Path]) -> list[str]:
    """Processes of the given sessions, or whose command line names one of the kernel folders."""
    return [cmd for pid, (sid, cmd) in processes().items()
            if pid != os.getpid() and (sid in sessions or any(str(b) in cmd for b in bases))]


def wait_gone(sessions: set[int], bases: set[pathlib.Path], seconds: float = 30) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := leftovers(sessions, bases)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


class Bases:
    """The kernel folders (/tmp/ktg-*) of pools started by processes of the given sessions (each
    folder's grader.pid names the process that made the pool; other graders on the machine have
    their own)."""

    def __init__(self, sessions: set[int]):
        self.sessions, self.found = sessions, set()

    def poll(self) -> None:
        table = processes()
        for base in pathlib.Path("/tmp").glob("ktg-*"):
            try:
                pid = int((base / "grader.pid").read_text())
            except (OSError, ValueError):
                continue
            if table.get(pid, (None,))[0] in self.sessions:
                self.found.add(base)

    def remove(self) -> None:  # a killed worker's folder stays behind (the next pool would sweep it)
        for base in self.found:
            shutil.rmtree(base, ignore_errors=True)


def test_api_local_engine_rows_as_they_finish_and_resume(tmp_path):
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    names = write_batch(folder, 4)  # correct_en, partial, not_json, wrong
    plans, seen = [], []

    def on_result(result):  # the row is in the sheet on disk before the batch ends
        seen.append(result.submission)
        assert any(r["submission"] == result.submission for r in read_rows(sheet))

    assignment = Assignment.load(ROOT, "01")
    options = Options(cell_timeout=10, submission_timeout=60, default_lang="en")
    summary = grade(assignment, folder, sheet=sheet, executor="local", jobs=1, options=options,
                    feedback=tmp_path / "feedback", on_start=plans.append, on_result=on_result)
    assert summary.complete and summary.graded == 4 and sorted(seen) == sorted(names)
    assert summary.statuses == collections.Counter({"ok": 3, "invalid_json": 1})
    (plan,) = plans
    assert (plan.found, plan.done, plan.todo, plan.unreadable) == (4, 0, 4, 1)
    assert plan.where[0].isolated == bwrap_works()[0] and plan.where[0].jobs == 1
    check_sheet(sheet, names)
    assert len(list((tmp_path / "feedback").iterdir())) == 4
    # beside the sheet, what held: the default caps of the issue (256 processes, 4096 MB in all)
    note = (tmp_path / "grades_limits.txt").read_text(encoding="utf-8")
    assert "at most 256 processes" in note and "4096 MB of memory in all" in note, note
    assert ("Sandbox: bubblewrap" in note) == bwrap_works()[0], note

    (folder / "late.ipynb").write_bytes(make.json_not_notebook())  # handed in after the first run
    names["late.ipynb"] = "json_not_notebook"
    plans.clear()
    again = grade(assignment, folder, sheet=sheet, executor="local", options=options, on_start=plans.append)
    assert again.graded == 1 and (plans[0].done, plans[0].todo, plans[0].where) == (4, 1, [])
    check_sheet(sheet, names)


def test_engines_are_registered_by_name():
    assert {"local", "dask"} <= set(engines.names())
    assert engines.get("dask").__name__ == "DaskEngine"
    with pytest.raises(ValueError, match="unknown grading engine 'spark'.*dask, local"):
        engines.get("spark")


def test_local_cluster(tmp_path):
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    names = write_batch(folder, 3)
    proc = subprocess.Popen(grade_cmd(folder, sheet, "--cluster", "local:2", "--jobs", "1"), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    bases = Bases({proc.pid})
    try:
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            bases.poll()
            time.sleep(0.3)
        out, err = proc.communicate(timeout=60)
    finally:
        stop(proc)
        bases.remove()
    assert proc.returncode == 0, err[-3000:]
    assert len(bases.found) == 2, "one kernel pool per worker process"
    assert "Dask cluster: 2 worker(s), 2 job(s) in all" in err
    assert err.count("Dask dashboard:") == 1
    # the workers' sandbox and limits, said once (the two workers are alike)
    assert err.count("Sandbox: bubblewrap" if bwrap_works()[0] else "UNSANDBOXED") == 1
    assert err.count("Limits: ") == 1
    # the teacher sees the header and the summary, not Dask's logs
    assert "distributed." not in err and "Traceback" not in err, err
    check_sheet(sheet, names)
    assert wait_gone({proc.pid}, bases.found) == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], log: pathlib.Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group, SIGKILL it if it lingers."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def cluster(tmp_path):
    """A `dask scheduler` and two `dask worker` processes (one thread each) on 127.0.0.1."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                       "--dashboard-address", f"127.0.0.1:{free_port()}"], tmp_path / "scheduler.log")
    workers = [start([str(BIN / "dask"), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                      "--nworkers", "1", "--memory-limit", "0", "--no-dashboard", "--death-timeout", "60",
                      "--name", name], tmp_path / f"{name}.log") for name in ("worker-a", "worker-b")]
    procs = [scheduler, *workers]
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield dict(address=address, scheduler=scheduler, workers=workers, logs=tmp_path)
    finally:
        for proc in reversed(procs):
            stop(proc)


def test_scheduler_with_a_worker_killed_half_way(tmp_path, cluster):
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    names = write_batch(folder, 32)
    unreadable = sum(KINDS[k][1] in UNREADABLE for k in names.values())
    grader = subprocess.Popen(grade_cmd(folder, sheet, "--scheduler", cluster["address"]), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    sessions = {p.pid for p in [cluster["scheduler"], *cluster["workers"]]} | {grader.pid}
    bases = Bases(sessions)
    try:
        deadline = time.monotonic() + 600
        graded = 0
        while graded < 8 and time.monotonic() < deadline:  # 8 notebooks graded by kernels, then the kill
            assert grader.poll() is None, grader.communicate()[1][-3000:]
            bases.poll()
            graded = len(read_rows(sheet)) - unreadable if sheet.exists() else 0
            time.sleep(0.3)
        assert graded < len(names) - unreadable, "the batch finished before a worker could be killed"
        victim = cluster["workers"][0]
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        out, err = grader.communicate(timeout=900)
        assert grader.returncode == 0, err[-3000:]
        assert "Dask cluster: 2 worker(s), 2 job(s) in all" in err
        check_sheet(sheet, names)
        assert len(bases.found) == 2, "one kernel pool per worker"
        # the killed worker's kernels died with it; the other worker's pool closed at the end of the batch
        assert wait_gone({victim.pid}, bases.found) == []
        for proc in [cluster["scheduler"], cluster["workers"][1]]:
            stop(proc)
        assert wait_gone(sessions, bases.found) == []
    finally:
        stop(grader)
        bases.remove()


def test_no_scheduler_at_the_address(tmp_path):
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    write_batch(folder, 4)  # 3 notebooks and a file that is not one
    env = dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="3s")
    address = f"tcp://127.0.0.1:{free_port()}"
    proc = subprocess.run(grade_cmd(folder, sheet, "--scheduler", address), capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=env)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert f"Could not start grading: no Dask scheduler answers at {address}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert read_rows(sheet) == []  # nothing graded, nothing recorded: the same command resumes
