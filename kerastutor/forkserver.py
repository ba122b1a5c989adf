"""A warm fork server for ipykernel kernels, both ends of its protocol: TensorFlow and the rest are
imported once, and every kernel is a fresh forked child of that warm process.

Used by the grader (one server per sandboxed grading slot) and by the course's warm kernels
(`kerastutor.warm_kernel`, one server per process that starts kernels). The server runs as

    python -m kerastutor.forkserver WARM_CODE MODE FOLDER        MODE: sandboxed | slot | shared

It runs WARM_CODE (imports: kerastutor, keras/TensorFlow, matplotlib …; no TensorFlow op runs
there, so forking is safe), imports ipykernel, then waits for commands on stdin (one JSON object per
line) and answers on stdout:

    {"cmd": "spawn", "dir": D, "cwd": W, "env": {...}, "argv": [...], "replace_env": false}
                                              -> {"spawned": pid}   a fresh kernel: connection
                                                                    file, sockets and log in D,
                                                                    working directory W
    {"cmd": "interrupt", "pid": pid}          -> (nothing)          SIGINT to that kernel
    {"cmd": "kill", "pid": pid}               -> {"killed": pid}    the kernel and its folder are
                                                                    gone (see the modes)
    (unprompted)                              -> {"exit": pid, "how": "exit code 3"}

Modes: "sandboxed" — the server is alone in a bubblewrap sandbox for one grading slot; a kill
also kills every other process of the sandbox and empties the slot's folder, /tmp and /dev/shm, so
nothing of one submission survives into the next. "slot" — the same slot semantics without a
sandbox (the folder is emptied). "shared" — kernels of a course run side by side; a kill ends
that kernel's process group and removes its own folder only.
The server itself never runs a kernel's code; a kernel is a forked child. The server is not
dumpable (kernels cannot ptrace it or read its memory); if a kernel kills it anyway, the kernels
die with it and the client starts a new server.
"""
from __future__ import annotations

import ctypes
import json
import os
import pathlib
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4


def _prctl(option: int, value: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.WEXITSTATUS(status)}"


MODES = ("sandboxed", "slot", "shared")


class Server:
    def __init__(self, control_out, mode: str, home: str):
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {MODES}")
        self.out = control_out
        self.sandboxed = mode == "sandboxed"
        self.wipe_slot = mode in ("sandboxed", "slot")
        self.home = home  # the server's folder; each kernel gets a folder inside it
        self.children: dict[int, str] = {}  # pid -> folder

    def send(self, message: dict) -> None:
        self.out.write(json.dumps(message) + "\n")
        self.out.flush()

    def spawn(self, folder: str, cwd: str, env: dict, argv: list[str], replace_env: bool = False) -> None:
        pid = os.fork()
        if pid == 0:  # the kernel
            try:
                self._become_kernel(folder, cwd, env, argv, replace_env)
            finally:
                os._exit(70)
        self.children[pid] = folder
        self.send({"spawned": pid})

    def _become_kernel(self, folder: str, cwd: str, env: dict, argv: list[str], replace_env: bool) -> None:
        os.setsid()
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the kernel dies with the server
        if not self.sandboxed:
            # its memory map readable by its own user, as any process's: the grader's watcher
            # without cgroups reads smaps_rollup (kerastutor.grading.watched)
            _prctl(PR_SET_DUMPABLE, 1)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        null = os.open(os.devnull, os.O_RDWR)
        log = os.open(os.path.join(folder, "kernel.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(log, 2)
        for fd in (null, log, self.out.fileno()):  # the server's control pipe: not the kernel's
            os.close(fd)
        os.makedirs(cwd, exist_ok=True)
        os.chdir(cwd)
        if replace_env:
            os.environ.clear()
        os.environ.update(env)
        # A cold process draws NumPy's global random state from the OS; a forked one would share
        # the server's. (Python's `random` reseeds itself after a fork.)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        sys.stdin = open(0, closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)

    def kill(self, pid: int) -> None:
        if pid in self.children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        if self.sandboxed:
            self._sweep()
        self.reap()
        folder = self.children.pop(pid, None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        # Everything the kernel could write to: the slot's folder (not just its own scratch
        # folder inside it) and, in the sandbox, its private /tmp and /dev/shm.
        if self.wipe_slot:
            for scratch in [self.home] + (["/tmp", "/dev/shm"] if self.sandboxed else []):
                _empty(scratch, keep={"server.log"} if scratch == self.home else set())
        self.send({"killed": pid})

    def _sweep(self) -> None:
        """Kill every process of the sandbox but PID 1 (bubblewrap's init) and this server."""
        me = os.getpid()
        for _round in range(50):
            others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
            if not others:
                return
            for pid in others:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            self.reap()

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in self.children:
                self.send({"exit": pid, "how": _describe(status)})

    def serve(self, commands) -> None:
        buffer = b""
        while True:
            ready, _, _ = select.select([commands], [], [], 0.1)
            self.reap()
            if not ready:
                continue
            chunk = os.read(commands.fileno(), 65536)
            if not chunk:  # the grader is gone
                for pid in list(self.children):
                    try:
                        os.killpg(pid, signal.SIGKILL)
                    except OSError:
                        pass
                return
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                message = json.loads(line)
                if message["cmd"] == "spawn":
                    self.spawn(message["dir"], message.get("cwd", message["dir"]), message.get("env", {}),
                               message["argv"], bool(message.get("replace_env")))
                elif message["cmd"] == "interrupt":
                    if message["pid"] in self.children:
                        try:
                            os.kill(message["pid"], signal.SIGINT)
                        except OSError:
                            pass
                elif message["cmd"] == "kill":
                    self.kill(message["pid"])


def _empty(folder: str, keep: set[str]) -> None:
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name in keep:
            continue
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass



# ------------------------------------------------------------------ the other end: the client
class ForkServerError(RuntimeError):
    pass


class Client:
    """Starts a fork server and speaks its protocol: `spawn`, `kill`, `interrupt`; `exits` holds the
    unprompted exit notices (pid -> how). Thread-safe; a reader thread collects the replies.

    command: how to start a process (the grader wraps it in its sandbox); the server's own argv is
    appended. Raises ForkServerError when the server does not become ready within `timeout`."""

    def __init__(self, warm_code: str, mode: str, folder, *, timeout: float, wrap=lambda argv: argv,
                 env: dict | None = None, cwd=None, name: str = "forkserver"):
        self.folder = pathlib.Path(folder)
        self.messages: queue.Queue = queue.Queue()
        self.exits: dict[int, str] = {}
        self._lock = threading.Lock()
        self.closed = False
        argv = wrap([sys.executable, "-m", "kerastutor.forkserver", warm_code, mode, str(self.folder)])
        with open(self.folder / "server.log", "wb") as log:
            self.proc = subprocess.Popen(argv, cwd=cwd or self.folder, env=env, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, start_new_session=True)
        threading.Thread(target=self._read, daemon=True, name=f"{name}-reader").start()
        if self._expect("ready", timeout) is None:
            try:  # a server that failed is let finish writing why (its control pipe may close first)
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            self.close()
            raise ForkServerError(f"fork server did not start: {self.log_tail()}")

    def log_tail(self, limit: int = 400) -> str:
        try:
            return (self.folder / "server.log").read_text(errors="replace")[-limit:].strip()
        except OSError:
            return ""

    def _read(self) -> None:
        try:
            for line in self.proc.stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if "exit" in message:
                    self.exits[message["exit"]] = message.get("how", "")
                else:
                    self.messages.put(message)
        except (OSError, ValueError):  # close() closed the pipe under us
            pass
        self.messages.put({"eof": True})

    def _expect(self, key: str, timeout: float):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                return None
            if "eof" in message:
                self.messages.put(message)
                return None
            if key in message:
                return message[key]

    def _send(self, message: dict) -> bool:
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
            return True
        except (OSError, ValueError):
            return False

    def alive(self) -> bool:
        return not self.closed and self.proc.poll() is None

    def spawn(self, folder, cwd, env: dict, argv: list[str], *, timeout: float, replace_env: bool = False) -> int:
        """Fork a kernel: its connection file and log in `folder`, working directory `cwd`."""
        with self._lock:
            sent = self._send({"cmd": "spawn", "dir": str(folder), "cwd": str(cwd), "env": env, "argv": argv,
                               "replace_env": replace_env})
            pid = self._expect("spawned", timeout) if sent else None
        if pid is None:
            try:   # a server that is going away is known as gone once this returns
                self.proc.wait(timeout=2)
                self.closed = True
            except subprocess.TimeoutExpired:
                pass
            raise ForkServerError(f"fork server did not fork: {self.log_tail()}")
        return pid

    def kill(self, pid: int, timeout: float = 15.0) -> bool:
        """Kill a kernel (and, in the slot modes, wipe the slot); False if the server failed."""
        with self._lock:
            return self._send({"cmd": "kill", "pid": pid}) and self._expect("killed", timeout) == pid

    def interrupt(self, pid: int) -> None:
        with self._lock:
            self._send({"cmd": "interrupt", "pid": pid})

    def close(self) -> None:
        """Stop the server; its kernels die with it (PR_SET_PDEATHSIG)."""
        self.closed = True
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def main(argv: list[str]) -> None:
    warm, mode, home = argv[0], {"plain": "slot"}.get(argv[1], argv[1]), argv[2]
    # Our stdout is the control channel: keep a private copy, and send fd 1 to stderr so nothing
    # the imports print can garble it.
    control = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _prctl(PR_SET_DUMPABLE, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    namespace: dict = {"__name__": "__kerastutor_warm__"}
    exec(compile(warm, "<warm-up>", "exec"), namespace)
    import ipykernel.kernelapp  # noqa: F401 - imported once here, used by every kernel

    server = Server(control, mode, home)
    server.send({"ready": True, "pid": os.getpid()})
    server.serve(sys.stdin.buffer)


if __name__ == "__main__":
    main(sys.argv[1:])
