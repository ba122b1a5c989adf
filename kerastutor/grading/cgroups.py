"""Whole-slot limits: every grading slot (one sandbox and all it starts) in a control group of its own.

A slot's cgroup caps, for everything inside it together: processes + threads (`pids.max`),
memory with no swap (v2 `memory.max` + `memory.swap.max=0`; v1 `memory.limit_in_bytes` +
`memory.memsw.limit_in_bytes` when the kernel has swap accounting), and an equal CPU share
(v2 `cpu.weight`, v1 `cpu.shares`) so one slot cannot starve the others.

Backends are registered by name and tried in order (`BACKENDS`, `detect()`): "v2" (unified
hierarchy), "v1" (separate `pids`/`memory`/`cpu` hierarchies), and "rlimit" — where no cgroup can
be made (not root, nothing delegated): a watched slot (kerastutor.grading.watched), its processes kept in
one tree by a subreaper wrapper and looked at from /proc every 20 ms, with RLIMIT_NPROC (which
counts all processes of the grader's user) as a backstop and RLIMIT_AS per process. Each one gives
slots (`group(name)`) with the same small interface:

    wrap(argv)   the command that first moves itself into the slot's cgroup, then execs argv
                 (so nothing of the submission ever runs outside it)
    counters()   {"process_limit": n, "memory_limit": n}: times the slot hit pids.max / was
                 OOM-killed (pids.events, memory.oom_control or memory.events; a watched slot:
                 times the watcher killed it for that)
    pids()       processes in the slot
    close()      SIGKILLs every process in it (until none is left) and removes it

Cgroups are made below the grader's own cgroup (so limits set on the grader still hold) as
`kerastutor-<grader pid>/<slot>`; those of graders that died are removed by `clean_stale()`.
"""
from __future__ import annotations

import atexit
import os
import pathlib
import shlex
import signal
import threading
import time

from .watched import WATCH_INTERVAL, Watcher, WatchedGroup, user_tasks

ROOT = pathlib.Path("/sys/fs/cgroup")
PREFIX = "kerastutor-"
CPU_SHARES_V1 = 1024  # the kernel's default share: slots are equal siblings
CPU_WEIGHT_V2 = 100


def _read(path: pathlib.Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _write(path: pathlib.Path, value) -> None:
    path.write_text(f"{value}\n")


def _field(text: str, key: str) -> int:
    """`key N` from a flat-keyed cgroup file (pids.events, memory.events, memory.oom_control)."""
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _own_path(controller: str) -> str:
    """The grader's cgroup in a hierarchy ("" = the unified one), from /proc/self/cgroup."""
    for line in _read(pathlib.Path("/proc/self/cgroup")).splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(",") or (controller == "" and controllers == ""):
            return path.lstrip("/")
    return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _procs(folder: pathlib.Path) -> list[int]:
    return [int(p) for p in _read(folder / "cgroup.procs").split()]


def _empty_and_remove(folders: list[pathlib.Path], timeout: float = 10.0) -> bool:
    """SIGKILL every process in `folders` until none is left (a fork bomb refills the slot only up
    to pids.max), then remove the folders. False when something would not go."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted({pid for folder in folders for pid in _procs(folder)})
        if not left:
            break
        if time.monotonic() > deadline:
            return False
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)
    ok = True
    for folder in folders:
        for _try in range(100):  # processes just killed leave their cgroup a moment later
            try:
                folder.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.05)
        else:
            ok = False
    return ok


class Group:
    """One slot's cgroup (in one or several hierarchies)."""

    def __init__(self, folders: list[pathlib.Path], files: dict[str, pathlib.Path]):
        self.folders = folders  # where cgroup.procs is written (one per hierarchy)
        self.files = files  # counters: "pids.events" / "memory.oom_control" / "memory.events" -> path
        self.closed = False

    def wrap(self, argv: list[str]) -> list[str]:
        enter = " && ".join(f"echo $$ > {shlex.quote(str(f / 'cgroup.procs'))}" for f in self.folders)
        return ["/bin/sh", "-c", f'{enter} && exec "$@"', "kerastutor-slot", *argv]

    def counters(self) -> dict[str, int]:
        out = {"process_limit": 0, "memory_limit": 0}
        if "pids.events" in self.files:
            out["process_limit"] = _field(_read(self.files["pids.events"]), "max")
        for name in ("memory.oom_control", "memory.events"):
            if name in self.files:
                out["memory_limit"] = _field(_read(self.files[name]), "oom_kill")
        return out

    def pids(self) -> list[int]:
        return sorted({pid for folder in self.folders for pid in _procs(folder)})

    def close(self) -> bool:
        if self.closed:
            return True
        self.closed = True
        ok = _empty_and_remove(self.folders)
        for folder in self.folders:  # the grader's parent folder, once its last slot is gone
            try:
                folder.parent.rmdir()
            except OSError:
                pass
        return ok


def _find(tops: list[pathlib.Path], depth: int = 4) -> list[pathlib.Path]:
    """Folders named kerastutor-<pid> at most `depth` levels below `tops`."""
    found, level = [], [t for t in tops if t.is_dir()]
    for _ in range(depth):
        below = []
        for folder in level:
            try:
                children = [c for c in folder.iterdir() if c.is_dir()]
            except OSError:
                continue
            for child in children:
                (found if child.name.startswith(PREFIX) else below).append(child)
        level = below
    return found


class NoGroup:
    """A slot with nothing to enter and no counters (what a kernel has before it gets a slot)."""

    folders: list = []

    def wrap(self, argv: list[str]) -> list[str]:
        return argv

    def counters(self) -> dict[str, int]:
        return {"process_limit": 0, "memory_limit": 0}

    def pids(self) -> list[int]:
        return []

    def close(self) -> bool:
        return True


class Backend:
    """A way to cap a slot. Subclasses: `available()`, `bases()`, `configure(folders, limits)`."""

    name = ""
    cgroup = True  # False: no cgroup (the slots are watched from user space)

    def __init__(self):
        self._lock = threading.Lock()
        self._count = 0

    @classmethod
    def available(cls) -> bool:
        raise NotImplementedError

    def bases(self) -> dict[str, pathlib.Path]:
        """controller (or "" for unified) -> the grader's own cgroup folder in that hierarchy."""
        raise NotImplementedError

    def parents(self) -> list[pathlib.Path]:
        return [base / f"{PREFIX}{os.getpid()}" for base in self.bases().values()]

    def group(self, name: str, limits) -> Group:
        with self._lock:
            self._count += 1
            leaf = f"{name}-{self._count}"
        folders = []
        try:
            for parent in self.parents():
                for attempt in range(3):  # another slot's close() may remove the empty parent meanwhile
                    self.prepare_parent(parent)
                    try:
                        (parent / leaf).mkdir()
                        break
                    except FileNotFoundError:
                        if attempt == 2:
                            raise
                folders.append(parent / leaf)
            files = self.configure(folders, limits)
        except OSError:
            _empty_and_remove(folders)
            raise
        return Group(folders, files)

    def prepare_parent(self, parent: pathlib.Path) -> None:
        parent.mkdir(exist_ok=True)

    def configure(self, folders: list[pathlib.Path], limits) -> dict[str, pathlib.Path]:
        raise NotImplementedError

    def mounts(self) -> list[pathlib.Path]:
        """The hierarchies' top folders (where stale graders' cgroups are looked for)."""
        return []

    def clean_stale(self) -> None:
        """Remove the cgroups of graders that died (their pid is gone; a grader killed with
        SIGKILL leaves its empty cgroups behind). They are looked for in the whole hierarchy, not
        only below this grader's cgroup: a dead grader may have run in another one."""
        for parent in _find(self.mounts()):
            pid = parent.name[len(PREFIX):]
            if not pid.isdigit() or _alive(int(pid)):
                continue
            _empty_and_remove([p for p in parent.iterdir() if p.is_dir()])
            try:
                parent.rmdir()
            except OSError:
                pass

    def close_all(self) -> None:
        """At exit: every slot this grader still has (normally none)."""
        for parent in self.parents():
            if parent.is_dir():
                _empty_and_remove([p for p in parent.iterdir() if p.is_dir()])
                try:
                    parent.rmdir()
                except OSError:
                    pass


class _ProbeLimits:
    max_procs, memory_mb = 64, 256


def _probe(backend: Backend) -> bool:
    """Whether we may make, limit and remove a slot's cgroup where the slots would go (v2: also
    whether the controllers can be enabled for it)."""
    try:
        if not backend.bases():
            return False
        group = backend.group(f"probe-{threading.get_ident()}", _ProbeLimits)
    except OSError:
        return False
    return group.close()


class CgroupV2(Backend):
    name = "v2"
    CONTROLLERS = ("pids", "memory", "cpu")

    @classmethod
    def available(cls) -> bool:
        if not (ROOT / "cgroup.controllers").exists():
            return False
        backend = cls()
        if not set(cls.CONTROLLERS[:2]) <= set(_read(backend.bases()[""] / "cgroup.controllers").split()):
            return False
        return _probe(backend)

    def bases(self) -> dict[str, pathlib.Path]:
        return {"": ROOT / _own_path("")}

    def mounts(self) -> list[pathlib.Path]:
        return [ROOT]

    def prepare_parent(self, parent: pathlib.Path) -> None:
        # Controllers reach a child only through each parent's cgroup.subtree_control. The
        # grader's own cgroup may refuse this when it has processes of its own ("no internal
        # processes" rule): then the probe in available() still passes, and the writes below fail
        # with an OSError that makes the launch fail — delegate a cgroup to the grader instead.
        parent.mkdir(exist_ok=True)
        wanted = " ".join(f"+{c}" for c in self.CONTROLLERS
                          if c in _read(parent.parent / "cgroup.controllers").split())
        for folder in (parent.parent, parent):
            if not set(w[1:] for w in wanted.split()) <= set(_read(folder / "cgroup.subtree_control").split()):
                _write(folder / "cgroup.subtree_control", wanted)

    def configure(self, folders, limits):
        (folder,) = folders
        _write(folder / "pids.max", limits.max_procs)
        _write(folder / "memory.max", limits.memory_mb << 20)
        if (folder / "memory.swap.max").exists():
            _write(folder / "memory.swap.max", 0)
        if (folder / "cpu.weight").exists():
            _write(folder / "cpu.weight", CPU_WEIGHT_V2)
        if (folder / "memory.oom.group").exists():
            _write(folder / "memory.oom.group", 0)  # the OOM killer takes one process, not the slot
        return {"pids.events": folder / "pids.events", "memory.events": folder / "memory.events"}


class CgroupV1(Backend):
    name = "v1"
    REQUIRED = ("pids", "memory")
    OPTIONAL = ("cpu",)

    @classmethod
    def available(cls) -> bool:
        if (ROOT / "cgroup.controllers").exists():
            return False
        return _probe(cls())

    def bases(self) -> dict[str, pathlib.Path]:
        out = {}
        for controller in self.REQUIRED + self.OPTIONAL:
            mount = ROOT / controller
            if (mount / "cgroup.procs").exists():
                out[controller] = mount / _own_path(controller)
            elif controller in self.REQUIRED:
                return {}
        return out

    def mounts(self) -> list[pathlib.Path]:
        return [ROOT / controller for controller in self.bases()]

    def configure(self, folders, limits):
        by = {controller: folder for controller, folder in zip(self.bases(), folders)}
        _write(by["pids"] / "pids.max", limits.max_procs)
        memory = by["memory"]
        _write(memory / "memory.limit_in_bytes", limits.memory_mb << 20)
        if (memory / "memory.memsw.limit_in_bytes").exists():  # swap accounting on: no swap either
            _write(memory / "memory.memsw.limit_in_bytes", limits.memory_mb << 20)
        if "cpu" in by:
            _write(by["cpu"] / "cpu.shares", CPU_SHARES_V1)
        return {"pids.events": by["pids"] / "pids.events", "memory.oom_control": memory / "memory.oom_control"}


class Rlimits(Backend):
    """No cgroup: slots watched from user space (WatchedGroup), and per-process limits set by
    prlimit in the sandbox command (RLIMIT_NPROC as a backstop for a non-root grader)."""

    name = "rlimit"
    cgroup = False

    def __init__(self, interval: float = WATCH_INTERVAL):
        super().__init__()
        self.interval = interval
        self.watcher = Watcher(interval)

    @classmethod
    def available(cls) -> bool:
        return True

    def bases(self):
        return {}

    def group(self, name, limits):
        with self._lock:
            self._count += 1
            leaf = f"{name}-{self._count}"
        return WatchedGroup(self.watcher, leaf, limits)

    @staticmethod
    def nproc_backstop(limits) -> int:
        """RLIMIT_NPROC for a slot: what the grader's user runs now plus twice the slot's cap (it
        counts every process of the user; the watcher stops a slot at max_procs well before)."""
        return user_tasks() + 2 * limits.max_procs

    def clean_stale(self):
        pass

    def close_all(self):
        for group in list(self.watcher.groups.values()):
            group.close()


# Tried in this order by detect(); "rlimit" always works.
BACKENDS: dict[str, type[Backend]] = {"v2": CgroupV2, "v1": CgroupV1, "rlimit": Rlimits}

_chosen: dict[str, Backend] = {}
_chosen_lock = threading.Lock()


def detect(requested: str = "auto") -> Backend:
    """The backend to use: `requested` by name, or with "auto" the first available one. One
    instance per process (its slots share the grader's parent cgroup)."""
    with _chosen_lock:
        if requested not in _chosen:
            names = list(BACKENDS) if requested == "auto" else [requested]
            for name in names:
                cls = BACKENDS[name]
                if cls.available():
                    backend = cls()
                    backend.clean_stale()
                    atexit.register(backend.close_all)
                    _chosen[requested] = backend
                    break
            else:
                raise RuntimeError(f"cgroup backend {requested!r} is not available here")
        return _chosen[requested]
