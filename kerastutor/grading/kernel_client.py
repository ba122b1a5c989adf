"""A kernel as the grader sees it: a blocking client for its shell, stdin and control channels, and
the execute protocol (iopub is never read: what a submission prints cannot slow, flood or fool the
grader). How a kernel is started is the launchers' business (kerastutor.grading.launchers).

Every kernel talks to the grader over ZeroMQ's IPC transport (Unix sockets in its own scratch
folder, from jupyter_client's connection file): no TCP ports, so no port races between kernels
started at once, and it works without a network.
"""
from __future__ import annotations

import dataclasses
import pathlib
import queue
import secrets
import signal
import threading
import time

import zmq
from jupyter_client import connect
from jupyter_client.blocking.client import BlockingKernelClient

from ..textfmt import shorten
from . import cgroups

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


KERNEL_OPTIONS = ["--HistoryManager.enabled=False", "--IPKernelApp.quiet=True",
                  "--InteractiveShell.colors=nocolor", "--InteractiveShell.xmode=Plain"]


def write_connection_file(folder: pathlib.Path) -> dict:
    """jupyter_client's connection file for a kernel in `folder` (IPC sockets there, a fresh key)."""
    _, info = connect.write_connection_file(
        str(folder / "kernel.json"), transport="ipc", ip=str(folder / "ipc"), key=secrets.token_hex(32).encode(),
        signature_scheme="hmac-sha256", kernel_name="kerastutor-grader")
    return dict(info)


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

    def _connect(self) -> None:
        """Write the connection file into the scratch folder and connect to it (before the
        kernel starts: it reads the file)."""
        info = write_connection_file(self.scratch)
        self.connection_file = self.scratch / "kernel.json"
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

    # --- what a launcher's kernel provides: alive(), exit_description(), kill(), and
    # optionally _signal_interrupt() and `group` (its slot's cgroup, kerastutor.grading.cgroups)
    group = cgroups.NoGroup()
    _counters: dict = {}

    def watch_limits(self) -> None:
        """From now on, limit_hits() counts what this kernel's slot hits."""
        self._counters = self.group.counters()

    def limit_hits(self) -> set[str]:
        """The slot limits hit since watch_limits(): "process_limit", "memory_limit" (read from
        the cgroup's own counters, not guessed from how the kernel ended)."""
        now = self.group.counters()
        return {kind for kind, count in now.items() if count > self._counters.get(kind, 0)}

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
                user_expressions: dict | None = None, on_input=None, silent: bool = False) -> Reply:
        """Run `code`; the result is the kernel's own execute_reply. On timeout the kernel is
        interrupted; if it does not come back within `grace` seconds the reply is "hung".
        `on_input(prompt, seconds_left) -> str` answers the code's input() requests (the teacher's
        kernel asking about the student's values); without it, input() is refused. `silent`: IPython's
        silent execution (no history, no display hook, no pre/post-run events)."""
        start = time.monotonic()
        if not self.alive():
            return Reply("died", seconds=0.0)
        msg_id = self.client.execute(code, silent=silent, store_history=store_history, allow_stdin=on_input is not None,
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
            return Reply("error", shorten(content.get("ename", ""), 100, one_line=False),
                         shorten(content.get("evalue", ""), 2000, one_line=False), seconds)
