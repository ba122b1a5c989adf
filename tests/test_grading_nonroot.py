"""The fallback without cgroups (kerastutor.grading.cgroups: a watched slot), and the real grader
run from this clone by an unprivileged user.

As nobody no cgroup can be made: each slot's processes are watched from user space (every 20 ms,
from /proc) and the whole slot is killed over its memory or at its process cap. The end-to-end test
first proves, as nobody, that both caps stop a *bounded* fork loop and a *bounded* allocation in a
watched slot, and only then grades an unbounded fork bomb, a multi-process memory storm and an
honest notebook with `python -m kerastutor grade`.

nobody cannot reach a clone under /root (0700) nor the interpreter in /root/.pyenv: the test runs the
grader in a private mount namespace (`unshare --mount`) where a tmpfs (mode 755) covers each such
ancestor and the needed folders are bound back into it, then drops to nobody with `setpriv`. Nothing
is copied. Skipped only when not root or when unshare/setpriv are missing; as root on Linux (CI) it
runs.
"""
from __future__ import annotations

import csv
import json
import os
import pathlib
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from kerastutor.grading import cgroups, watched
from kerastutor.grading.sandbox import Limits, Sandbox

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from submissions import make  # noqa: E402

NOBODY = 65534
FULL = {"q1": 3, "q2": 2, "q3": 3, "q4": 2}
FORK_BOMB = "import os\nwhile True:\n    os.fork()"
# Four processes that each touch 1.5 GB at once (6 GB in all, under a 2.5 GB cap). They are fresh
# interpreters (a forked TensorFlow kernel maps too much to add 1.5 GB under RLIMIT_AS = 2.5 GB).
MEMORY_STORM = textwrap.dedent("""\
    import subprocess, sys
    hog = "import time; hog = b'x' * (1536 << 20); time.sleep(3)"
    children = [subprocess.Popen([sys.executable, "-c", hog]) for _ in range(4)]
    ended = [child.wait() for child in children]
    """)


# --- the watched slot itself, in this process ------------------------------------------------------

def _run_in(group, code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(group.wrap([sys.executable, "-c", code]), capture_output=True, text=True,
                          timeout=timeout, start_new_session=True)


def test_watched_slot_kills_over_its_caps_and_leaves_nothing():
    """A slot over its process cap or its memory is killed whole and counted; a process that
    detached itself (double fork + setsid) still dies with its slot."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the watched slot reads /proc")
    backend = cgroups.Rlimits()
    limits = Limits(memory_mb=300, max_procs=40)

    forks = backend.group("forks", limits)
    # one fork every 10 ms: the watcher (a look every 20 ms) must stop it long before the 200th
    proc = _run_in(forks, "import os, time\nfor _ in range(200):\n    if os.fork() == 0:\n"
                          "        time.sleep(30)\n        os._exit(0)\n    time.sleep(0.01)\n"
                          "print('all forked')\ntime.sleep(30)")
    assert proc.returncode != 0 and "all forked" not in proc.stdout, proc
    assert forks.counters() == {"process_limit": 1, "memory_limit": 0}
    assert forks.close() and forks.pids() == []

    memory = backend.group("memory", limits)
    proc = _run_in(memory, "import time\nhog = b'x' * (600 << 20)\nprint('held')\ntime.sleep(30)")
    assert proc.returncode != 0 and "held" not in proc.stdout, proc
    assert memory.counters() == {"process_limit": 0, "memory_limit": 1}
    assert memory.close()

    calm = backend.group("calm", limits)
    detach = ("import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
              "        print(os.getpid(), flush=True)\n        time.sleep(60)\n    os._exit(0)\n"
              "time.sleep(1)\nhog = b'x' * (100 << 20)")
    proc = _run_in(calm, detach)
    assert proc.returncode == 0, proc
    detached = int(proc.stdout.split()[0])
    deadline = time.monotonic() + 10
    while watched._usage(detached) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert watched._usage(detached) is None, "the detached grandchild outlived its slot"
    assert calm.counters() == {"process_limit": 0, "memory_limit": 0}
    assert calm.close() and not backend.watcher.groups


def test_the_fallback_says_what_holds(monkeypatch):
    """The header sentence: no cgroup, the watch interval, the caps, the gaps; and RLIMIT_NPROC,
    counted per user, as a backstop for a non-root grader (root is exempt)."""
    sandbox = Sandbox("none", "disabled", Limits(memory_mb=2560, max_procs=40), cgroups.Rlimits())
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    en, zh = sandbox.in_force("en"), sandbox.in_force("zh")
    assert "no cgroup could be used here" in en and "every 20 ms" in en and "more than 2560 MB" in en
    assert "reach 40 processes and threads" in en and "A burst between two looks can overshoot" in en
    assert "root, which RLIMIT_NPROC does not bind" in en
    assert "每 20 毫秒" in zh and "2560 MB" in zh and "40 个" in zh and "不受 RLIMIT_NPROC 约束" in zh
    assert "--nproc=" not in " ".join(sandbox.command(["true"], pathlib.Path("/tmp")))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # as a teacher's own account would run it
    en, zh = sandbox.in_force("en"), sandbox.in_force("zh")
    assert "counts every process of the grader's user together" in en and "按用户计算" in zh
    nproc = [a for a in sandbox.command(["true"], pathlib.Path("/tmp")) if a.startswith("--nproc=")]
    assert len(nproc) == 1 and int(nproc[0].split("=")[1]) >= 2 * 40, nproc  # the user's tasks + 2 caps


# --- end to end, as nobody, from this clone ------------------------------------------------------------

def _needed() -> list[pathlib.Path]:
    """What the grader needs to read: the clone, the virtualenv, the interpreter's installation."""
    paths = {make.ROOT.resolve(), pathlib.Path(sys.prefix).resolve(), pathlib.Path(sys.base_prefix).resolve(),
             pathlib.Path(sys.executable).resolve().parent.parent}
    return sorted(p for p in paths if not any(q in p.parents for q in paths))


def _closed_ancestor(path: pathlib.Path) -> pathlib.Path | None:
    """The topmost ancestor of `path` that others may not enter (no o+x)."""
    for ancestor in reversed(path.parents):
        if not os.stat(ancestor).st_mode & stat.S_IXOTH:
            return ancestor
    return None


def _reach_script(aside: pathlib.Path) -> str:
    """sh: bind the needed folders aside, cover each closed ancestor with a tmpfs (755), bind them
    back, then become nobody and run "$@"."""
    needed = [(p, _closed_ancestor(p)) for p in _needed()]
    needed = [(p, top) for p, top in needed if top is not None]
    lines = ["set -e"]
    for i, (path, _) in enumerate(needed):
        lines += [f"mkdir -p {aside / str(i)}", f"mount --bind {shlex.quote(str(path))} {aside / str(i)}"]
    for top in sorted({top for _, top in needed}):
        lines.append(f"mount -t tmpfs -o mode=755 tmpfs {shlex.quote(str(top))}")
    for i, (path, _) in enumerate(needed):
        lines += [f"mkdir -p {shlex.quote(str(path))}", f"mount --bind {aside / str(i)} {shlex.quote(str(path))}"]
    lines.append(f'exec setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups --inh-caps=-all "$@"')
    return "\n".join(lines)


def _as_nobody(world: pathlib.Path, argv: list[str], timeout: float) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(world), "TMPDIR": str(world),
           "MPLCONFIGDIR": str(world / ".matplotlib"), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
           "KERASTUTOR_LANG": "en"}
    aside = pathlib.Path(tempfile.mkdtemp(prefix="ktnr-aside-"))  # its mounts exist only in the namespace
    try:
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", _reach_script(aside),
                               "sh", *argv], capture_output=True, text=True, timeout=timeout, cwd=world, env=env)
    finally:
        shutil.rmtree(aside, ignore_errors=True)


PROBE = textwrap.dedent("""\
    import json, os, pathlib, subprocess, sys, time
    from kerastutor.grading import sandbox as sb
    s = sb.choose("auto", sb.Limits(memory_mb=400, max_procs=48, address_space_mb=4096))
    out = {"uid": os.getuid(), "backend": s.backend.name, "sandbox": s.mode, "reason": s.reason}
    scratch = pathlib.Path(os.environ["TMPDIR"]) / "probe"
    scratch.mkdir()

    def run(code):
        group = s.slot("probe")
        command = s.command([sys.executable, "-c", code], scratch, group)
        proc = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=scratch,
                              env=s.env(scratch), start_new_session=True)
        counters, closed = group.counters(), group.close()
        return {"rc": proc.returncode, "stdout": proc.stdout, "counters": counters, "closed": closed,
                "left": group.pids()}

    # bounded: at most 120 children, one per 10 ms, and 1 GB once (the caps: 48 processes and threads, 400 MB)
    out["forks"] = run("import os, time\\nfor _ in range(120):\\n    if os.fork() == 0:\\n"
                       "        time.sleep(20)\\n        os._exit(0)\\n    time.sleep(0.01)\\nprint('all forked')")
    out["memory"] = run("import time\\nhog = b'x' * (1000 << 20)\\nprint('held', flush=True)\\ntime.sleep(20)")
    print(json.dumps(out))
    """)


def _nobody_processes(world: pathlib.Path) -> list[str]:
    """Live processes of nobody that belong to this test (their command line or environment
    names its folder)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            status = pathlib.Path(f"/proc/{name}/status").read_text()
            owner = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
            zombie = "\nState:\tZ" in status
            seen = (pathlib.Path(f"/proc/{name}/cmdline").read_bytes()
                    + pathlib.Path(f"/proc/{name}/environ").read_bytes())
        except (OSError, StopIteration):
            continue
        if owner == NOBODY and not zombie and str(world).encode() in seen:
            found.append(f"{name}: {seen[:120]!r}")
    return found


def test_a_non_root_grader_contains_a_fork_bomb_and_a_memory_storm():
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("needs root on Linux (to become nobody)")
    missing = [tool for tool in ("unshare", "setpriv", "mount") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs util-linux's {', '.join(missing)}")
    world = pathlib.Path(tempfile.mkdtemp(prefix="ktnr-", dir="/tmp"))  # short: socket paths
    world.chmod(0o777)
    try:
        _grade_as_nobody(world)
    finally:
        shutil.rmtree(world, ignore_errors=True)


def _grade_as_nobody(world: pathlib.Path) -> None:
    python = str(pathlib.Path(sys.prefix) / "bin" / "python")
    # 1. the caps are in force for nobody, on bounded work, before anything unbounded runs
    probe = _as_nobody(world, [python, "-c", PROBE], timeout=120)
    assert probe.returncode == 0, probe.stderr[-3000:]
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert found["uid"] == NOBODY and found["backend"] == "rlimit", found
    forks, memory = found["forks"], found["memory"]
    assert forks["counters"] == {"process_limit": 1, "memory_limit": 0}, forks
    assert "all forked" not in forks["stdout"] and forks["rc"] != 0, forks
    assert memory["counters"] == {"process_limit": 0, "memory_limit": 1}, memory
    assert "held" not in memory["stdout"] and memory["rc"] != 0, memory
    assert forks["closed"] and memory["closed"] and not forks["left"] and not memory["left"], found

    # 2. the real CLI on an unbounded fork bomb, a memory storm and an honest notebook
    subs = world / "subs"
    subs.mkdir()
    for name, cell in [("fork_bomb", FORK_BOMB), ("memory_storm", MEMORY_STORM), ("honest", None)]:
        nb = make.answered("01", "en")
        if cell is not None:
            make.insert_after(nb, "q2_answer", cell)
        (subs / f"{name}.ipynb").write_bytes(make.encode(nb))
    sheet = world / "out" / "grades.csv"
    (world / "out").mkdir(mode=0o777)
    (world / "out").chmod(0o777)
    graded = _as_nobody(world, [python, "-m", "kerastutor", "grade", "--assignment", "01", "--memory-mb", "2560",
                                "--max-procs", "256", "--jobs", "2", "--timeout", "20", "--lang", "en",
                                "--out", str(sheet), str(subs)], timeout=300)
    assert graded.returncode == 0, (graded.stdout[-2000:], graded.stderr[-3000:])
    with open(sheet, encoding="utf-8", newline="") as f:
        rows = {row["submission"]: row for row in csv.DictReader(f)}
    bomb, storm, honest = rows["fork_bomb.ipynb"], rows["memory_storm.ipynb"], rows["honest.ipynb"]
    run = (rows, graded.stdout[-3000:])
    assert bomb["status"] == "process_limit", run
    assert storm["status"] == "memory_limit", run
    assert honest["status"] == "ok", run
    for row in (bomb, storm, honest):  # the other cells still score
        assert {q: float(row[q]) for q in FULL} == FULL, row
    note = (world / "out" / "grades_limits.txt").read_text(encoding="utf-8")
    assert "no cgroup could be used here" in note and "every 20 ms" in note, note
    assert "counts every process of the grader's user" in note, note  # nobody: RLIMIT_NPROC backstop
    assert "bubblewrap" in note or "UNSANDBOXED" in note.upper() or "unsandboxed" in note, note

    # 3. the machine still starts processes, for nobody too, and nothing of nobody is left
    assert subprocess.run(["true"], timeout=30).returncode == 0
    assert _as_nobody(world, ["true"], timeout=60).returncode == 0
    deadline = time.monotonic() + 30
    while (left := _nobody_processes(world)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, left
