"""Job runs: resolve the targets, run one task per device, record it all.

The device tasks are done by a task executor (``runtime/executors``: a bounded thread pool
here, worker processes, or the site collectors). They never write to the database
themselves: the run's own thread collects their outcomes and stores them in batches (SQLite
has one writer), then publishes them on the bus.
When every device is done the plan makes its commit (if any), and the run closes in one
transaction: commit, versions, counts and status together (``RunService.close``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from netraven_tui.domain import (
    DeviceOutcome,
    DeviceTarget,
    JobKind,
    JobRun,
    NetRavenError,
    RunStatus,
)
from netraven_tui.runtime.events import (
    DeviceDone,
    DeviceProgress,
    EventBus,
    RunFinished,
    RunStarted,
)
from netraven_tui.runtime.executors import ExecutorChoice, choose_executor
from netraven_tui.runtime.plans.base import RunPlan
from netraven_tui.runtime.plans.reachability import ReachabilityPlan
from netraven_tui.services import Services

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.3
FLUSH_SIZE = 100

DeviceTask = Callable[[DeviceTarget, threading.Event], DeviceOutcome]
PlanFactory = Callable[[JobRun], RunPlan]


@dataclass
class _ActiveRun:
    run_id: int
    job_id: int | None
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    result: JobRun | None = None


class JobRunner:
    """Runs jobs now (``run``) or in the background (``start``); any number of runs at once."""

    def __init__(
        self,
        services: Services,
        bus: EventBus | None = None,
        plans: dict[JobKind, PlanFactory] | None = None,
        executor: ExecutorChoice | None = None,
    ) -> None:
        self.services = services
        self.executor = executor or choose_executor(services)
        self.bus = bus or EventBus()
        settings = services.ctx.settings
        self.plans: dict[JobKind, PlanFactory] = {
            JobKind.REACHABILITY: lambda run: ReachabilityPlan(settings.reachability_timeout),
        }
        self.plans.update(plans or {})
        self._lock = threading.Lock()
        self._active: dict[int, _ActiveRun] = {}

    # ------------------------------------------------------------------ public

    def run(
        self, job_key: int | str, trigger: str = "manual", triggered_by: str | None = None
    ) -> JobRun:
        """Run a job in the calling thread and return the finished run."""
        active = self._prepare(job_key, trigger, triggered_by)
        return self._execute(active)

    def start(
        self, job_key: int | str, trigger: str = "manual", triggered_by: str | None = None
    ) -> int:
        """Queue a run in a background thread; returns its id at once."""
        active = self._prepare(job_key, trigger, triggered_by)
        thread = threading.Thread(
            target=self._execute, args=(active,), name=f"run-{active.run_id}", daemon=True
        )
        thread.start()
        return active.run_id

    def cancel(self, run_id: int) -> bool:
        """Ask a run to stop: devices not started are skipped, running ones finish or time out."""
        with self._lock:
            active = self._active.get(run_id)
        if active is None:
            return False
        active.cancel.set()
        return True

    def wait(self, run_id: int, timeout: float | None = None) -> JobRun | None:
        with self._lock:
            active = self._active.get(run_id)
        if active is None:
            return self.services.runs.get(run_id)
        active.done.wait(timeout)
        return active.result

    def is_running(self, job_id: int) -> bool:
        with self._lock:
            return any(a.job_id == job_id for a in self._active.values())

    def active_runs(self) -> list[int]:
        with self._lock:
            return list(self._active)

    def shutdown(self, grace_seconds: float) -> list[int]:
        """Cancel every run, give running devices ``grace_seconds``, report the runs still going."""
        with self._lock:
            actives = list(self._active.values())
        for active in actives:
            active.cancel.set()
        deadline = time.monotonic() + grace_seconds
        for active in actives:
            active.done.wait(max(0.0, deadline - time.monotonic()))
        return [a.run_id for a in actives if not a.done.is_set()]

    # ------------------------------------------------------------------ internals

    def _prepare(self, job_key: int | str, trigger: str, triggered_by: str | None) -> _ActiveRun:
        job = self.services.jobs.get(job_key)
        run = self.services.runs.create(job.id, trigger, triggered_by or self.services.actor.name)
        active = _ActiveRun(run.id, job.id)
        with self._lock:
            self._active[run.id] = active
        return active

    def _execute(self, active: _ActiveRun) -> JobRun:
        runs = self.services.runs
        try:
            targets = runs.targets(active.job_id) if active.job_id is not None else []
            run = runs.start(active.run_id, len(targets))
            self.bus.publish(RunStarted(run))
            plan = self.plans[run.kind](run)
            plan.prepare(targets)
            outcomes = self._run_devices(run, plan, targets, active.cancel) if targets else []
            made = plan.finish(run, outcomes)
            result = runs.close(
                active.run_id,
                commit=made.commit,
                versions=made.versions,
                status=RunStatus.CANCELLED if active.cancel.is_set() else None,
                message=f"commit {made.commit[:10]}" if made.commit else "",
            )
            _after_close(plan, result)
        except Exception as error:  # noqa: BLE001 - a broken run is recorded, never lost
            log.exception("run %s failed", active.run_id)
            text = (
                str(error)
                if isinstance(error, NetRavenError)
                else f"internal error: {type(error).__name__}: {error}"
            )
            result = runs.close(active.run_id, status=RunStatus.FAILED, message=text)
        finally:
            with self._lock:
                self._active.pop(active.run_id, None)
        active.result = result
        active.done.set()
        self.bus.publish(RunFinished(result))
        return result

    def _run_devices(
        self, run: JobRun, plan: RunPlan, targets: list[DeviceTarget], cancel: threading.Event
    ) -> list[DeviceOutcome]:
        executor = self.executor(run, plan, targets)
        log.debug("run %s: %d devices on %s", run.id, len(targets), executor.name)
        outcomes: list[DeviceOutcome] = []
        batch: list[DeviceOutcome] = []
        last_flush = time.monotonic()

        def started(device: DeviceTarget) -> None:
            self.bus.publish(DeviceProgress(run.id, device.id, device.hostname, "connecting"))

        for done in executor.run(run, plan, targets, cancel, started, FLUSH_SECONDS):
            outcomes.extend(done)
            batch.extend(done)
            if batch and (
                len(batch) >= FLUSH_SIZE or time.monotonic() - last_flush >= FLUSH_SECONDS
            ):
                self._flush(run.id, batch)
                batch = []
                last_flush = time.monotonic()
        if batch:
            self._flush(run.id, batch)
        return outcomes

    def _flush(self, run_id: int, batch: list[DeviceOutcome]) -> None:
        for result in self.services.runs.record(run_id, batch):
            self.bus.publish(DeviceDone(run_id, result))


def _after_close(plan: RunPlan, run: JobRun) -> None:
    """The plan's after-close step (the git push); its failure never changes the closed run."""
    try:
        plan.after_close(run)
    except Exception:  # noqa: BLE001 - the run is closed and recorded; say why in the log
        log.exception("after closing run %s", run.id)
