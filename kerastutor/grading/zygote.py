"""A warm fork server for kernels: TensorFlow is imported once per sandbox, not once per submission.

Runs inside a sandbox (one per grading slot) as

    python -m kerastutor.grading.zygote WARM_CODE sandboxed|plain SLOT_FOLDER

It imports kerastutor, keras/TensorFlow (no TensorFlow op runs here, so forking is safe), IPython
and ipykernel, then waits for commands on stdin (one JSON object per line) and answers on stdout:

    {"cmd": "spawn", "dir": D, "cwd": W, "env": {...}, "argv": [...]}
                                              -> {"spawned": pid}   a fresh kernel: connection
                                                                    file, sockets and log in D,
                                                                    working directory W
    {"cmd": "interrupt", "pid": pid}          -> (nothing)          SIGINT to that kernel
    {"cmd": "kill", "pid": pid}               -> {"killed": pid}    the kernel, everything else
                                                                    in the sandbox, its folder
                                                                    and /tmp are gone
    (unprompted)                              -> {"exit": pid, "how": "exit code 3"}

A slot serves one submission at a time: between two submissions every process but this server is
killed and the scratch space is wiped, so nothing of one submission survives into the next. The
server itself never runs submitted code; a kernel is a forked child that runs only its own
student's cells. The server is not dumpable (kernels cannot ptrace it or read its memory); if a
submission kills it anyway, its kernel dies with it and the grader starts a new sandbox.
"""
from __future__ import annotations

import ctypes
import json
import os
import select
import shutil
import signal
import sys

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


class Server:
    def __init__(self, control_out, sandboxed: bool, home: str):
        self.out = control_out
        self.sandboxed = sandboxed
        self.home = home  # the slot's folder; each kernel gets a folder inside it
        self.children: dict[int, str] = {}  # pid -> folder

    def send(self, message: dict) -> None:
        self.out.write(json.dumps(message) + "\n")
        self.out.flush()

    def spawn(self, folder: str, cwd: str, env: dict, argv: list[str]) -> None:
        pid = os.fork()
        if pid == 0:  # the kernel
            try:
                self._become_kernel(folder, cwd, env, argv)
            finally:
                os._exit(70)
        self.children[pid] = folder
        self.send({"spawned": pid})

    def _become_kernel(self, folder: str, cwd: str, env: dict, argv: list[str]) -> None:
        os.setsid()
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the kernel dies with the server
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
        os.environ.update(env)
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
                               message["argv"])
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


def main(argv: list[str]) -> None:
    warm, sandboxed, home = argv[0], argv[1] == "sandboxed", argv[2]
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

    server = Server(control, sandboxed, home)
    server.send({"ready": True, "pid": os.getpid()})
    server.serve(sys.stdin.buffer)


if __name__ == "__main__":
    main(sys.argv[1:])
