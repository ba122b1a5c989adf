""""spawn": a new sandbox, cgroup and Python process per kernel, warmed by importing everything
(`import kerastutor` first, so TensorFlow stays quiet). Slower than "fork", simplest."""
from __future__ import annotations

import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

from ..kernel_client import KERNEL_OPTIONS, BaseKernel, LaunchError, describe_returncode
from ..sandbox import Sandbox
from .base import Launcher


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL a launched process group (sandbox, prlimit and kernel alike) and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass


class ProcessKernel(BaseKernel):
    """A kernel in its own new sandbox, cgroup and Python process."""

    def __init__(self, sandbox: Sandbox, base: pathlib.Path, name: str):
        self.sandbox = sandbox
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix=f"{name}-", dir=base))
        try:
            self.group = sandbox.slot(name)
        except OSError as exc:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise LaunchError(f"could not make the kernel's cgroup: {exc}") from None
        self.watch_limits()
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", str(self.scratch / "kernel.json"), *KERNEL_OPTIONS]
        self._connect()
        with open(self.scratch / "kernel.log", "wb") as log:
            self.proc = subprocess.Popen(
                sandbox.command(argv, self.scratch, self.group), cwd=self.scratch, env=sandbox.env(self.scratch),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)

    def alive(self) -> bool:
        return not self.dead and self.proc.poll() is None

    def exit_description(self) -> str:
        return describe_returncode(self.proc.poll())

    def _signal_interrupt(self) -> None:
        if not self.sandbox.isolated and self.alive():
            try:  # unsandboxed, prlimit has exec'd the kernel: this pid is the kernel
                os.kill(self.proc.pid, signal.SIGINT)
            except OSError:
                pass

    def kill(self) -> None:
        self.dead = True
        kill_group(self.proc)
        self.group.close()  # whatever left the process group (setsid) dies with the cgroup
        self._close_client()
        shutil.rmtree(self.scratch, ignore_errors=True)


class SpawnLauncher(Launcher):
    """`pool.size` threads each start kernels on request; with a budget (how many kernels may be
    started in all) no kernel is warmed for nobody at the end of a batch."""

    def __init__(self, pool, budget: int | None = None):
        super().__init__(pool)
        self._cond = threading.Condition()
        self._budget = budget
        self._wanted = 0  # launches requested and not started yet
        self._closed = False
        self._request(pool.size)

    def workers(self) -> int:
        return self.pool.size

    def _request(self, count: int) -> None:
        with self._cond:
            if self._budget is not None:
                count = min(count, self._budget)
                self._budget -= count
            self._wanted += count
            self._cond.notify_all()

    def taken(self) -> None:
        self._request(1)  # its replacement warms up while this one works

    def extend(self, count: int) -> None:
        with self._cond:
            if self._budget is not None:
                self._budget += count
        self._request(count)

    def run(self, index: int) -> None:
        while True:
            with self._cond:
                while not self._closed and self._wanted <= 0:
                    self._cond.wait()
                if self._closed:
                    return
                self._wanted -= 1
            self.pool.offer(self._launch())

    def _launch(self):
        pool, last = self.pool, None
        for _attempt in range(pool.retries):
            if pool.closed:
                return LaunchError("kernel pool closed")
            kernel = None
            try:
                kernel = ProcessKernel(pool.sandbox, pool.base, pool.name("k"))
                if not pool.track(kernel):
                    kernel.kill()
                    return LaunchError("kernel pool closed")
                pool.warm_kernel(kernel, pool.warm + pool.kernel_warm)
            except Exception as exc:  # noqa: BLE001 - retried, then reported
                last = exc
                pool.launch_failures += 1
                if kernel is not None:
                    pool.forget(kernel)
                    kernel.kill()
                continue
            return kernel
        return LaunchError(str(last))

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
