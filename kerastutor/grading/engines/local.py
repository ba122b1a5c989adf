"""The "local" engine: `jobs` threads on this machine over one pool of warm, sandboxed kernels.

The pool's own threads start the sandboxes and live as long as the pool (bubblewrap's
--die-with-parent follows the thread that started it).
"""
from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable, Iterator

from ..runner import Result
from ..submission import Submission
from .base import Config, Engine, Slots, Where


class LocalEngine(Engine):
    name = "local"

    def __init__(self, config: Config):
        super().__init__(config)
        self.slots: Slots | None = None

    def start(self) -> list[Where]:
        self.slots = Slots(self.config)
        return [self.slots.where("local")]

    def run(self, submissions: Iterable[Submission]) -> Iterator[Result]:
        todo = list(submissions)
        if not todo:
            return
        jobs = min(self.config.jobs, len(todo))
        # two kernels per submission: no kernel is warmed for nobody at the end of the batch
        self.slots.start(jobs, budget=2 * len(todo))
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grade") as pool:
            futures = [pool.submit(self.slots.grade, s) for s in todo]
            try:
                for future in concurrent.futures.as_completed(futures):
                    yield future.result()
            finally:  # interrupted or abandoned: queued submissions are dropped, kernels killed
                for future in futures:
                    future.cancel()
                self.slots.close()

    def close(self) -> None:
        if self.slots is not None:
            self.slots.close()
