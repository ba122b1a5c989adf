"""Whole-submission limits (kerastutor.grading.cgroups): an unbounded fork bomb and a multi-process
memory storm are contained by their slot's cgroup, get their own status, keep the points the
notebook earns, and the batch goes on; without cgroups the fallback (a watched slot) is chosen —
tests/test_grading_nonroot.py runs it end to end as an unprivileged user.

Each containment test first proves that the cap is in force (the slot's cgroup has the limit and a
real process of the slot is inside it) and never runs the bomb otherwise. Where cgroups cannot be
used the tests are skipped with the reason; as root on Linux (CI) they must run.
"""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
import time

import pytest

from kerastutor.grading import cgroups, runner
from kerastutor.grading import feedback as fb
from kerastutor.grading.pool import KERNEL_WARM, KernelPool, warm_code
from kerastutor.grading.sandbox import Limits, Sandbox, choose
from kerastutor.grading.sheet import Sheet
from kerastutor.grading.submission import Assignment, read_submission

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from submissions import make  # noqa: E402

ROOT = make.ROOT
FULL = {"q1": 3, "q2": 2, "q3": 3, "q4": 2}
FORK_BOMB = "import os\nwhile True:\n    os.fork()"
# Six children that each touch 1.5 GB at once (9 GB in all), then end by themselves.
MEMORY_STORM = textwrap.dedent("""\
    import os, time
    children = []
    for _ in range(6):
        pid = os.fork()
        if pid == 0:
            try:
                hog = b"x" * (1536 << 20)
                time.sleep(2)
            finally:
                os._exit(0)
        children.append(pid)
    ended = [os.waitpid(pid, 0)[1] for pid in children]
    """)
# The whole slot gets 2.5 GB; each process may still map 4 GB, so only the cgroup can stop the storm.
LIMITS = Limits(memory_mb=2560, address_space_mb=4096, max_procs=256)
OPTIONS = runner.Options(cell_timeout=20.0, submission_timeout=120.0, kernel_wait=180.0, default_lang="en")


def _cgroups_expected() -> bool:
    """Root on Linux with a cgroup file system: the limits must work (CI)."""
    return sys.platform == "linux" and os.geteuid() == 0 and (pathlib.Path("/sys/fs/cgroup").is_dir())


def _sandbox() -> Sandbox:
    sandbox = choose("auto", LIMITS)
    if not sandbox.backend.cgroup:
        if _cgroups_expected():
            pytest.fail("running as root on Linux, yet no cgroup backend works here")
        pytest.skip("cgroups cannot be used here (not root and no delegated cgroup)")
    return sandbox


def _assert_cap_in_force(kernel, limits: Limits) -> None:
    """The slot's cgroup holds the limits, and the slot's real processes (sandbox, fork server,
    kernel) are inside it."""
    group = kernel.group
    assert group.folders, "the kernel has no cgroup"
    files = {}
    for folder in group.folders:
        for name in ("pids.max", "memory.max", "memory.limit_in_bytes"):
            if (folder / name).exists():
                files[name] = (folder / name).read_text().strip()
    assert files["pids.max"] == str(limits.max_procs), files
    memory = files.get("memory.max") or files["memory.limit_in_bytes"]
    assert int(memory) == limits.memory_mb << 20, files
    pids = group.pids()
    assert pids, "no process in the slot's cgroup"
    commands = []
    for pid in pids:
        own = pathlib.Path(f"/proc/{pid}/cgroup").read_text()
        assert all(f"/{folder.parent.name}/{folder.name}" in own for folder in group.folders), own
        commands.append(pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    assert any("kerastutor.forkserver" in c or "ipykernel" in c for c in commands), commands


def _submission(tmp_path, name: str, cell: str | None) -> pathlib.Path:
    nb = make.answered("01", "en")
    if cell is not None:
        make.insert_after(nb, "q2_answer", cell)
    path = tmp_path / name
    path.write_bytes(make.encode(nb))
    return path


def _grade_batch(tmp_path, names_and_cells, mode="fork"):
    """Grade the files one after the other with one pool, as a batch does; rows in a sheet."""
    sandbox = _sandbox()
    assignment = Assignment.load(ROOT, "01")
    sheet = Sheet(tmp_path / "grades.csv", assignment.questions)
    pool = KernelPool(sandbox, 2, warm_code("01"), mode=mode, kernel_warm=KERNEL_WARM, launch_timeout=120)
    results = {}
    try:
        probe = pool.take(timeout=180)
        try:
            _assert_cap_in_force(probe, sandbox.limits)  # before any bomb runs
        finally:
            probe.kill()
        for name, cell in names_and_cells:
            path = _submission(tmp_path, name, cell)
            sub = read_submission(path, name, assignment.test_ids, assignment.test_grade_ids)
            result = runner.grade(sub, assignment, pool, OPTIONS)
            sheet.add(name, {q.qid: q.points for q in result.questions}, result.total, result.max_points,
                      result.status, fb.summary(result, "en", OPTIONS.cell_timeout, OPTIONS.submission_timeout,
                                                sandbox.limits))
            results[name] = result
    finally:
        pool.close()
        sheet.finalize()
    rows = {row["submission"]: row for row in _read(tmp_path / "grades.csv")}
    return sandbox, pool, results, rows


def _read(path):
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _assert_nothing_left(sandbox: Sandbox, pool: KernelPool) -> None:
    assert subprocess.run(["true"], timeout=30).returncode == 0  # the machine still starts processes
    deadline = time.monotonic() + 30
    while True:
        parents = [p for p in sandbox.backend.parents() if p.exists()]
        left = [pid for p in parents for slot in p.iterdir() if slot.is_dir()
                for pid in cgroups._procs(slot)]
        mine = [pid for pid in _pids() if str(pool.base) in _cmdline(pid)]
        if not parents and not mine:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"left behind: cgroups {parents} with {left}; processes {mine}")
        time.sleep(0.5)


def _pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _cmdline(pid: int) -> str:
    try:
        return pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_fork_bomb_and_memory_storm_are_contained(tmp_path):
    sandbox, pool, results, rows = _grade_batch(tmp_path, [
        ("fork_bomb.ipynb", FORK_BOMB),
        ("memory_storm.ipynb", MEMORY_STORM),
        ("honest.ipynb", None),
    ])
    bomb, storm, honest = rows["fork_bomb.ipynb"], rows["memory_storm.ipynb"], rows["honest.ipynb"]
    assert bomb["status"] == "process_limit", bomb
    assert "started more processes and threads than allowed (256)" in bomb["message"], bomb
    assert storm["status"] == "memory_limit", storm
    assert "limit 2560 MB" in storm["message"], storm
    for row in (bomb, storm, honest):  # the other cells' answers still score: the culprit is skipped
        assert {q: float(row[q]) for q in FULL} == FULL, row
    assert honest["status"] == "ok", honest
    # 256 forked kernels may also fill the 2.5 GB together (then the OOM killer counts too)
    assert [i.kind for i in results["fork_bomb.ipynb"].incidents][0] == "process_limit"
    assert [i.kind for i in results["memory_storm.ipynb"].incidents] == ["memory_limit"]
    _assert_nothing_left(sandbox, pool)


def test_memory_storm_is_stopped_by_the_cgroup_in_spawn_mode(tmp_path):
    """The other launcher: a new sandbox and cgroup per kernel. The OOM kills are the cgroup's own."""
    sandbox = _sandbox()
    pool = KernelPool(sandbox, 1, "import os", mode="spawn", launch_timeout=120)
    try:
        kernel = pool.take(timeout=180)
        try:
            _assert_cap_in_force(kernel, sandbox.limits)
            reply = kernel.execute(MEMORY_STORM, timeout=60)
            assert reply.status in ("ok", "died"), reply
            assert kernel.limit_hits() == {"memory_limit"}
            memory = next(f for f in kernel.group.folders if (f / "memory.oom_control").exists()
                          or (f / "memory.events").exists())
            text = ((memory / "memory.oom_control") if (memory / "memory.oom_control").exists()
                    else memory / "memory.events").read_text()
            assert cgroups._field(text, "oom_kill") > 0, text
        finally:
            kernel.kill()
        assert not any(f.exists() for f in kernel.group.folders)
    finally:
        pool.close()
    _assert_nothing_left(sandbox, pool)


def test_backends_are_registered_by_name_and_cgroup_first():
    assert list(cgroups.BACKENDS) == ["v2", "v1", "rlimit"]
    assert cgroups.detect("rlimit").name == "rlimit"
    assert not cgroups.detect("rlimit").cgroup
    with pytest.raises(RuntimeError):
        unavailable = "v1" if (cgroups.ROOT / "cgroup.controllers").exists() else "v2"
        cgroups.detect(unavailable)


def test_slot_command_enters_its_cgroup_before_the_kernel_runs(tmp_path):
    sandbox = _sandbox()
    group = sandbox.slot("probe")
    try:
        command = sandbox.command(["/bin/sh", "-c", "cat /proc/self/cgroup"], tmp_path, group)
        proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        if not sandbox.isolated:  # in bubblewrap's cgroup namespace the paths read "/"
            for folder in group.folders:
                assert f"/{folder.parent.name}/{folder.name}" in proc.stdout
        assert group.counters() == {"process_limit": 0, "memory_limit": 0}
    finally:
        assert group.close()
    assert not any(f.exists() for f in group.folders)


def test_v2_backend_writes_the_limits_and_reads_the_events(tmp_path):
    """cgroup v2 is not on every test machine: its files, as the kernel lays them out, in a folder."""
    for name in ("pids.max", "memory.max", "memory.swap.max", "cpu.weight", "memory.oom.group"):
        (tmp_path / name).write_text("max\n")
    files = cgroups.CgroupV2().configure([tmp_path], Limits(memory_mb=3000, max_procs=99))
    assert (tmp_path / "pids.max").read_text() == "99\n"
    assert (tmp_path / "memory.max").read_text() == f"{3000 << 20}\n"
    assert (tmp_path / "memory.swap.max").read_text() == "0\n"
    (tmp_path / "pids.events").write_text("max 7\n")
    (tmp_path / "memory.events").write_text("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n")
    group = cgroups.Group([tmp_path], files)
    assert group.counters() == {"process_limit": 7, "memory_limit": 2}
    assert group.wrap(["python", "-V"])[-2:] == ["python", "-V"]
    assert f"echo $$ > {tmp_path / 'cgroup.procs'}" in group.wrap(["x"])[2]


def test_cgroups_of_a_grader_that_died_are_removed(tmp_path):
    """A grader killed with SIGKILL leaves empty cgroups: the next grader removes them."""
    sandbox = _sandbox()
    backend = sandbox.backend
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = [base / f"{cgroups.PREFIX}{dead.pid}" / "s1-1" for base in backend.bases().values()]
    for folder in stale:
        folder.mkdir(parents=True)
    try:
        backend.clean_stale()
        assert not any(folder.parent.exists() for folder in stale)
    finally:
        for folder in stale:
            for path in (folder, folder.parent):
                if path.exists():
                    path.rmdir()


def test_a_limit_hit_in_a_function_the_tests_call_has_its_status(tmp_path):
    """The fork bomb is in q2's function, not in a cell: it goes off when the tests call it, in
    the student's kernel that answers the teacher's. The row still says process_limit, q2 scores 0,
    and the other questions score on the notebook replayed in a new kernel."""
    bomb_in_a_function = "def dense_output_shape(input_shape, units):\n    import os\n    while True:\n        os.fork()"
    sandbox, pool, results, rows = _grade_batch(tmp_path, [("bomb_in_a_function.ipynb", bomb_in_a_function)])
    row = rows["bomb_in_a_function.ipynb"]
    assert row["status"] == "process_limit", row
    assert {q: float(row[q]) for q in FULL} == {**FULL, "q2": 0}, row
    assert "when the tests called your code, it started more processes and threads than allowed (256)" in row["message"]
    first = results["bomb_in_a_function.ipynb"].incidents[0]
    assert (first.kind, first.cell) == ("process_limit", None)
    _assert_nothing_left(sandbox, pool)
