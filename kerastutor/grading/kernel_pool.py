"""Isolated ipykernel processes, started and warmed up ahead of the submissions that will use them.

Each kernel
- talks to the grader over ZeroMQ's IPC transport (Unix sockets in its scratch folder): no TCP
  ports, so no port races between kernels started at once, and it works without a network;
- runs inside the sandbox (kerastutor.grading.sandbox) with its own scratch folder;
- is warmed up before it is handed out: `import kerastutor` first (TensorFlow stays quiet), then
  keras/TensorFlow and the exercise's checks, and one tiny op so TensorFlow's runtime is up;
- serves exactly one submission and is then killed with everything it started.

The pool keeps `size` warm kernels ready in background threads; a launch that does not answer in
time is killed and retried.
"""
from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import zmq
from jupyter_client.blocking.client import BlockingKernelClient

from .sandbox import Sandbox

# Replies bigger than this are dropped by ZeroMQ (a submission cannot flood the grader's memory).
MAX_MESSAGE_BYTES = 8 * 1024 * 1024


class LaunchError(RuntimeError):
    """No kernel could be started (after retries)."""


@dataclasses.dataclass
class Reply:
    """What the kernel's own execute_reply said about one cell (or why there was none)."""

    status: str  # "ok", "error", "timeout" (interrupted), "hung" (would not interrupt), "died"
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0
    expressions: dict = dataclasses.field(default_factory=dict)  # user_expressions results


_context_lock = threading.Lock()
_context: zmq.Context | None = None


def zmq_context() -> zmq.Context:
    global _context
    with _context_lock:
        if _context is None:
            _context = zmq.Context()
            _context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
            _context.setsockopt(zmq.LINGER, 0)
        return _context


def _clean(text, limit: int = 2000) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Kernel:
    """One sandboxed kernel process and a blocking client for its shell and control channels."""

    def __init__(self, sandbox: Sandbox, base: pathlib.Path, name: str):
        self.sandbox = sandbox
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix=f"{name}-", dir=base))
        self.connection_file = self.scratch / "kernel.json"
        info = {
            "transport": "ipc", "ip": str(self.scratch / "ipc"),
            "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
            "key": secrets.token_hex(32), "signature_scheme": "hmac-sha256", "kernel_name": "kerastutor-grader",
        }
        self.connection_file.write_text(json.dumps(info), encoding="utf-8")
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", str(self.connection_file),
                "--HistoryManager.enabled=False", "--IPKernelApp.quiet=True",
                "--InteractiveShell.colors=nocolor", "--InteractiveShell.xmode=Plain"]
        self.log = open(self.scratch / "kernel.log", "wb")  # noqa: SIM115 - closed in kill()
        self.proc = subprocess.Popen(
            sandbox.command(argv, self.scratch), cwd=self.scratch, env=sandbox.env(self.scratch),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True)
        self.client = BlockingKernelClient(context=zmq_context())
        self.client.load_connection_info(info)
        self.client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=True)
        self.started = time.monotonic()
        self.dead = False
        self.startup_path: list[str] = []  # sys.path before any submitted code ran

    # --- life cycle -----------------------------------------------------------------------
    def alive(self) -> bool:
        return not self.dead and self.proc.poll() is None

    def exit_description(self) -> str:
        code = self.proc.poll()
        if code is None:
            return "running"
        if code < 0:
            return f"signal {signal.Signals(-code).name}"
        if code > 128 and code - 128 in signal.Signals._value2member_map_:
            return f"signal {signal.Signals(code - 128).name}"
        return f"exit code {code}"

    def wait_ready(self, timeout: float) -> None:
        """Block until the kernel answers kernel_info; LaunchError otherwise."""
        deadline = time.monotonic() + timeout
        msg_id = self.client.kernel_info()
        while time.monotonic() < deadline:
            if not self.alive():
                raise LaunchError(f"kernel exited during start-up ({self.exit_description()}): {self.log_tail()}")
            try:
                msg = self.client.get_shell_msg(timeout=0.2)
            except queue.Empty:
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return
        raise LaunchError(f"kernel did not answer within {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self, limit: int = 400) -> str:
        try:
            self.log.flush()
            return (self.scratch / "kernel.log").read_text(errors="replace")[-limit:].strip()
        except OSError:
            return ""

    def interrupt(self) -> None:
        try:
            self.client.control_channel.send(self.client.session.msg("interrupt_request", {}))
        except Exception:  # noqa: BLE001 - a dead kernel cannot be interrupted; kill() follows
            pass
        if not self.sandbox.isolated and self.alive():
            try:  # unsandboxed, prlimit has exec'd the kernel: this pid is the kernel
                os.kill(self.proc.pid, signal.SIGINT)
            except OSError:
                pass

    def kill(self) -> None:
        self.dead = True
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass
        try:
            self.client.stop_channels()
        except Exception:  # noqa: BLE001
            pass
        self.log.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    # --- running code ---------------------------------------------------------------------
    def execute(self, code: str, timeout: float, store_history: bool = True, grace: float = 5.0,
                user_expressions: dict | None = None) -> Reply:
        """Run `code`; the result is the kernel's own execute_reply. On timeout the kernel is
        interrupted; if it does not come back within `grace` seconds the reply is "hung"."""
        start = time.monotonic()
        if not self.alive():
            return Reply("died", seconds=0.0)
        msg_id = self.client.execute(code, silent=False, store_history=store_history, allow_stdin=False,
                                     stop_on_error=False, user_expressions=user_expressions or {})
        deadline = start + max(timeout, 0.1)
        interrupted = False
        while True:
            now = time.monotonic()
            if now >= deadline:
                if interrupted:
                    return Reply("hung", seconds=now - start)
                self.interrupt()
                interrupted = True
                deadline = now + grace
                continue
            try:
                msg = self.client.get_shell_msg(timeout=min(0.25, deadline - now))
            except queue.Empty:
                if not self.alive():
                    return Reply("died", evalue=self.exit_description(), seconds=time.monotonic() - start)
                continue
            except Exception:  # noqa: BLE001 - a garbled message: treat the kernel as lost
                return Reply("died", evalue="garbled reply", seconds=time.monotonic() - start)
            if msg.get("parent_header", {}).get("msg_id") != msg_id or msg.get("msg_type") != "execute_reply":
                continue
            content = msg.get("content", {})
            seconds = time.monotonic() - start
            if interrupted:
                return Reply("timeout", seconds=seconds)
            if content.get("status") == "ok":
                return Reply("ok", seconds=seconds, expressions=content.get("user_expressions") or {})
            return Reply("error", _clean(content.get("ename", ""), 100), _clean(content.get("evalue", "")), seconds)


def _startup_path(reply: Reply) -> list[str]:
    """sys.path of a kernel nobody has used yet, from the warm-up's user_expressions."""
    value = reply.expressions.get("path", {})
    if value.get("status") != "ok":
        raise LaunchError(f"could not read the kernel's sys.path: {value}")
    path = json.loads(value["data"]["text/plain"].strip("'\""))
    return [p for p in path if isinstance(p, str) and p not in ("", ".")]


WARM_CODE = """\
import kerastutor as kt
import kerastutor.exercises
import numpy as np
import keras
keras.ops.convert_to_tensor(np.zeros((1, 1), dtype="float32")) + 1.0
{extra}
"""


def clean_stale_bases() -> None:
    """Remove the kernel folders of graders that were killed (their grader.pid is gone)."""
    for folder in pathlib.Path(tempfile.gettempdir()).glob("ktg-*"):
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / "grader.pid").read_text())
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue


class KernelPool:
    """Keeps `size` warm kernels ready; `take()` hands one out and starts its replacement.

    Kernels are launched by `size` long-lived threads: bubblewrap's --die-with-parent follows the
    *thread* that started it, so a kernel must never be started by a thread that ends before it.
    """

    def __init__(self, sandbox: Sandbox, size: int, warm_code: str, base: pathlib.Path | None = None,
                 launch_timeout: float = 60.0, retries: int = 3, budget: int | None = None):
        """`budget`: how many kernels the pool may start in all (None: no limit); `extend()` adds
        to it. Without it a pool would warm kernels nobody takes at the end of a batch."""
        self.sandbox, self.size, self.warm_code = sandbox, max(1, size), warm_code
        self.launch_timeout, self.retries = launch_timeout, retries
        self._own_base = base is None
        if base is None:
            clean_stale_bases()
            # Unix socket paths are limited to ~107 bytes: keep the base short.
            base = pathlib.Path(tempfile.mkdtemp(prefix="ktg-"))
            (base / "grader.pid").write_text(str(os.getpid()))
        self.base = base
        self._ready: queue.Queue = queue.Queue()
        self._cond = threading.Condition()
        self._budget = budget  # kernels that may still be started (None: unlimited)
        self._wanted = 0  # launches requested and not started yet
        self._closed = False
        self._lock = threading.Lock()
        self._count = 0
        self._live: set[Kernel] = set()  # every kernel started and not yet handed out
        self.launch_failures = 0
        self._threads = [threading.Thread(target=self._launcher, daemon=True, name=f"kernel-launcher-{i}")
                         for i in range(self.size)]
        self._request(self.size)
        for thread in self._threads:
            thread.start()

    def _request(self, count: int) -> None:
        with self._cond:
            if self._budget is not None:
                count = min(count, self._budget)
                self._budget -= count
            self._wanted += count
            self._cond.notify_all()

    def extend(self, count: int = 1) -> None:
        """Allow and start `count` more kernels (a replay after a kernel died)."""
        with self._cond:
            if self._budget is not None:
                self._budget += count
        self._request(count)

    def _launcher(self) -> None:
        while True:
            with self._cond:
                while not self._closed and self._wanted <= 0:
                    self._cond.wait()
                if self._closed:
                    return
                self._wanted -= 1
            self._ready.put(self._launch())

    def _launch(self):
        last = None
        for _attempt in range(self.retries):
            if self._closed:
                return LaunchError("pool closed")
            with self._lock:
                self._count += 1
                name = f"k{self._count}"
            kernel = None
            try:
                kernel = Kernel(self.sandbox, self.base, name)
                with self._lock:
                    if self._closed:
                        kernel.kill()
                        return LaunchError("pool closed")
                    self._live.add(kernel)
                kernel.wait_ready(self.launch_timeout)
                reply = kernel.execute(self.warm_code, timeout=self.launch_timeout, store_history=False,
                                       user_expressions={"path": "__import__('json').dumps(__import__('sys').path)"})
                if reply.status != "ok":
                    raise LaunchError(f"warm-up failed: {reply.status} {reply.ename}: {reply.evalue}")
                kernel.startup_path = _startup_path(reply)
            except Exception as exc:  # noqa: BLE001 - retried, then reported
                last = exc
                self.launch_failures += 1
                if kernel is not None:
                    self._forget(kernel)
                    kernel.kill()
                continue
            return kernel
        return LaunchError(str(last))

    def _forget(self, kernel: Kernel) -> None:
        with self._lock:
            self._live.discard(kernel)

    def take(self, timeout: float | None = None) -> Kernel:
        """A warm kernel (raises LaunchError when none could be started). The caller kills it."""
        if self._closed:
            raise LaunchError("kernel pool closed")
        item = self._ready.get(timeout=timeout)
        self._request(1)  # its replacement warms up while this one works
        if isinstance(item, Exception):
            raise item
        self._forget(item)
        return item

    def close(self) -> None:
        """Kill every kernel not handed out, including those still starting."""
        with self._lock:
            self._closed = True
            live = list(self._live)
            self._live.clear()
        for kernel in live:
            kernel.kill()
        with self._cond:
            self._cond.notify_all()
        for _ in range(self.size * 4):  # wake anyone waiting in take()
            self._ready.put(LaunchError("kernel pool closed"))
        for thread in self._threads:
            thread.join(timeout=5)
        with self._ready.mutex:  # warm kernels nobody took
            leftovers = [item for item in self._ready.queue if isinstance(item, Kernel)]
        for item in leftovers:
            item.kill()
        if self._own_base:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
