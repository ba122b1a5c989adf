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

Resource limits (prlimit, inherited by everything the kernel starts): address space (a memory
bomb gets MemoryError instead of taking the machine), file size, open files, core dumps off.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import pathlib
import shutil
import subprocess
import sys

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
    # no swap. Each process also keeps RLIMIT_AS at this size as a second line of defence (where
    # there is no cgroup it is the only memory limit; TensorFlow maps ~1.5 GB for a small model).
    memory_mb: int = 4096
    max_procs: int = 256  # processes + threads of a whole slot: cgroup pids.max (else RLIMIT_NPROC)
    file_mb: int = 256  # RLIMIT_FSIZE: the largest file the kernel may write
    open_files: int = 1024  # RLIMIT_NOFILE
    tmpfs_mb: int = 512  # size of the sandbox's /tmp and of its working directory

    def prlimit(self) -> list[str]:
        exe = shutil.which("prlimit")
        if exe is None:  # pragma: no cover - util-linux is everywhere we run
            return [sys.executable, "-m", "kerastutor.grading.limits",
                    str(self.memory_mb), str(self.file_mb), str(self.open_files), "--"]
        mem = self.memory_mb * 1024 * 1024
        return [exe, f"--as={mem}", f"--fsize={self.file_mb * 1024 * 1024}",
                f"--nofile={self.open_files}", "--core=0", "--"]


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

    @property
    def isolated(self) -> bool:
        return self.mode == "bwrap"

    def command(self, argv: list[str], scratch: pathlib.Path) -> list[str]:
        """The command that runs `argv` (the kernel) confined to `scratch`."""
        limited = self.limits.prlimit() + argv
        if self.mode != "bwrap":
            return limited
        return bwrap_prefix(scratch, self.limits) + limited

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


def choose(requested: str = "auto", limits: Limits | None = None) -> Sandbox:
    """"auto": bubblewrap when it works, else unsandboxed; "bwrap": bubblewrap or an error;
    "none": unsandboxed."""
    limits = limits or Limits()
    if requested == "none":
        return Sandbox("none", "disabled", limits)
    ok, why = bwrap_works()
    if ok:
        return Sandbox("bwrap", "", limits)
    if requested == "bwrap":
        raise RuntimeError(f"bubblewrap sandbox requested but unavailable ({why})")
    return Sandbox("none", why, limits)
