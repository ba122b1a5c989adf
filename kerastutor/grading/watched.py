"""The fallback without cgroups: each grading slot watched from user space (kerastutor.grading.cgroups'
"rlimit" backend gives these slots; standard library only, as the slot wrapper runs this file as a script).

A slot's command is wrapped by this module run as a script (standard library only):

    python -I -S watched.py kerastutor-slot TOKEN -- argv…

That process (W, the one the launcher started and may kill with its process group) forks a guard
(G) in a process group of its own, which makes itself a child subreaper and runs argv as its child
(S, back in W's process group). Whatever S and its descendants start stays below G: an orphan is
adopted by G, not by init, so no process of the slot leaves its tree. When S ends (or W dies), G
kills what is left below it and ends.

One watcher thread per backend looks at /proc every WATCH_INTERVAL seconds: it finds each slot's W
among the grader's children by its TOKEN, follows new processes to their parent, and sums, for
every slot, the resident memory of its processes (one read of /proc/PID/statm each) and,
when /proc/loadavg says a process or thread was made since the last look, lists /proc again and
counts their threads (/proc/PID/stat).
Resident memory counts mapped files, and the pages a forked process still shares with its parent
once per process: when the sum is over `memory_mb`, it is summed again as anonymous + shared memory
with each shared page split between its sharers (Pss_Anon + Pss_Shmem, smaps_rollup; else RssAnon
+ RssShmem from /proc/PID/status), for each process whose smaps_rollup we may read
(the fork server and its kernels are not dumpable: that needs CAP_SYS_PTRACE over them — root, or
the grader's own user namespace in the bubblewrap sandbox). Above `memory_mb`, or at `max_procs`
processes + threads, it counts a "memory_limit" / "process_limit" for the slot and kills the whole
slot (stopped first with SIGSTOP so nothing forks meanwhile).
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time

WATCH_INTERVAL = 0.02  # seconds between two looks
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
SLOT_MARK = "kerastutor-slot"
SLOT_NICE = 19  # the slot's processes' niceness (the grader keeps its own)


def _read_proc(path: str) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return b""
    try:
        return os.read(fd, 8192)
    except OSError:
        return b""
    finally:
        os.close(fd)


def _ppid(pid: int) -> int | None:
    """The parent of `pid` (None: gone)."""
    text = _read_proc(f"/proc/{pid}/stat")
    end = text.rfind(b")")
    if end < 0:
        return None
    fields = text[end + 2:].split()
    return int(fields[1]) if len(fields) > 1 else None


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _usage(pid: int) -> tuple[int, int] | None:
    """(threads, resident kB) of a live process, from one small read of /proc/PID/stat; None:
    gone or a zombie. Resident memory includes mapped files: an upper bound of what `_memory` says."""
    text = _read_proc(f"/proc/{pid}/stat")
    end = text.rfind(b")")
    fields = text[end + 2:].split() if end >= 0 else []
    if len(fields) < 22 or fields[0] in (b"Z", b"X"):
        return None
    return int(fields[17]), int(fields[21]) * PAGE_KB


def _memory(pid: int) -> int:
    """Resident anonymous + shared-memory kB of `pid` (/proc/PID/status; 0 when gone)."""
    memory = 0
    for line in _read_proc(f"/proc/{pid}/status").splitlines():
        if line.startswith((b"RssAnon:", b"RssShmem:")):
            memory += int(line.split()[1])
    return memory


def _last_pid() -> bytes:
    """The last process id the kernel gave out (it changes whenever anything forks)."""
    return _read_proc("/proc/loadavg").rsplit(b" ", 1)[-1]


def _proportional(pid: int) -> int | None:
    """Proportional anonymous + shared-memory kB of `pid` (pages it shares, after a fork, are split
    between the sharers), from smaps_rollup; None when we may not read it (a process that is not
    dumpable, for a grader without CAP_SYS_PTRACE over it)."""
    total, found = 0, False
    for line in _read_proc(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith((b"Pss_Anon:", b"Pss_Shmem:")):
            total += int(line.split()[1])
            found = True
    return total if found else None


def user_tasks(uid: int | None = None) -> int:
    """Processes + threads of the user `uid` (the grader's real user by default): what
    RLIMIT_NPROC counts."""
    uid = os.getuid() if uid is None else uid
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        owner = threads = None
        for line in _read_proc(f"/proc/{name}/status").splitlines():
            if line.startswith(b"Uid:"):
                owner = int(line.split()[1])
            elif line.startswith(b"Threads:"):
                threads = int(line.split()[1])
        if owner == uid and threads:
            total += threads
    return total


def _prctl(option: int, value: int) -> None:
    import ctypes

    if ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


class WatchedGroup:
    """A slot of the fallback: its processes are found below its wrapper and watched by the
    backend's Watcher (see above)."""

    folders: list = []

    def __init__(self, watcher: Watcher, name: str, limits):
        self.watcher = watcher
        self.token = f"{os.getpid()}-{name}"
        self.max_procs = limits.max_procs
        self.memory_kb = limits.memory_mb << 10
        self.counts = {"process_limit": 0, "memory_limit": 0}
        self.tasks = 0  # processes + threads at the last count (only a new process or thread raises it)
        self.killing = False  # being emptied after it hit a limit
        self.measuring: threading.Thread | None = None
        self.proportional: int | None = None  # kB, the last measure() while over the quick sum
        self.members: set[int] = set()
        self.launched: set[int] = set()  # its W (one per wrap() run)
        self.wrappers: set[int] = set()  # its W and G (they end by themselves once the rest is gone)
        self.closed = False
        watcher.add(self)

    def measure(self) -> None:
        """Anonymous + shared memory of the slot, shared pages split between their sharers where
        we may read that (smaps_rollup), else as resident (status)."""
        self.proportional = sum(_proportional(pid) or _memory(pid) for pid in list(self.members)
                                if _usage(pid) is not None)

    @staticmethod
    def resident(pid: int) -> int:
        """Resident kB of a member, from /proc/PID/statm (0: gone). Read afresh each look: a file
        kept open showed a process still as it was before it exec'd."""
        try:
            return int(_read_proc(f"/proc/{pid}/statm").split()[1]) * PAGE_KB
        except (IndexError, ValueError):
            return 0

    def wrap(self, argv: list[str]) -> list[str]:
        return [sys.executable, "-I", "-S", os.path.abspath(__file__), SLOT_MARK, self.token, "--", *argv]

    def counters(self) -> dict[str, int]:
        return dict(self.counts)

    def pids(self) -> list[int]:
        """The slot's live processes (its wrappers included)."""
        with self.watcher.lock:
            self.watcher.scan()
            return sorted(pid for pid in self.members if _usage(pid) is not None)

    def close(self) -> bool:
        if self.closed:
            return True
        self.closed = True
        ok = self.watcher.kill(self)
        self.watcher.remove(self)
        return ok


class Watcher:
    """One thread for all the fallback's slots: see the comment above WATCH_INTERVAL."""

    def __init__(self, interval: float = WATCH_INTERVAL):
        self.interval = interval
        self.lock = threading.RLock()
        self.groups: dict[str, WatchedGroup] = {}
        self.owner: dict[int, WatchedGroup | None] = {}  # pid -> its slot (None: not a slot's)
        self.pending: set[int] = set()  # the grader's children whose command line had no token yet
        self.thread: threading.Thread | None = None
        self.last_pid = b""
        self.errors: list[str] = []  # what went wrong in a look (the watch goes on)

    def add(self, group: WatchedGroup) -> None:
        with self.lock:
            self.groups[group.token] = group
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, daemon=True, name="kerastutor-slot-watcher")
                self.thread.start()

    def remove(self, group: WatchedGroup) -> None:
        with self.lock:
            self.groups.pop(group.token, None)
            for pid in group.members:
                self.owner[pid] = None

    def _run(self) -> None:
        while True:
            with self.lock:
                if not self.groups:
                    self.thread = None
                    return
                try:
                    self.tick()
                except Exception as exc:  # noqa: BLE001 - the watch must go on
                    self.errors = self.errors[-9:] + [repr(exc)]
            time.sleep(self.interval)

    def _slot_of_child(self, pid: int) -> tuple[WatchedGroup | None, bool]:
        """A child of the grader: the slot whose token its command line carries; and whether that
        is final (False: it still runs the grader's own command line, not exec'd yet)."""
        cmdline = _read_proc(f"/proc/{pid}/cmdline")
        argv = cmdline.split(b"\0")
        if SLOT_MARK.encode() in argv:
            at = argv.index(SLOT_MARK.encode())
            if at + 1 < len(argv):
                return self.groups.get(argv[at + 1].decode(errors="replace")), True
        return None, bool(cmdline) and cmdline != _read_proc("/proc/self/cmdline")

    def scan(self) -> None:
        """Attribute the processes that appeared since the last look to their slots."""
        present = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        for pid in [p for p in self.owner if p not in present]:
            group = self.owner.pop(pid)
            if group is not None:
                group.members.discard(pid)
        self.pending &= present
        new = {pid: _ppid(pid) for pid in present if pid not in self.owner or pid in self.pending}
        me = os.getpid()

        def resolve(pid: int, depth: int = 0):
            """The slot of `pid` (None: no slot's); cached unless it may still change (a child of
            the grader not exec'd yet, or a process below one)."""
            if pid in self.owner and pid not in self.pending:
                return self.owner[pid], True
            parent = new.get(pid)
            if parent is None or depth > 64:
                group, final = None, True
            elif parent == me:
                group, final = self._slot_of_child(pid)
                if not final:
                    self.pending.add(pid)  # not exec'd yet: looked at again next time
                else:
                    self.pending.discard(pid)
                    if group is not None:
                        group.launched.add(pid)
                        group.wrappers.add(pid)
            else:
                group, final = resolve(parent, depth + 1)
                if group is not None and parent in group.launched:
                    group.wrappers.add(pid)  # G: W's only child
            if final:
                self.owner[pid] = group
                if group is not None:
                    group.members.add(pid)
            return group, final

        for pid in sorted(new):
            if new[pid] is not None:
                resolve(pid)

    def tick(self) -> None:
        last_pid = _last_pid()
        count = last_pid != self.last_pid or bool(self.pending)
        if count:  # else nothing was forked nor cloned since the last look: same processes and threads
            self.last_pid = last_pid
            self.scan()
        for group in list(self.groups.values()):
            if not group.members or group.killing:
                continue
            if count:
                group.tasks = sum(usage[0] for usage in map(_usage, list(group.members)) if usage)
            memory = sum(map(group.resident, list(group.members)))
            over = False
            if group.tasks < group.max_procs and memory > group.memory_kb:
                # resident memory counts mapped files, and pages shared after a fork once per
                # process: over the limit, look again at anonymous + shared memory, each page split
                # between its sharers where we may read that. That is slower (and waits for a
                # process that is forking), so it is done aside: the looks go on meanwhile.
                if group.measuring is None or not group.measuring.is_alive():
                    group.measuring = threading.Thread(target=group.measure, daemon=True,
                                                       name="kerastutor-slot-measure")
                    group.measuring.start()
                over = group.proportional is not None and group.proportional > group.memory_kb
            else:
                group.proportional = None
            kind = ("process_limit" if group.tasks >= group.max_procs else "memory_limit" if over else None)
            if kind:
                group.counts[kind] += 1  # counted before the slot dies: the runner reads it then
                group.killing = True
                threading.Thread(target=self.kill, args=(group,), daemon=True, name="kerastutor-slot-kill").start()

    def kill(self, group: WatchedGroup, timeout: float = 10.0) -> bool:
        """Stop every process of the slot but its wrappers (SIGSTOP, until no new one appears), then
        SIGKILL them until none is alive; G reaps them and ends, and W with it (else they are
        killed too). False if some process would not go. The lock is held only for each look, not
        while the dying die: the other slots stay watched."""
        deadline = time.monotonic() + timeout
        with self.lock:
            stopped: set[int] = set()
            while time.monotonic() < deadline:
                self.scan()
                fresh = group.members - group.wrappers - stopped
                if not fresh:
                    break
                for pid in fresh:
                    _signal(pid, signal.SIGSTOP)
                stopped |= fresh
        wrappers_until = None
        try:
            while time.monotonic() < deadline:
                with self.lock:
                    self.scan()
                    alive = [pid for pid in group.members - group.wrappers if _usage(pid) is not None]
                    if not alive:
                        alive = [pid for pid in group.wrappers if _usage(pid) is not None]
                        if not alive:
                            return True
                        wrappers_until = wrappers_until or time.monotonic() + 2.0
                        if time.monotonic() < wrappers_until:  # let G reap the slot's dead and end
                            alive = []
                    for pid in alive:
                        _signal(pid, signal.SIGKILL)
                time.sleep(0.005)
            return False
        finally:
            group.killing = False


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def _descendants(root: int) -> list[int]:
    """Every process below `root` (from the parents in /proc/*/stat)."""
    parent = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            ppid = _ppid(int(name))
            if ppid is not None:
                parent[int(name)] = ppid
    below, level = [], {root}
    while level:
        level = {pid for pid, ppid in parent.items() if ppid in level}
        below += level
    return below


class _Stop(Exception):
    pass


def _guard(command: list[str], group_of_launcher: int) -> None:
    """G: the slot's child subreaper. Runs `command` as its child, then ends everything below it."""
    launcher = os.getppid()
    os.setpgid(0, 0)  # not in the launcher's process group: killing that group leaves G to clean up
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    child = os.fork()
    if child == 0:
        try:
            os.setpgid(0, group_of_launcher)
            # The slot runs at the lowest priority: a fork bomb's hundreds of busy processes then
            # cannot starve the grader's watcher (which runs at the grader's own priority).
            os.setpriority(os.PRIO_PROCESS, 0, SLOT_NICE)
            for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, signal.SIG_DFL)
            os.execvp(command[0], command)
        finally:
            os._exit(127)

    def stop(*_):
        raise _Stop

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, lambda *_: _signal(child, signal.SIGINT))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    status = 0
    try:
        if os.getppid() != launcher:
            raise _Stop
        while True:
            pid, got = os.wait()
            if pid == child:
                status = got
                break
    except (_Stop, ChildProcessError):
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for pid in _descendants(os.getpid()):
            _signal(pid, signal.SIGKILL)
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            break
        time.sleep(0.005)
    _exit_like(status)


def _slot_main(argv: list[str]) -> None:
    """W: `kerastutor-slot TOKEN -- command…` (see above)."""
    if len(argv) < 4 or argv[0] != SLOT_MARK or argv[2] != "--":
        raise SystemExit(f"usage: {SLOT_MARK} TOKEN -- command …")
    group = os.getpgid(0)
    # The slot's stopped processes in our process group get SIGHUP when it is orphaned: not us.
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    guard = os.fork()
    if guard == 0:
        try:
            _guard(argv[3:], group)
        finally:
            os._exit(70)
    signal.signal(signal.SIGINT, lambda *_: _signal(guard, signal.SIGINT))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    _, status = os.waitpid(guard, 0)
    _exit_like(status)


def _exit_like(status: int) -> None:
    """End as the process with wait status `status` ended (same code, or same signal)."""
    if os.WIFSIGNALED(status):
        if os.WTERMSIG(status) not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


if __name__ == "__main__":  # the slot wrapper (see WatchedGroup.wrap)
    _slot_main(sys.argv[1:])
