"""Device tasks on a bounded thread pool in the run's own process (the engine as it always was)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from netraven_tui.domain import DeviceOutcome, DeviceTarget, JobRun
from netraven_tui.runtime.executors.base import Started, guarded_task
from netraven_tui.runtime.plans.base import RunPlan


class ThreadExecutor:
    name = "threads"

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def run(
        self,
        run: JobRun,
        plan: RunPlan,
        targets: Sequence[DeviceTarget],
        cancel: threading.Event,
        started: Started,
        tick: float,
    ) -> Iterator[list[DeviceOutcome]]:
        """Every target's ``plan.task`` on at most ``workers`` threads."""
        workers = max(1, min(self.workers, len(targets)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"run{run.id}") as pool:
            pending: set[Future[DeviceOutcome]] = {
                pool.submit(guarded_task, plan, device, cancel, started) for device in targets
            }
            while pending:
                done, pending = wait(pending, timeout=tick, return_when=FIRST_COMPLETED)
                yield [future.result() for future in done]
