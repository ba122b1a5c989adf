""""fork" (the default): one sandbox per grading slot runs a fork server (kerastutor.forkserver,
which defines both ends of its protocol) that has imported kerastutor, keras/TensorFlow and
ipykernel once. A kernel is a fresh child forked from it (about half a second instead of several
seconds of imports). A slot holds one kernel at a time; when it is done, every process in the
sandbox but the server is killed and the scratch space wiped before the next kernel is forked. A
kernel that hit a limit of its slot's cgroup retires the whole slot: everything in the cgroup is
killed and a new sandbox started. There is one spare slot more than kernels in use, so a warm
kernel is always waiting.
"""
from __future__ import annotations

import pathlib
import shutil
import tempfile
import threading

from ... import forkserver
from ..kernel_client import KERNEL_OPTIONS, BaseKernel, LaunchError
from ..sandbox import Sandbox
from .base import Launcher


class ZygoteError(RuntimeError):
    pass


class Zygote:
    """One sandbox, in its own cgroup, running the fork server for one grading slot."""

    def __init__(self, sandbox: Sandbox, base: pathlib.Path, name: str, warm_code: str, timeout: float):
        self.sandbox = sandbox
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix=f"{name}-", dir=base))
        self._count = 0
        try:
            self.group = sandbox.slot(name)
        except OSError as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise ZygoteError(f"could not make the slot's cgroup: {exc}") from None
        try:
            self.client = forkserver.Client(
                warm_code, "sandboxed" if sandbox.isolated else "slot", self.folder, timeout=timeout,
                wrap=lambda argv: sandbox.command(argv, self.folder, self.group), env=sandbox.env(self.folder),
                name=name)
        except forkserver.ForkServerError as exc:
            self.group.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            raise ZygoteError(str(exc)) from None

    @property
    def exits(self) -> dict[int, str]:
        return self.client.exits

    def log_tail(self, limit: int = 400) -> str:
        return self.client.log_tail(limit)

    def alive(self) -> bool:
        return self.client.alive()

    def spawn(self, timeout: float) -> ZygoteKernel:
        self._count += 1
        scratch = self.folder / f"c{self._count}"
        scratch.mkdir()
        kernel = ZygoteKernel(self, scratch)
        # In the sandbox the kernel works in the slot's tmpfs (work/, wiped between kernels);
        # its own folder holds only its connection file, sockets and log.
        workdir = self.sandbox.workdir(self.folder) if self.sandbox.isolated else scratch
        env = {k: v for k, v in self.sandbox.env(self.folder if self.sandbox.isolated else scratch).items()
               if k != "PATH"}
        argv = ["-f", str(scratch / "kernel.json"), *KERNEL_OPTIONS]
        try:
            kernel.pid = self.client.spawn(scratch, workdir, env, argv, timeout=timeout)
        except forkserver.ForkServerError as exc:
            raise ZygoteError(str(exc)) from None
        return kernel

    def release(self, kernel: ZygoteKernel, timeout: float = 15.0) -> bool:
        """Kill the kernel and everything else in the sandbox; False if the server failed (the
        slot must then be thrown away)."""
        return self.client.kill(kernel.pid, timeout)

    def interrupt(self, pid: int) -> None:
        self.client.interrupt(pid)

    def close(self) -> None:
        self.client.close()
        self.group.close()  # anything still in the slot's cgroup is killed, the cgroup removed
        shutil.rmtree(self.folder, ignore_errors=True)


class ZygoteKernel(BaseKernel):
    """A kernel forked by a slot's fork server."""

    def __init__(self, zygote: Zygote, scratch: pathlib.Path):
        self.zygote, self.sandbox, self.scratch, self.group = zygote, zygote.sandbox, scratch, zygote.group
        self.pid: int | None = None
        self.released = threading.Event()
        self.released_cleanly = False
        self.watch_limits()
        self._connect()

    def alive(self) -> bool:
        return not self.dead and self.zygote.alive() and self.pid not in self.zygote.exits

    def exit_description(self) -> str:
        if self.pid in self.zygote.exits:
            return self.zygote.exits[self.pid]
        return "fork server gone" if not self.zygote.alive() else "running"

    def _signal_interrupt(self) -> None:
        if self.pid is not None:
            self.zygote.interrupt(self.pid)

    def kill(self) -> None:
        """Kill this kernel and everything else in its sandbox, wipe the scratch space; then the
        slot forks the next kernel — or, if the server did not answer or the kernel hit a limit
        of the slot, the slot is retired and a new sandbox started."""
        if self.dead:
            return
        self.dead = True
        self._close_client()
        hit = self.limit_hits()
        self.released_cleanly = self.pid is not None and not hit and self.zygote.release(self)
        if not self.released_cleanly:
            self.zygote.close()
        self.released.set()


class ForkLauncher(Launcher):
    """One thread per slot (kernels in use + 1 spare), each keeping a fork server and a warm kernel."""

    def __init__(self, pool, budget: int | None = None):
        super().__init__(pool)
        self._lock = threading.Lock()
        self._zygotes: set = set()

    def workers(self) -> int:
        return self.pool.size + 1

    def run(self, index: int) -> None:
        pool = self.pool
        zygote = None
        failures = 0
        while not pool.closed:
            if zygote is None or not zygote.alive():
                if zygote is not None:
                    self._retire(zygote)
                zygote = self._start_zygote()
                if zygote is None:
                    failures += 1
                    if failures >= pool.retries:
                        pool.offer(LaunchError("could not start a fork server"))
                        return
                    continue
            kernel = None
            try:
                kernel = zygote.spawn(pool.launch_timeout)
                if not pool.track(kernel):
                    kernel.kill()
                    break
                pool.warm_kernel(kernel, pool.kernel_warm)
            except Exception as exc:  # noqa: BLE001 - a fresh sandbox next time round
                pool.launch_failures += 1
                failures += 1
                if kernel is not None:
                    pool.forget(kernel)
                    kernel.kill()
                self._retire(zygote)
                zygote = None
                if failures >= pool.retries:
                    pool.offer(LaunchError(str(exc)))
                    return
                continue
            failures = 0
            pool.offer(kernel)
            kernel.released.wait()
            if not kernel.released_cleanly:
                self._retire(zygote)
                zygote = None
        if zygote is not None:
            self._retire(zygote)

    def _start_zygote(self):
        pool = self.pool
        try:
            zygote = Zygote(pool.sandbox, pool.base, pool.name("s"), pool.warm, pool.launch_timeout)
        except Exception:  # noqa: BLE001 - counted by the caller
            pool.launch_failures += 1
            return None
        with self._lock:
            self._zygotes.add(zygote)
            if pool.closed:
                self._zygotes.discard(zygote)
                zygote.close()
                return None
        return zygote

    def _retire(self, zygote) -> None:
        with self._lock:
            self._zygotes.discard(zygote)
        zygote.close()

    def close(self) -> None:
        with self._lock:
            zygotes = list(self._zygotes)
            self._zygotes.clear()
        for zygote in zygotes:
            zygote.close()
