"""The ways a kernel is launched, registered by name (the way papermill registers its engines):
`LAUNCHERS[mode](pool)` gives the pool its kernels.

- "fork" (kerastutor.grading.launchers.fork, the default): one sandbox per grading slot runs a
  warm fork server; a kernel is a forked child of it.
- "spawn" (kerastutor.grading.launchers.spawn): a new sandbox and Python process per kernel.

Both give kernels of the same kind (kerastutor.grading.kernel_client.BaseKernel) and confine each
slot to a cgroup of its own (kerastutor.grading.cgroups) before any of its code runs.
"""
from __future__ import annotations

from .base import Launcher
from .fork import ForkLauncher, Zygote, ZygoteError, ZygoteKernel
from .spawn import ProcessKernel, SpawnLauncher

LAUNCHERS: dict[str, type[Launcher]] = {"fork": ForkLauncher, "spawn": SpawnLauncher}


def register(name: str, launcher: type[Launcher]) -> None:
    """Add a way to launch kernels (`KernelPool(mode=name)`)."""
    LAUNCHERS[name] = launcher


__all__ = ["LAUNCHERS", "ForkLauncher", "Launcher", "ProcessKernel", "SpawnLauncher", "Zygote", "ZygoteError",
           "ZygoteKernel", "register"]
