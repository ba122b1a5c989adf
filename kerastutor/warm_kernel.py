"""Warm kernels for running the course: each kernel is forked from a process that has already
imported kerastutor, Keras/TensorFlow, matplotlib and ipykernel, so a lesson starts in well under a
second instead of paying TensorFlow's import every time.

Jupyter finds it the way it finds any kernel: the kernelspec `kerastutor-warm` (installed into the
virtual environment by `python -m kerastutor.warm_kernel install`, which `make install` runs) names
the kernel provisioner `kerastutor-warm`, registered as a `jupyter_client.kernel_provisioners` entry
point. papermill/nbclient (`kerastutor run`) and nbval (`make test`) use it by kernel name; the plain
`python3` kernel a learner picks in JupyterLab is untouched.

- Fresh: every kernel is a new forked child of a server that never runs a notebook's code, so
  nothing one lesson does (random state, Keras or matplotlib settings, imported modules, the
  environment, the working directory) reaches the next. NumPy's global random state is reseeded
  from the OS in each child, as a cold process would start; Python's `random` reseeds itself at fork.
- One server per process that starts kernels (a `kerastutor run` worker, a pytest-xdist worker),
  started on its first kernel with that kernel's environment, replaced when it has died, stopped
  when the process exits (its kernels die with it).
- Never a hang: if the server cannot start or fork, or a forked kernel does not open its ports in
  time, the kernel starts cold (an ordinary subprocess, like `python3`) with a `ColdStartWarning`.
"""
from __future__ import annotations

import asyncio
import atexit
import json
import multiprocessing.util
import os
import pathlib
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import warnings

from jupyter_client.provisioning import LocalProvisioner

from . import forkserver

KERNEL_NAME = "kerastutor-warm"
# What the server imports once. No TensorFlow op runs here (forking after one is unsafe), and
# ipywidgets is left out on purpose: it registers its comm target at import only inside a kernel.
WARM_CODE = """\
import os
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
import kerastutor, kerastutor.session, kerastutor.plotting, kerastutor.verify, kerastutor.shapes
import numpy, scipy.stats, keras, tensorflow
import matplotlib, matplotlib.pyplot, matplotlib_inline.backend_inline
from matplotlib import font_manager
import IPython, nbformat
"""
SERVER_TIMEOUT = 180.0   # importing TensorFlow on a loaded 2-core machine
FORK_TIMEOUT = 30.0
KERNEL_UP_TIMEOUT = 30.0


class ColdStartWarning(RuntimeWarning):
    """A warm kernel could not be had; this one started cold."""


class KernelNotUp(RuntimeError):
    pass


_servers: dict[int, forkserver.Client] = {}   # by the pid of the process that starts kernels
_servers_lock = threading.Lock()


def _retire(client: forkserver.Client) -> None:
    client.close()
    shutil.rmtree(client.folder, ignore_errors=True)


def _close_servers() -> None:
    client = _servers.pop(os.getpid(), None)
    if client is not None:
        _retire(client)


atexit.register(_close_servers)
# Worker processes of multiprocessing leave through os._exit, past atexit; they run these instead.
multiprocessing.util.Finalize(None, _close_servers, exitpriority=10)


def server(env: dict | None = None) -> forkserver.Client:
    """This process's warm server, started (with `env`) when there is none or it has died."""
    with _servers_lock:
        client = _servers.get(os.getpid())
        if client is None or not client.alive():
            if client is not None:
                _retire(client)
            folder = tempfile.mkdtemp(prefix=f"kt-warm-{os.getpid()}-")
            try:
                client = forkserver.Client(WARM_CODE, "shared", folder, timeout=SERVER_TIMEOUT,
                                           env=env, name="kt-warm")
            except forkserver.ForkServerError:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            _servers[os.getpid()] = client
        return client


def kernel_arguments(cmd: list[str]) -> list[str]:
    """The ipykernel arguments of a kernel command (`… -m ipykernel_launcher -f FILE …`)."""
    for marker in ("ipykernel_launcher", "ipykernel"):
        if marker in cmd:
            return cmd[cmd.index(marker) + 1:]
    raise KernelNotUp(f"not an ipykernel command: {cmd!r}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:   # a zombie the server has not reaped yet is dead too
        return pathlib.Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def wait_until_up(pid: int, connection_info: dict, timeout: float) -> None:
    """Return once the kernel listens on its shell port; KernelNotUp if it died or took too long."""
    deadline = time.monotonic() + timeout
    address = (connection_info.get("ip", "127.0.0.1"), connection_info.get("shell_port"))
    while time.monotonic() < deadline:
        if not _alive(pid):
            raise KernelNotUp(f"the forked kernel {pid} exited")
        if connection_info.get("transport", "tcp") != "tcp":
            return
        try:
            with socket.create_connection(address, timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise KernelNotUp(f"the forked kernel {pid} did not open its ports in {timeout:.0f} s")


class WarmKernelProvisioner(LocalProvisioner):
    """Forks the kernel from this process's warm server; falls back to LocalProvisioner's cold start."""

    forked = False
    folder = None
    exit_code = None

    @property
    def has_process(self) -> bool:
        return self.forked or super().has_process

    async def launch_kernel(self, cmd: list[str], **kwargs):
        loop = asyncio.get_running_loop()
        try:
            pid, folder = await loop.run_in_executor(None, self._fork, cmd, kwargs)
        except (forkserver.ForkServerError, KernelNotUp, OSError) as exc:
            warnings.warn(f"kerastutor-warm: starting a cold kernel instead ({exc})", ColdStartWarning,
                          stacklevel=2)
            return await super().launch_kernel(cmd, **kwargs)
        self.forked, self.pid, self.pgid, self.folder, self.exit_code = True, pid, pid, folder, None
        self.cwd = kwargs.get("cwd") or os.getcwd()
        return self.connection_info

    def _fork(self, cmd: list[str], kwargs: dict) -> tuple[int, pathlib.Path]:
        env = dict(kwargs.get("env") or os.environ)
        for attempt in (1, 2):     # a server that died since its last kernel is replaced once
            client = server(env)
            folder = pathlib.Path(tempfile.mkdtemp(prefix="k-", dir=client.folder))
            try:
                pid = client.spawn(folder, kwargs.get("cwd") or os.getcwd(), env, kernel_arguments(cmd),
                                   timeout=FORK_TIMEOUT, replace_env=True)
                break
            except forkserver.ForkServerError:
                client.proc.poll()
                if attempt == 2 or client.alive():
                    raise
        try:
            wait_until_up(pid, self.connection_info, KERNEL_UP_TIMEOUT)
        except KernelNotUp:
            client.kill(pid)
            raise
        return pid, folder

    async def poll(self):
        if not self.forked:
            return await super().poll()
        if _alive(self.pid):
            return None
        how = _servers.get(os.getpid()).exits.get(self.pid, "") if os.getpid() in _servers else ""
        if how.startswith("signal "):
            return -signal.Signals[how.split()[1]].value
        return int(how.split()[-1]) if how.startswith("exit code") else 0

    async def wait(self):
        if not self.forked:
            return await super().wait()
        while (code := await self.poll()) is None:
            await asyncio.sleep(0.05)
        self.forked, self.exit_code = False, code
        return code

    async def send_signal(self, signum: int) -> None:
        if not self.forked:
            return await super().send_signal(signum)
        try:
            os.killpg(self.pid, signum)
        except OSError:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    async def kill(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().kill(restart)
        await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().terminate(restart)
        await self.send_signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart)
        client = _servers.get(os.getpid())
        if self.folder is not None and client is not None and client.alive():
            await asyncio.get_running_loop().run_in_executor(None, client.kill, self.pid)
        self.folder = None


def kernelspec() -> dict:
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (kerastutor, warm)",
        "language": "python",
        "metadata": {"debugger": True, "kernel_provisioner": {"provisioner_name": KERNEL_NAME}},
    }


def install(prefix: str = sys.prefix) -> str:
    """Install the `kerastutor-warm` kernelspec under `prefix` (the virtual environment)."""
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as folder:
        (pathlib.Path(folder) / "kernel.json").write_text(json.dumps(kernelspec(), indent=1))
        return KernelSpecManager().install_kernel_spec(folder, KERNEL_NAME, prefix=prefix)


def installed() -> bool:
    """The kernelspec is findable and runs this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return False
    return spec.argv[:1] == [sys.executable]


def ensure_installed() -> str:
    """The warm kernel's name, installing its kernelspec into this environment first if needed."""
    if not installed():
        install()
    return KERNEL_NAME


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv != ["install"]:
        print("usage: python -m kerastutor.warm_kernel install", file=sys.stderr)
        return 2
    print(f"installed {KERNEL_NAME} in {install()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
