"""Warm kernels, ready before the submissions that will use them (`KernelPool`).

A student's kernel serves exactly one submission and is then killed with all it started; a
teacher's kernel, which never runs student code, may be handed back (`keep`) and taken again by a
later submission (`take_kept`). How kernels
are started is a launcher, picked by name (`mode`, kerastutor.grading.launchers.LAUNCHERS):
"fork" (default) or "spawn". Launches that do not answer in time are killed and retried.
"""
from __future__ import annotations

import json
import os
import pathlib
import queue
import shutil
import tempfile
import threading

from .kernel_client import BaseKernel, LaunchError, Reply
from .launchers import LAUNCHERS
from .sandbox import Sandbox


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
    """Keeps warm kernels ready; `take()` hands one out (the caller kills it when done)."""

    def __init__(self, sandbox: Sandbox, size: int, warm: str, base: pathlib.Path | None = None,
                 launch_timeout: float = 60.0, retries: int = 3, budget: int | None = None,
                 mode: str = "fork", kernel_warm: str = ""):
        """size: kernels in use at once (the batch's jobs). warm: the warm-up imports.
        budget ("spawn" mode): how many kernels may be started in all (None: no limit); extend()
        adds to it, so that no kernel is warmed for nobody at the end of a batch."""
        if mode not in LAUNCHERS:
            raise ValueError(f"unknown kernel mode {mode!r} (one of {', '.join(LAUNCHERS)})")
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
        self.closed = False
        self._lock = threading.Lock()
        self._count = 0
        self._live: set = set()  # kernels started and not handed out
        self._kept: list = []  # teachers' kernels handed back for the next submissions (keep())
        self.launch_failures = 0
        self.launcher = LAUNCHERS[mode](self, budget=budget)
        self._threads = [threading.Thread(target=self.launcher.run, args=(i,), daemon=True,
                                          name=f"kernel-{mode}-{i}") for i in range(self.launcher.workers())]
        for thread in self._threads:
            thread.start()

    # --- for the launchers ---------------------------------------------------------------------
    def name(self, prefix: str) -> str:
        with self._lock:
            self._count += 1
            return f"{prefix}{self._count}"

    def offer(self, item) -> None:
        """A warm kernel (or the LaunchError of a launcher that gave up) for take()."""
        self._ready.put(item)

    def track(self, kernel) -> bool:
        with self._lock:
            if self.closed:
                return False
            self._live.add(kernel)
            return True

    def forget(self, kernel) -> None:
        with self._lock:
            self._live.discard(kernel)

    def warm_kernel(self, kernel, code: str) -> None:
        kernel.wait_ready(self.launch_timeout)
        reply = kernel.execute(code, timeout=self.launch_timeout, store_history=False,
                               user_expressions=PATH_EXPRESSION)
        if reply.status != "ok":
            raise LaunchError(f"warm-up failed: {reply.status} {reply.ename}: {reply.evalue}")
        kernel.startup_path = _startup_path(reply)

    # --- for the grader ------------------------------------------------------------------------
    def extend(self, count: int = 1) -> None:
        """Allow and start `count` more kernels (a replay after a kernel died)."""
        self.launcher.extend(count)

    def take(self, timeout: float | None = None):
        """A warm kernel (raises LaunchError when none could be started). The caller kills it."""
        if self.closed:
            raise LaunchError("kernel pool closed")
        item = self._ready.get(timeout=timeout)
        self.launcher.taken()
        if isinstance(item, Exception):
            raise item
        self.forget(item)
        item.watch_limits()  # the limits it hits from now on are its submission's
        return item

    def keep(self, kernel) -> None:
        """A kernel to use again (a teacher's: it ran no student code); killed if the pool is closed."""
        with self._lock:
            if not self.closed:
                self._kept.append(kernel)
                return
        kernel.kill()

    def take_kept(self):
        """A kernel handed back by keep() that is still alive, or None. The caller kills or keeps it."""
        while True:
            with self._lock:
                if self.closed or not self._kept:
                    return None
                kernel = self._kept.pop()
            if kernel.alive():
                kernel.watch_limits()
                return kernel
            kernel.kill()

    def close(self) -> None:
        """Kill every kernel not handed out, including those still starting, and every sandbox."""
        with self._lock:
            self.closed = True
            live = list(self._live) + self._kept
            self._live.clear()
            self._kept.clear()
        for kernel in live:
            kernel.kill()
        self.launcher.close()
        for _ in range(len(self._threads) * 4):  # wake anyone waiting in take()
            self._ready.put(LaunchError("kernel pool closed"))
        for thread in self._threads:
            thread.join(timeout=5)
        with self._ready.mutex:  # warm kernels nobody took
            leftovers = [item for item in self._ready.queue if isinstance(item, BaseKernel)]
        for item in leftovers:
            item.kill()
        self.launcher.close()  # a slot a thread started while closing
        if self._own_base:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
