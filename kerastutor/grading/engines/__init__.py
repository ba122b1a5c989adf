"""Engines that grade a batch: interchangeable, registered by name (as papermill registers its
engines), chosen with `kerastutor.grading.grade(…, executor=NAME)`.

- "local" (engines.local): a thread per job on this machine, over one pool of warm, sandboxed
  kernels (kerastutor.grading.pool).
- "dask" (engines.dask_cluster): a `dask.distributed` cluster, an existing one (`scheduler=`) or a
  LocalCluster of worker processes (`cluster="local:N"`); each worker keeps its own kernel pool.

An engine is a class built as `Engine(config, **options)` (config: engines.base.Config) with
`start() -> list[Where]`, `run(submissions) -> iterator of Result as they finish` and `close()`.
`register(name, "module:Class")` adds one; engines are imported only when used.
"""
from __future__ import annotations

import importlib

from .base import Config, Engine, EngineError, Where

_ENGINES: dict[str, str | type] = {
    "local": "kerastutor.grading.engines.local:LocalEngine",
    "dask": "kerastutor.grading.engines.dask_cluster:DaskEngine",
}


def register(name: str, engine: str | type) -> None:
    """Add (or replace) an engine: a class, or "module:Class" imported when first used."""
    _ENGINES[name] = engine


def names() -> list[str]:
    return sorted(_ENGINES)


def get(name: str) -> type:
    try:
        engine = _ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown grading engine {name!r} (known: {', '.join(names())})") from None
    if isinstance(engine, str):
        module, _, attr = engine.partition(":")
        engine = getattr(importlib.import_module(module), attr)
        _ENGINES[name] = engine
    return engine


__all__ = ["Config", "Engine", "EngineError", "Where", "get", "names", "register"]
