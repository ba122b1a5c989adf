"""Where a submission's kernel runs: a bubblewrap sandbox when we can, resource limits always.

With bubblewrap (`bwrap`), the kernel process
- has no network (its own empty network namespace) and sees no other process (own PID namespace);
- sees an *allow-list* of the file system, read-only: the system (/usr, a few /etc files), the
  Python installation and virtualenv, and the kerastutor package. Nothing else exists for it: not
  the course repository (so no solutions/ and no hidden tests), not the submissions folder, not the
  grade sheet, not the other kernels' folders;
- can write only to its own scratch folder, where its working directory and HOME are a private,
  size-limited tmpfs (`work/`), and to a private, size-limited /tmp (an accidental multi-GB file
  fills the tmpfs, not the teacher's disk);
- dies with the grader (--die-with-parent), and everything it started dies with it (PID namespace).

Without bubblewrap the kernel still runs in a scratch folder, in its own session, with the same
resource limits, but it can read and write everything the teacher can and use the network; the
grader says so plainly.

Whole-slot limits (kerastutor.grading.cgroups): each grading slot — a sandbox and everything it
starts — is in a cgroup of its own with at most `max_procs` processes + threads, `memory_mb` of
memory in all (no swap) and an equal CPU share. Where no cgroup can be made, the grader watches
each slot's processes itself (every few milliseconds; over a limit it kills the slot), with
RLIMIT_NPROC as a backstop for a non-root grader; `Sandbox.in_force(lang)` says which.

Per-process limits (prlimit, inherited by everything the kernel starts), always: address space
(`address_space_mb`, default `memory_mb`: an allocation never touched, which a cgroup does not see,
gets MemoryError instead of growing without end), file size, open files, core dumps off.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import pathlib
import shutil
import subprocess
import sys

from . import cgroups

# Own user namespace as an unprivileged user with no capabilities (even when the grader runs as
# root), own PID and network namespaces, and death with the grader.
ISOLATION = ["--die-with-parent", "--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
             "--unshare-pid", "--unshare-net"]

# /etc files a Python + TensorFlow kernel needs; nothing else of /etc is shown.
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group",
             "nsswitch.conf", "hosts", "host.conf", "mime.types", "fonts")


@dataclasses.dataclass(frozen=True)
class Limits:
    # The whole submission (every process a grading slot starts): the slot's cgroup memory limit,
    # no swap. Where there is no cgroup, it is each process's address-space limit instead.
    memory_mb: int = 4096
    max_procs: int = 256  # processes + threads of a whole slot: cgroup pids.max (else RLIMIT_NPROC)
    # RLIMIT_AS of each process, a second line of defence (None: memory_mb). TensorFlow maps ~1.5 GB
    # of address space for a small model.
    address_space_mb: int | None = None
    file_mb: int = 256  # RLIMIT_FSIZE: the largest file the kernel may write
    open_files: int = 1024  # RLIMIT_NOFILE
    tmpfs_mb: int = 512  # size of the sandbox's /tmp and of its working directory

    @property
    def process_memory_mb(self) -> int:
        return self.address_space_mb or self.memory_mb

    def prlimit(self, nproc: int | None = None) -> list[str]:
        """prlimit's command prefix; `nproc`: also RLIMIT_NPROC (the fallback's backstop)."""
        exe = shutil.which("prlimit")
        if exe is None:  # pragma: no cover - util-linux is everywhere we run
            return [sys.executable, "-m", "kerastutor.grading.limits", str(self.process_memory_mb),
                    str(self.file_mb), str(self.open_files), str(nproc or 0), "--"]
        mem = self.process_memory_mb * 1024 * 1024
        return [exe, f"--as={mem}", f"--fsize={self.file_mb * 1024 * 1024}",
                f"--nofile={self.open_files}", "--core=0"] + ([f"--nproc={nproc}"] if nproc else []) + ["--"]


def _python_paths() -> list[pathlib.Path]:
    """Folders the kernel's Python needs: the interpreter's installation, the virtualenv, and the
    kerastutor package (an editable install points into the repository: only the package folder
    is shown, not the repository)."""
    import kerastutor

    paths = {pathlib.Path(sys.base_prefix).resolve(), pathlib.Path(sys.prefix).resolve(),
             pathlib.Path(sys.prefix), pathlib.Path(kerastutor.__file__).resolve().parent}
    exe = pathlib.Path(sys.executable)
    paths.add(exe.resolve().parent.parent)
    return sorted(paths)


@dataclasses.dataclass
class Sandbox:
    """How kernels are launched: `mode` is "bwrap" or "none"."""

    mode: str
    reason: str = ""  # why there is no sandbox (when mode == "none")
    limits: Limits = dataclasses.field(default_factory=Limits)
    # How a slot is capped as a whole (kerastutor.grading.cgroups; None: the watched fallback)
    cgroups: cgroups.Backend | None = None

    @property
    def isolated(self) -> bool:
        return self.mode == "bwrap"

    @property
    def backend(self) -> cgroups.Backend:
        return self.cgroups or cgroups.Rlimits()

    def slot(self, name: str):
        """A new grading slot's cgroup (kerastutor.grading.cgroups.Group; an empty one without
        cgroups). OSError when it cannot be made."""
        return self.backend.group(name, self.limits)

    def command(self, argv: list[str], scratch: pathlib.Path, group=None) -> list[str]:
        """The command that runs `argv` (the kernel) confined to `scratch`, and, with `group`,
        moved into that slot's cgroup before anything else runs."""
        nproc = self.backend.nproc_backstop(self.limits) if self.nproc_limited else None
        limited = self.limits.prlimit(nproc=nproc) + argv
        if self.mode == "bwrap":
            limited = bwrap_prefix(scratch, self.limits) + limited
        return group.wrap(limited) if group is not None else limited

    @property
    def nproc_limited(self) -> bool:
        """RLIMIT_NPROC as a backstop: only without cgroups, and only for a non-root grader (root
        is exempt from RLIMIT_NPROC)."""
        return not self.backend.cgroup and os.geteuid() != 0

    def in_force(self, lang: str) -> str:
        """Which limits hold for each submission, in `lang`: the cgroup's, or the watched slot's
        (how often it looks, what it stops, and what it cannot promise)."""
        from ..i18n import t

        limits = self.limits
        values = dict(procs=limits.max_procs, memory=limits.memory_mb, address=limits.process_memory_mb,
                      backend=self.backend.name,
                      interval=round(getattr(self.backend, "interval", cgroups.WATCH_INTERVAL) * 1000))
        if self.backend.cgroup:
            return t("limits.cgroup", lang=lang, **values)
        parts = ["limits.watched", "limits.watched_shared",
                 "limits.watched_nproc" if self.nproc_limited else "limits.watched_root"]
        return ("" if lang == "zh" else " ").join(t(key, lang=lang, **values) for key in parts)

    def workdir(self, scratch: pathlib.Path) -> pathlib.Path:
        """The kernel's working directory and HOME: a tmpfs inside `scratch` in the sandbox."""
        return scratch / "work" if self.isolated else scratch

    def env(self, scratch: pathlib.Path) -> dict[str, str]:
        """A small, predictable environment: no teacher variables reach the student's code."""
        scratch = self.workdir(scratch)
        keep = ("PATH", "LANG", "LC_ALL", "TZ")
        env = {k: os.environ[k] for k in keep if k in os.environ}
        env.update({
            "HOME": str(scratch),
            "USER": "student",
            "LOGNAME": "student",
            "TMPDIR": "/tmp" if self.isolated else str(scratch),
            "MPLCONFIGDIR": str(scratch / ".matplotlib"),
            "MPLBACKEND": "agg",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "KERAS_BACKEND": "tensorflow",
            "KERAS_HOME": str(scratch / ".keras"),
            "OMP_NUM_THREADS": "1",
            "TF_NUM_INTRAOP_THREADS": "1",
            "TF_NUM_INTEROP_THREADS": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
            "IPYTHONDIR": str(scratch / ".ipython"),
            "JUPYTER_RUNTIME_DIR": str(scratch / ".runtime"),
            "JUPYTER_CONFIG_DIR": str(scratch / ".jupyter"),
            "JUPYTER_DATA_DIR": str(scratch / ".jupyter-data"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        })
        env["PATH"] = f"{pathlib.Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
        return env


def bwrap_prefix(scratch: pathlib.Path, limits: Limits | None = None) -> list[str]:
    size = str((limits or Limits()).tmpfs_mb * 1024 * 1024)
    args = ["bwrap"] + ISOLATION + ["--new-session", "--unshare-ipc", "--unshare-uts",
                                    "--unshare-cgroup-try", "--hostname", "kerastutor"]
    # Private /proc, /dev and /tmp first: bwrap mounts in order, so the binds below land on top of
    # them. (A course cloned under /tmp has its virtualenv there; a /tmp mounted after the binds
    # would hide the interpreter.)
    args += ["--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/dev/shm",
             "--size", size, "--tmpfs", "/tmp", "--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/lib", "/lib32", "/lib64", "/sbin"):
        path = pathlib.Path(top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), top]
        elif path.exists():
            args += ["--ro-bind", top, top]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    # CPU topology (TensorFlow sizes its thread pools from it); read-only, harmless
    args += ["--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    for path in _python_paths():
        args += ["--ro-bind", str(path), str(path)]
    work = scratch / "work"
    args += ["--bind", str(scratch), str(scratch), "--size", size, "--tmpfs", str(work), "--chdir", str(work), "--"]
    return args


@functools.lru_cache(maxsize=None)
def bwrap_works() -> tuple[bool, str]:
    """Whether bubblewrap is installed and allowed to make namespaces here."""
    exe = shutil.which("bwrap")
    if exe is None:
        return False, "bwrap-missing"
    try:
        probe = subprocess.run(
            [exe] + ISOLATION + ["--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--", "true"],
            capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"bwrap-failed: {exc}"
    if probe.returncode != 0:
        return False, "bwrap-failed: " + probe.stderr.decode(errors="replace").strip()[:200]
    return True, ""


def choose(requested: str = "auto", limits: Limits | None = None, cgroup: str = "auto") -> Sandbox:
    """"auto": bubblewrap when it works, else unsandboxed; "bwrap": bubblewrap or an error;
    "none": unsandboxed. `cgroup`: a backend of kerastutor.grading.cgroups.BACKENDS ("v2", "v1",
    "rlimit"), or "auto" for the first that works here."""
    limits = limits or Limits()
    backend = cgroups.detect(cgroup)
    if requested == "none":
        return Sandbox("none", "disabled", limits, backend)
    ok, why = bwrap_works()
    if ok:
        return Sandbox("bwrap", "", limits, backend)
    if requested == "bwrap":
        raise RuntimeError(f"bubblewrap sandbox requested but unavailable ({why})")
    return Sandbox("none", why, limits, backend)
