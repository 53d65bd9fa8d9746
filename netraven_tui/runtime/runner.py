"""Job runs: resolve the targets, run one task per device on a bounded thread pool, record it all.

Device tasks never write to the database themselves: the run's own thread collects their
outcomes and stores them in batches (SQLite has one writer), then publishes them on the bus.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime

from netraven_tui.domain import (
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    JobKind,
    JobRun,
    NetRavenError,
    ResultStatus,
    RunStatus,
)
from netraven_tui.runtime.events import (
    DeviceDone,
    DeviceProgress,
    EventBus,
    RunFinished,
    RunStarted,
)
from netraven_tui.services import Services

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.3
FLUSH_SIZE = 100

DeviceTask = Callable[[DeviceTarget, threading.Event], DeviceOutcome]


class RunPlan:
    """What a job kind does per device and once at the end (the backup engine commits to git)."""

    def prepare(self, targets: list[DeviceTarget]) -> None:
        """Called once with every target before the first task (bulk look-ups go here)."""

    def task(
        self, device: DeviceTarget, cancel: threading.Event
    ) -> DeviceOutcome:  # pragma: no cover
        raise NotImplementedError

    def finish(self, run: JobRun, outcomes: list[DeviceOutcome]) -> str | None:
        """Called once after every device is done; returns a commit id, if any."""
        return None


class ReachabilityPlan(RunPlan):
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout

    def task(self, device: DeviceTarget, cancel: threading.Event) -> DeviceOutcome:
        from netraven_tui.backup.reachability import probe

        return probe(device, self.timeout)


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
    ) -> None:
        self.services = services
        self.bus = bus or EventBus()
        settings = services.ctx.settings
        self.plans: dict[JobKind, PlanFactory] = {
            JobKind.REACHABILITY: lambda run: ReachabilityPlan(settings.reachability_timeout),
        }
        self.plans.update(plans or {})
        self._lock = threading.Lock()
        self._active: dict[int, _ActiveRun] = {}
        # Called with each run once it is closed and announced (notifications queue here);
        # an exception in one is logged and never changes the run.
        self.after_run: list[Callable[[JobRun], None]] = []

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
            commit = plan.finish(run, outcomes)
            message = f"commit {commit[:10]}" if commit else ""
            status = RunStatus.CANCELLED if active.cancel.is_set() else None
            result = runs.finish(active.run_id, status, message)
        except Exception as error:  # noqa: BLE001 - a broken run is recorded, never lost
            log.exception("run %s failed", active.run_id)
            text = (
                str(error)
                if isinstance(error, NetRavenError)
                else f"internal error: {type(error).__name__}: {error}"
            )
            result = runs.finish(active.run_id, RunStatus.FAILED, text)
        finally:
            with self._lock:
                self._active.pop(active.run_id, None)
        active.result = result
        active.done.set()
        self.bus.publish(RunFinished(result))
        self._after_run(result)
        return result

    def _after_run(self, run: JobRun) -> None:
        for callback in list(self.after_run):
            try:
                callback(run)
            except Exception:  # noqa: BLE001 - the run is closed and recorded whatever happens here
                log.exception("after-run callback %r failed on run %s", callback, run.id)

    def _run_devices(
        self, run: JobRun, plan: RunPlan, targets: list[DeviceTarget], cancel: threading.Event
    ) -> list[DeviceOutcome]:
        workers = max(1, min(self.services.ctx.settings.workers, len(targets)))
        outcomes: list[DeviceOutcome] = []
        batch: list[DeviceOutcome] = []
        last_flush = time.monotonic()
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"run{run.id}") as pool:

            def started(device: DeviceTarget) -> None:
                self.bus.publish(DeviceProgress(run.id, device.id, device.hostname, "connecting"))

            pending: set[Future[DeviceOutcome]] = {
                pool.submit(_guarded, plan, device, cancel, started) for device in targets
            }
            while pending:
                done, pending = wait(pending, timeout=FLUSH_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    outcome = future.result()
                    outcomes.append(outcome)
                    batch.append(outcome)
                if batch and (
                    len(batch) >= FLUSH_SIZE
                    or time.monotonic() - last_flush >= FLUSH_SECONDS
                    or not pending
                ):
                    self._flush(run.id, batch)
                    batch = []
                    last_flush = time.monotonic()
        return outcomes

    def _flush(self, run_id: int, batch: list[DeviceOutcome]) -> None:
        for result in self.services.runs.record(run_id, batch):
            self.bus.publish(DeviceDone(run_id, result))


def _guarded(
    plan: RunPlan,
    device: DeviceTarget,
    cancel: threading.Event,
    started: Callable[[DeviceTarget], None],
) -> DeviceOutcome:
    now = datetime.now(UTC)
    if cancel.is_set():
        return DeviceOutcome(
            device,
            ResultStatus.SKIPPED,
            now,
            now,
            message="run cancelled before this device started",
        )
    started(device)
    try:
        return plan.task(device, cancel)
    except Exception as error:  # noqa: BLE001 - one device's bug must not end the run
        log.exception("device task for %s failed", device.hostname)
        return DeviceOutcome(
            device,
            ResultStatus.FAILED,
            now,
            datetime.now(UTC),
            error_kind=ErrorKind.INTERNAL,
            message=f"internal error: {type(error).__name__}: {error}",
            attempts=1,
        )
