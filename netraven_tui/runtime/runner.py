"""Job runs: resolve the targets, run one task per device, record it all.

The device tasks are done by a task executor (``runtime/executors``: a bounded thread pool
here, worker processes, or the site collectors). They never write to the database
themselves: the run's own thread collects their outcomes and stores them in batches (SQLite
has one writer), then publishes them on the bus.
When every device is done the plan makes its commit (if any), and the run closes in one
transaction: commit, versions, counts and status together (``RunService.close``).

Who may run a job is checked once, when its run is created, as the actor asking (the actor of
the services the runner was built with, or ``actor=``); the run's own bookkeeping is the
program's and acts as a system actor. Those writes wait for a busy database (``WriteRetry``)
for as long as the run lives: until this runner is shut down and the grace has passed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from netraven_tui.domain import (
    Actor,
    DeviceOutcome,
    DeviceTarget,
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
from netraven_tui.runtime.executors import ExecutorChoice, choose_executor
from netraven_tui.runtime.plans.base import RunPlan
from netraven_tui.runtime.plans.reachability import ReachabilityPlan
from netraven_tui.services import Services
from netraven_tui.services.retry import WriteRetry

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.3
FLUSH_SIZE = 100

DeviceTask = Callable[[DeviceTarget, threading.Event], DeviceOutcome]
PlanFactory = Callable[[JobRun], RunPlan]
# Called once a run is closed and RunFinished published, before waiters are woken (compliance of
# changed devices, then notifications). Gets the finished run and every device outcome.
AfterRunHook = Callable[[JobRun, list[DeviceOutcome]], object]


@dataclass
class _ActiveRun:
    run: JobRun
    job_id: int | None
    # The run's devices: chosen up front for an ad-hoc run (no job), resolved at start for a job
    targets: list[DeviceTarget] | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    result: JobRun | None = None

    @property
    def run_id(self) -> int:
        return self.run.id


class JobRunner:
    """Runs jobs now (``run``) or in the background (``start``); any number of runs at once."""

    def __init__(
        self,
        services: Services,
        bus: EventBus | None = None,
        plans: dict[JobKind, PlanFactory] | None = None,
        executor: ExecutorChoice | None = None,
    ) -> None:
        self.requester = services  # who asks for runs unless ``actor=`` says otherwise
        self.services = services.as_actor(Actor.system("runner"))
        self.executor = executor or choose_executor(self.services)
        self.bus = bus or EventBus()
        settings = services.ctx.settings
        self.plans: dict[JobKind, PlanFactory] = {
            JobKind.REACHABILITY: lambda run: ReachabilityPlan(settings.reachability_timeout),
        }
        self.plans.update(plans or {})
        self._lock = threading.Lock()
        self._active: dict[int, _ActiveRun] = {}
        self.after_run: list[AfterRunHook] = []
        # Set once shutdown's grace is over: the runs' writes stop waiting for the database.
        self._retry = WriteRetry()

    # ------------------------------------------------------------------ public

    def run(
        self,
        job_key: int | str,
        trigger: str = "manual",
        triggered_by: str | None = None,
        *,
        actor: Actor | None = None,
    ) -> JobRun:
        """Run a job in the calling thread and return the finished run.

        PermissionDenied unless the actor asking may run jobs; JobBusy when the job already
        has a run queued or running (in this process or another one)."""
        active = self._prepare(job_key, trigger, triggered_by, actor)
        return self._execute(active)

    def start(
        self,
        job_key: int | str,
        trigger: str = "manual",
        triggered_by: str | None = None,
        *,
        actor: Actor | None = None,
    ) -> int:
        """Queue a run in a background thread; returns its id at once (errors as ``run``)."""
        active = self._prepare(job_key, trigger, triggered_by, actor)
        thread = threading.Thread(
            target=self._execute, args=(active,), name=f"run-{active.run_id}", daemon=True
        )
        thread.start()
        return active.run_id

    def start_devices(
        self,
        device_ids: list[int],
        trigger: str = "manual",
        triggered_by: str | None = None,
        *,
        actor: Actor | None = None,
    ) -> int:
        """Queue an ad-hoc backup of these devices (one run, no job) in a background thread.

        PermissionDenied unless the actor may run jobs; NotFound for an unknown device."""
        active = self._prepare_devices(device_ids, trigger, triggered_by, actor)
        thread = threading.Thread(
            target=self._execute, args=(active,), name=f"run-{active.run_id}", daemon=True
        )
        thread.start()
        return active.run_id

    def run_devices(
        self,
        device_ids: list[int],
        trigger: str = "manual",
        triggered_by: str | None = None,
        *,
        actor: Actor | None = None,
    ) -> JobRun:
        """Back up these devices now in the calling thread (one run, no job); the finished run."""
        return self._execute(self._prepare_devices(device_ids, trigger, triggered_by, actor))

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

    def targets_of(self, run_id: int) -> list[DeviceTarget] | None:
        """The devices a run of this process covers, exactly; None when the run is not this
        process's or its job's devices are not resolved yet."""
        with self._lock:
            active = self._active.get(run_id)
            return list(active.targets) if active is not None and active.targets else None

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
        self._retry.stop.set()
        return [a.run_id for a in actives if not a.done.is_set()]

    # ------------------------------------------------------------------ internals

    def _prepare(
        self,
        job_key: int | str,
        trigger: str,
        triggered_by: str | None,
        actor: Actor | None = None,
    ) -> _ActiveRun:
        asking = self.requester if actor is None else self.requester.as_actor(actor)
        job = asking.jobs.get(job_key)
        run = asking.runs.create(job.id, trigger, triggered_by or asking.actor.name)
        active = _ActiveRun(run, job.id)
        with self._lock:
            self._active[run.id] = active
        return active

    def _prepare_devices(
        self,
        device_ids: list[int],
        trigger: str,
        triggered_by: str | None,
        actor: Actor | None,
    ) -> _ActiveRun:
        asking = self.requester if actor is None else self.requester.as_actor(actor)
        run, targets = asking.runs.create_for_devices(
            device_ids, trigger, triggered_by or asking.actor.name
        )
        active = _ActiveRun(run, None, targets)
        with self._lock:
            self._active[run.id] = active
        return active

    def _execute(self, active: _ActiveRun) -> JobRun:
        runs = self.services.runs
        outcomes: list[DeviceOutcome] = []
        try:
            if active.targets is not None:
                targets = active.targets
            else:
                targets = runs.targets(active.job_id) if active.job_id is not None else []
                with self._lock:
                    active.targets = targets  # what the run view shows as pending
            run = runs.start(active.run_id, len(targets), retry=self._retry)
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
                message="; ".join(
                    part
                    for part in (f"commit {made.commit[:10]}" if made.commit else "", made.problem)
                    if part
                ),
                retry=self._retry,
            )
            _after_close(plan, result)
        except Exception as error:  # noqa: BLE001 - a broken run is recorded, never lost
            log.exception("run %s failed", active.run_id)
            result = self._close_failed(active, error)
        finally:
            with self._lock:
                self._active.pop(active.run_id, None)
        active.result = result
        _log_run(result, outcomes)
        self.bus.publish(RunFinished(result))
        # After-run hooks (compliance of the changed devices, then notifications) run once the
        # run is closed and announced, before run() returns, so a CLI `job run` can still drain
        # the notifications they queue. A hook never fails a recorded run.
        for hook in list(self.after_run):
            try:
                hook(result, outcomes)
            except Exception:  # noqa: BLE001 - the run is closed and recorded whatever happens here
                log.exception("after-run hook %r failed for run %s", hook, active.run_id)
        active.done.set()
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
        for result in self.services.runs.record(run_id, batch, retry=self._retry):
            self.bus.publish(DeviceDone(run_id, result))

    def _close_failed(self, active: _ActiveRun, error: Exception) -> JobRun:
        # A driver error's text goes on with the SQL and its parameters: one line is enough.
        first_line = (str(error).splitlines() or [""])[0]
        text = (
            str(error)
            if isinstance(error, NetRavenError)
            else f"internal error: {type(error).__name__}: {first_line}"
        )
        try:
            return self.services.runs.close(
                active.run_id, status=RunStatus.FAILED, message=text, retry=self._retry
            )
        except Exception:  # noqa: BLE001 - the database is gone for good (or we gave up)
            log.exception(
                "run %s could not be closed; it is marked interrupted when its process is gone",
                active.run_id,
            )
            return replace(active.run, status=RunStatus.INTERRUPTED, message=text)


def _after_close(plan: RunPlan, run: JobRun) -> None:
    """The plan's after-close step (the git push); its failure never changes the closed run."""
    try:
        plan.after_close(run)
    except Exception:  # noqa: BLE001 - the run is closed and recorded; say why in the log
        log.exception("after closing run %s", run.id)


def _log_run(run: JobRun, outcomes: list[DeviceOutcome]) -> None:
    """The log file's record of a run: one line per failed device, one summary line."""
    for outcome in outcomes:
        if outcome.status is ResultStatus.FAILED:
            log.warning(
                "run %s of %s: %s failed: %s: %s",
                run.id,
                run.job_name,
                outcome.device.hostname,
                outcome.error_kind,
                outcome.message,
            )
    log.info(
        "run %s of %s: %s, %s/%s ok, %s failed, %s changed%s",
        run.id,
        run.job_name,
        run.status,
        run.succeeded,
        run.total,
        run.failed,
        run.changed,
        f", {run.message}" if run.message else "",
    )
