"""Isolated ipykernel processes, warm before the submissions that will use them.

Every kernel talks to the grader over ZeroMQ's IPC transport (Unix sockets in its own scratch
folder): no TCP ports, so no port races between kernels started at once, and it works without a
network. Every kernel serves exactly one submission and is then killed with all it started.

Two ways to get kernels (`KernelPool(mode=…)`):

- "fork" (default): one sandbox per grading slot runs a fork server (kerastutor.forkserver)
  that has imported kerastutor, keras/TensorFlow and ipykernel once. A kernel is a fresh child
  forked from it (about half a second instead of several seconds of imports). A slot holds one
  kernel at a time; when it is done, every process in the sandbox but the server is killed and
  the scratch space wiped before the next kernel is forked. There is one spare slot more than
  jobs, so a warm kernel is always waiting.
- "spawn": a new sandbox and a new Python process per kernel, warmed by importing everything
  (`import kerastutor` first, so TensorFlow stays quiet). Slower, simplest.

Launches that do not answer in time are killed and retried.
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

from .. import forkserver
from .sandbox import Sandbox

# Replies bigger than this are dropped by ZeroMQ (a submission cannot flood the grader's memory).
MAX_MESSAGE_BYTES = 8 * 1024 * 1024



def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL a launched process group (sandbox, prlimit and kernel alike) and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass

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


KERNEL_OPTIONS = ["--HistoryManager.enabled=False", "--IPKernelApp.quiet=True",
                  "--InteractiveShell.colors=nocolor", "--InteractiveShell.xmode=Plain"]


def connection_info(folder: pathlib.Path) -> dict:
    return {
        "transport": "ipc", "ip": str(folder / "ipc"),
        "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
        "key": secrets.token_hex(32), "signature_scheme": "hmac-sha256", "kernel_name": "kerastutor-grader",
    }


def describe_returncode(code: int | None) -> str:
    if code is None:
        return "running"
    if code < 0:
        return f"signal {signal.Signals(-code).name}"
    if code > 128 and code - 128 in signal.Signals._value2member_map_:
        return f"signal {signal.Signals(code - 128).name}"
    return f"exit code {code}"


class BaseKernel:
    """A kernel and a blocking client for its shell and control channels (iopub is never read:
    what a submission prints cannot slow, flood or fool the grader)."""

    scratch: pathlib.Path
    sandbox: Sandbox

    def _connect(self, info: dict) -> None:
        self.connection_file = self.scratch / "kernel.json"
        self.connection_file.write_text(json.dumps(info), encoding="utf-8")
        self.client = BlockingKernelClient(context=zmq_context())
        self.client.load_connection_info(info)
        self.client.start_channels(shell=True, iopub=False, stdin=True, hb=False, control=True)
        self.started = time.monotonic()
        self.dead = False
        self.startup_path: list[str] = []  # sys.path before any submitted code ran

    def _close_client(self) -> None:
        try:
            self.client.stop_channels()
        except Exception:  # noqa: BLE001
            pass

    # subclasses: alive(), exit_description(), _signal_interrupt(), kill(), log_tail()
    def _signal_interrupt(self) -> None:
        pass

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
            return (self.scratch / "kernel.log").read_text(errors="replace")[-limit:].strip()
        except OSError:
            return ""

    def interrupt(self) -> None:
        """SIGINT to the kernel, and ipykernel's interrupt_request (which does the same from
        inside, if the first does not arrive)."""
        self._signal_interrupt()
        try:
            self.client.control_channel.send(self.client.session.msg("interrupt_request", {}))
        except Exception:  # noqa: BLE001 - a dead kernel cannot be interrupted; kill() follows
            pass

    # --- running code ---------------------------------------------------------------------
    def execute(self, code: str, timeout: float, store_history: bool = True, grace: float = 5.0,
                user_expressions: dict | None = None, on_input=None) -> Reply:
        """Run `code`; the result is the kernel's own execute_reply. On timeout the kernel is
        interrupted; if it does not come back within `grace` seconds the reply is "hung".
        `on_input(prompt, seconds_left) -> str` answers the code's input() requests (the teacher's
        kernel asking about the student's values); without it, input() is refused."""
        start = time.monotonic()
        if not self.alive():
            return Reply("died", seconds=0.0)
        msg_id = self.client.execute(code, silent=False, store_history=store_history, allow_stdin=on_input is not None,
                                     stop_on_error=False, user_expressions=user_expressions or {})
        deadline = start + max(timeout, 0.1)
        interrupted = False
        poller = zmq.Poller()
        shell = self.client.shell_channel.socket
        stdin = self.client.stdin_channel.socket if on_input is not None else None
        poller.register(shell, zmq.POLLIN)
        if stdin is not None:
            poller.register(stdin, zmq.POLLIN)
        while True:
            now = time.monotonic()
            if now >= deadline:
                if interrupted:
                    return Reply("hung", seconds=now - start)
                self.interrupt()
                interrupted = True
                deadline = now + grace
                continue
            ready = dict(poller.poll(timeout=int(min(0.25, deadline - now) * 1000) + 1))
            if stdin is not None and stdin in ready:
                try:
                    request = self.client.get_stdin_msg(timeout=0)
                except Exception:  # noqa: BLE001
                    request = None
                if request and request.get("msg_type") == "input_request" and not interrupted:
                    answer = on_input(str(request.get("content", {}).get("prompt", "")), deadline - time.monotonic())
                    self.client.input(answer)
                continue
            if shell not in ready:
                if not self.alive():
                    return Reply("died", evalue=self.exit_description(), seconds=time.monotonic() - start)
                continue
            try:
                msg = self.client.get_shell_msg(timeout=0)
            except queue.Empty:
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


class ProcessKernel(BaseKernel):
    """A kernel in its own new sandbox and Python process ("spawn" mode)."""

    def __init__(self, sandbox: Sandbox, base: pathlib.Path, name: str):
        self.sandbox = sandbox
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix=f"{name}-", dir=base))
        info = connection_info(self.scratch)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", str(self.scratch / "kernel.json"), *KERNEL_OPTIONS]
        self._connect(info)
        with open(self.scratch / "kernel.log", "wb") as log:
            self.proc = subprocess.Popen(
                sandbox.command(argv, self.scratch), cwd=self.scratch, env=sandbox.env(self.scratch),
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
        _kill_group(self.proc)
        self._close_client()
        shutil.rmtree(self.scratch, ignore_errors=True)


Kernel = ProcessKernel  # the simplest kind of kernel


class ZygoteError(RuntimeError):
    pass


class Zygote:
    """One sandbox running the fork server (kerastutor.forkserver) for one grading slot; the
    protocol is the server module's own client (`forkserver.Client`)."""

    def __init__(self, sandbox: Sandbox, base: pathlib.Path, name: str, warm_code: str, timeout: float):
        self.sandbox = sandbox
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix=f"{name}-", dir=base))
        self._count = 0
        try:
            self.client = forkserver.Client(
                warm_code, "sandboxed" if sandbox.isolated else "slot", self.folder, timeout=timeout,
                wrap=lambda argv: sandbox.command(argv, self.folder), env=sandbox.env(self.folder), name=name)
        except forkserver.ForkServerError as exc:
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
        shutil.rmtree(self.folder, ignore_errors=True)


class ZygoteKernel(BaseKernel):
    """A kernel forked by a slot's fork server ("fork" mode)."""

    def __init__(self, zygote: Zygote, scratch: pathlib.Path):
        self.zygote, self.sandbox, self.scratch = zygote, zygote.sandbox, scratch
        self.pid: int | None = None
        self.released = threading.Event()
        self.released_cleanly = False
        self._connect(connection_info(scratch))

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
        slot forks the next kernel (or, if the server did not answer, starts a new sandbox)."""
        if self.dead:
            return
        self.dead = True
        self._close_client()
        self.released_cleanly = self.pid is not None and self.zygote.release(self)
        if not self.released_cleanly:
            self.zygote.close()
        self.released.set()


def _startup_path(reply: Reply) -> list[str]:
    """sys.path of a kernel nobody has used yet, from the warm-up's user_expressions."""
    value = reply.expressions.get("path", {})
    if value.get("status") != "ok":
        raise LaunchError(f"could not read the kernel's sys.path: {value}")
    path = json.loads(value["data"]["text/plain"].strip("'\""))
    return [p for p in path if isinstance(p, str) and p not in ("", ".")]


def warm_code(number: str | None = None) -> str:
    """Imports that make a kernel warm: kerastutor first (TensorFlow stays quiet), the exercise's
    checks, keras/TensorFlow, matplotlib. No TensorFlow op runs, so a fork server may use it."""
    extra = f"import kerastutor.exercises.ex{number}\n" if number else ""
    return ("import kerastutor as kt\nimport kerastutor.exercises\n" + extra +
            "import numpy as np\nimport keras\nimport matplotlib\nfrom matplotlib import font_manager\n"
            "import kerastutor.plotting\n")


# Run in each kernel before it is handed out: TensorFlow's runtime starts here, not in the
# submission's first cell.
KERNEL_WARM = "import numpy, keras\nkeras.ops.convert_to_tensor(numpy.zeros((1, 1), dtype='float32')) + 1.0\n"
PATH_EXPRESSION = {"path": "__import__('json').dumps(__import__('sys').path)"}


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
    """Keeps warm kernels ready; `take()` hands one out (the caller kills it when done).

    Kernels and fork servers are started by long-lived threads: bubblewrap's --die-with-parent
    follows the *thread* that started it, so a sandbox must never be started by a thread that
    ends before it.
    """

    def __init__(self, sandbox: Sandbox, size: int, warm: str, base: pathlib.Path | None = None,
                 launch_timeout: float = 60.0, retries: int = 3, budget: int | None = None,
                 mode: str = "fork", kernel_warm: str = ""):
        """size: kernels in use at once (the batch's jobs). warm: the warm-up imports.
        budget ("spawn" mode): how many kernels may be started in all (None: no limit); extend()
        adds to it, so that no kernel is warmed for nobody at the end of a batch."""
        if mode not in ("fork", "spawn"):
            raise ValueError(f"unknown kernel mode {mode!r}")
        self.sandbox, self.size, self.mode = sandbox, max(1, size), mode
        self.warm, self.kernel_warm = warm, kernel_warm
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
        self._budget = budget if mode == "spawn" else None
        self._wanted = 0  # spawn mode: launches requested and not started yet
        self._closed = False
        self._lock = threading.Lock()
        self._count = 0
        self._live: set = set()  # kernels started and not handed out
        self._zygotes: set = set()
        self.launch_failures = 0
        if mode == "spawn":
            self._threads = [threading.Thread(target=self._launcher, daemon=True, name=f"kernel-launcher-{i}")
                             for i in range(self.size)]
            self._request(self.size)
        else:  # one spare slot, so that a warm kernel is always waiting
            self._threads = [threading.Thread(target=self._slot, daemon=True, name=f"kernel-slot-{i}")
                             for i in range(self.size + 1)]
        for thread in self._threads:
            thread.start()

    def _name(self, prefix: str) -> str:
        with self._lock:
            self._count += 1
            return f"{prefix}{self._count}"

    # --- "spawn": a new sandbox and process per kernel --------------------------------------
    def _request(self, count: int) -> None:
        with self._cond:
            if self._budget is not None:
                count = min(count, self._budget)
                self._budget -= count
            self._wanted += count
            self._cond.notify_all()

    def extend(self, count: int = 1) -> None:
        """Allow and start `count` more kernels (a replay after a kernel died)."""
        if self.mode != "spawn":
            return
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
            self._ready.put(self._launch_process())

    def _launch_process(self):
        last = None
        for _attempt in range(self.retries):
            if self._closed:
                return LaunchError("kernel pool closed")
            kernel = None
            try:
                kernel = ProcessKernel(self.sandbox, self.base, self._name("k"))
                if not self._track(kernel):
                    return LaunchError("kernel pool closed")
                self._warm_kernel(kernel, self.warm + self.kernel_warm)
            except Exception as exc:  # noqa: BLE001 - retried, then reported
                last = exc
                self.launch_failures += 1
                if kernel is not None:
                    self._forget(kernel)
                    kernel.kill()
                continue
            return kernel
        return LaunchError(str(last))

    # --- "fork": one sandbox per slot, kernels forked from its warm server -------------------
    def _slot(self) -> None:
        zygote = None
        failures = 0
        while not self._closed:
            if zygote is None or not zygote.alive():
                if zygote is not None:
                    self._retire(zygote)
                zygote = self._start_zygote()
                if zygote is None:
                    failures += 1
                    if failures >= self.retries:
                        self._ready.put(LaunchError("could not start a fork server"))
                        return
                    continue
            kernel = None
            try:
                kernel = zygote.spawn(self.launch_timeout)
                if not self._track(kernel):
                    kernel.kill()
                    break
                self._warm_kernel(kernel, self.kernel_warm)
            except Exception as exc:  # noqa: BLE001 - a fresh sandbox next time round
                self.launch_failures += 1
                failures += 1
                if kernel is not None:
                    self._forget(kernel)
                    kernel.kill()
                self._retire(zygote)
                zygote = None
                if failures >= self.retries:
                    self._ready.put(LaunchError(str(exc)))
                    return
                continue
            failures = 0
            self._ready.put(kernel)
            kernel.released.wait()
            if not kernel.released_cleanly:
                self._retire(zygote)
                zygote = None
        if zygote is not None:
            self._retire(zygote)

    def _start_zygote(self):
        try:
            zygote = Zygote(self.sandbox, self.base, self._name("s"), self.warm, self.launch_timeout)
        except Exception:  # noqa: BLE001 - counted by the caller
            self.launch_failures += 1
            return None
        with self._lock:
            self._zygotes.add(zygote)
            if self._closed:
                self._zygotes.discard(zygote)
                zygote.close()
                return None
        return zygote

    def _retire(self, zygote) -> None:
        with self._lock:
            self._zygotes.discard(zygote)
        zygote.close()

    # --- common -------------------------------------------------------------------------------
    def _track(self, kernel) -> bool:
        with self._lock:
            if self._closed:
                return False
            self._live.add(kernel)
            return True

    def _warm_kernel(self, kernel, code: str) -> None:
        kernel.wait_ready(self.launch_timeout)
        reply = kernel.execute(code, timeout=self.launch_timeout, store_history=False,
                               user_expressions=PATH_EXPRESSION)
        if reply.status != "ok":
            raise LaunchError(f"warm-up failed: {reply.status} {reply.ename}: {reply.evalue}")
        kernel.startup_path = _startup_path(reply)

    def _forget(self, kernel) -> None:
        with self._lock:
            self._live.discard(kernel)

    def take(self, timeout: float | None = None):
        """A warm kernel (raises LaunchError when none could be started). The caller kills it."""
        if self._closed:
            raise LaunchError("kernel pool closed")
        item = self._ready.get(timeout=timeout)
        if self.mode == "spawn":
            self._request(1)  # its replacement warms up while this one works
        if isinstance(item, Exception):
            raise item
        self._forget(item)
        return item

    def close(self) -> None:
        """Kill every kernel not handed out, including those still starting, and every sandbox."""
        with self._lock:
            self._closed = True
            live, zygotes = list(self._live), list(self._zygotes)
            self._live.clear()
            self._zygotes.clear()
        for kernel in live:
            kernel.kill()
        for zygote in zygotes:
            zygote.close()
        with self._cond:
            self._cond.notify_all()
        for _ in range(len(self._threads) * 4):  # wake anyone waiting in take()
            self._ready.put(LaunchError("kernel pool closed"))
        for thread in self._threads:
            thread.join(timeout=5)
        with self._ready.mutex:  # warm kernels nobody took
            leftovers = [item for item in self._ready.queue if isinstance(item, BaseKernel)]
        for item in leftovers:
            item.kill()
        if self._own_base:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
