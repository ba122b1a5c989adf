"""The "dask" engine: grade on a `dask.distributed` cluster.

    DaskEngine(config, scheduler="tcp://HOST:8786")   # an existing cluster (`dask scheduler` / `dask worker`)
    DaskEngine(config, cluster="local:N")             # a LocalCluster of N worker processes, `jobs` threads each

- Each worker keeps its own grading slots (engines.base.Slots: a sandbox and a pool of warm
  kernels), started once per worker by a worker plugin and closed when the plugin is removed at
  the end of the batch or the worker stops. The plugin carries the batch's Config, the teacher's
  tests included, in memory: nothing is written on the worker outside the sandbox's scratch space.
  The pool's threads are long-lived (bubblewrap's --die-with-parent follows the starting thread).
- A submission is a task (pure=False: graded once per batch, never taken from a cache), holding
  the parsed submission only. A worker that dies takes its running tasks with it: the scheduler
  runs them again on another worker. The task returns the Result; only the caller writes the
  sheet, once per submission.
"""
from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterable, Iterator

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from ..runner import Result, grader_error
from ..submission import Submission
from .base import Config, Engine, EngineError, Slots, Where

# Attempts after a task raised (the grader's own failure). A task on a worker that died is
# rescheduled by Dask without counting here (up to distributed.scheduler.allowed-failures).
RETRIES = 2


class GradingPlugin(WorkerPlugin):
    """One batch's grading slots on one worker."""

    def __init__(self, config: Config, name: str):
        self.config, self.name = config, name
        self.slots: Slots | None = None

    def setup(self, worker) -> None:
        self.slots = Slots(self.config)
        self.slots.start(jobs=_nthreads(worker))

    def teardown(self, worker) -> None:
        if self.slots is not None:
            self.slots.close()


def _nthreads(worker) -> int:
    state = getattr(worker, "state", None)
    return getattr(state, "nthreads", None) or getattr(worker, "nthreads", 1)


def _where(plugin: str, dask_worker=None) -> Where:
    """Run on each worker by Client.run: its sandbox and jobs."""
    return dask_worker.plugins[plugin].slots.where(dask_worker.address)


def grade_task(plugin: str, submission: Submission) -> Result:
    """A task: grade one parsed submission with this worker's slots."""
    slots = get_worker().plugins[plugin].slots
    if slots is None:  # its setup failed: Dask runs the task again elsewhere (retries)
        raise EngineError("this worker has no grading slots")
    return slots.grade(submission)


def parse_cluster(spec: str) -> int:
    """"local:N" -> N (worker processes of a LocalCluster)."""
    kind, _, count = spec.partition(":")
    if kind != "local" or not count.isdigit() or int(count) < 1:
        raise ValueError(f"--cluster expects local:N with N ≥ 1 worker processes, got {spec!r}")
    return int(count)


class DaskEngine(Engine):
    name = "dask"

    def __init__(self, config: Config, scheduler: str | None = None, cluster: str | None = None,
                 quiet_logs: bool = True):
        super().__init__(config)
        if (scheduler is None) == (cluster is None):
            raise ValueError("the dask engine needs either scheduler= (an address) or cluster= ('local:N')")
        self.scheduler, self.cluster_spec, self.quiet_logs = scheduler, cluster, quiet_logs
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None
        self.plugin = f"kerastutor-grading-{config.assignment.number}-{secrets.token_hex(4)}"
        self.dashboard: str | None = None

    def start(self) -> list[Where]:
        level = logging.ERROR if self.quiet_logs else logging.WARNING
        if self.quiet_logs:
            for name in ("distributed", "bokeh", "tornado"):
                logging.getLogger(name).setLevel(logging.ERROR)
        if self.cluster_spec is not None:
            self.cluster = LocalCluster(n_workers=parse_cluster(self.cluster_spec), processes=True,
                                        threads_per_worker=self.config.jobs, host="127.0.0.1",
                                        dashboard_address="127.0.0.1:0", silence_logs=level)
            self.client = Client(self.cluster)
        else:
            try:  # waits distributed.comm.timeouts.connect (30 s) for the scheduler
                self.client = Client(self.scheduler)
            except (OSError, TimeoutError) as exc:
                raise EngineError(f"no Dask scheduler answers at {self.scheduler} ({exc})") from None
        self.dashboard = _dashboard(self.client)
        try:  # every worker starts its slots; one that cannot (e.g. no bubblewrap with --sandbox bwrap) stops us
            self.client.register_plugin(GradingPlugin(self.config, self.plugin), name=self.plugin)
        except EngineError:
            raise
        except Exception as exc:  # noqa: BLE001 - raised on a worker, sent back by Dask
            raise EngineError(f"a worker could not start its grading slots: {type(exc).__name__}: {exc}") from None
        # workers that join later get the plugin too (their sandboxes are not in the header)
        places = self.client.run(_where, self.plugin)
        return [places[address] for address in sorted(places)]

    def run(self, submissions: Iterable[Submission]) -> Iterator[Result]:
        by_key = {}
        futures = []
        for submission in submissions:
            future = self.client.submit(grade_task, self.plugin, submission, pure=False, retries=RETRIES,
                                        key=f"grade-{len(futures):06d}-{self.plugin[-8:]}")
            by_key[future.key] = submission
            futures.append(future)
        try:
            for future in as_completed(futures):
                submission = by_key[future.key]
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: an "error" row, graded again on resume
                    result = grader_error(submission.name, self.config.assignment, exc, submission.lang)
                future.release()
                yield result
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.unregister_worker_plugin(self.plugin)
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def _dashboard(client: Client) -> str | None:
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001
        return None
    return client.dashboard_link if "dashboard" in services else None
