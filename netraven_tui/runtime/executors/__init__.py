"""How a run's device tasks are executed: threads here, worker processes, or site collectors.

``choose_executor(services)`` gives the runner a function picking one per run:

- ``collectors = true`` on PostgreSQL: the site collectors (every job kind that can send
  its work as data);
- else, for CPU-heavy work (backups) with ``processes`` > 1 and enough devices: worker
  processes with threads inside each;
- else: a thread pool in this process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from netraven_tui.domain import DeviceTarget, JobRun
from netraven_tui.runtime.executors.base import TaskExecutor
from netraven_tui.runtime.executors.processes import MIN_DEVICES, ProcessExecutor
from netraven_tui.runtime.executors.threads import ThreadExecutor
from netraven_tui.runtime.plans.base import RunPlan
from netraven_tui.services import Services

ExecutorChoice = Callable[[JobRun, RunPlan, Sequence[DeviceTarget]], TaskExecutor]


def choose_executor(services: Services, min_devices: int = MIN_DEVICES) -> ExecutorChoice:
    """The executor for each run, from the settings (see the module docstring)."""

    def choose(run: JobRun, plan: RunPlan, targets: Sequence[DeviceTarget]) -> TaskExecutor:
        settings = services.ctx.settings
        if settings.uses_collectors:
            from netraven_tui.runtime.executors.collectors import CollectorExecutor

            return CollectorExecutor(services)
        workers = max(1, min(settings.workers, len(targets)))
        if plan.cpu_heavy and settings.processes > 1 and len(targets) >= min_devices:
            processes = min(settings.processes, workers)
            return ProcessExecutor(processes, threads=-(-workers // processes))
        return ThreadExecutor(workers)

    return choose
