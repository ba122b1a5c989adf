"""What a launcher is to the kernel pool (kerastutor.grading.pool)."""
from __future__ import annotations


class Launcher:
    """Starts warm kernels for a pool. The pool runs `run(index)` in `workers()` long-lived threads
    (bubblewrap's --die-with-parent follows the *thread* that started a sandbox, so a sandbox must
    never be started by a thread that ends before it); each puts warm kernels, or a LaunchError
    when it gives up, with `pool.offer()`."""

    def __init__(self, pool):
        self.pool = pool

    def workers(self) -> int:
        raise NotImplementedError

    def run(self, index: int) -> None:
        raise NotImplementedError

    def taken(self) -> None:
        """A kernel was handed out."""

    def extend(self, count: int) -> None:
        """`count` more kernels are needed beyond those planned (a replay)."""

    def close(self) -> None:
        """Stop: wake the threads, kill everything still starting."""
