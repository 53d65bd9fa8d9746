"""The in-process scheduler: an APScheduler ``BackgroundScheduler`` fed from the jobs table.

Only the holder of the leader lease fires jobs; every other process (a second console, the
command line) computes next fire times from the same triggers, so they all show the same
schedule. Interval jobs are anchored on the job's last change (``updated_at``): the first fire
is one interval after the job was saved, and every process, leader or not, agrees on the grid.

Changes made in this process reach the scheduler at once through ``JobService.subscribe``;
changes made by another process are found by polling the jobs' ids and ``updated_at``.

A scheduler that takes the lead first makes up for the fires nobody made while no one led
(``catch_up``): the newest within the misfire grace runs at once, older ones are recorded as
`missed`. Housekeeping, like every fire, runs only while this process surely holds the lease.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from datetime import datetime, timedelta, tzinfo

from netraven_tui.domain import (
    Actor,
    JobBusy,
    JobSchedule,
    LeaderState,
    LeaseGrant,
    LogKind,
    LogLevel,
    NetRavenError,
    NotFound,
    RunStatus,
)
from netraven_tui.runtime.catch_up import plan_catch_ups
from netraven_tui.runtime.events import EventBus, LogAppended
from netraven_tui.runtime.housekeeping import HOUSEKEEPING_JOB, run_housekeeping
from netraven_tui.runtime.lease import Lease
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.runtime.triggers import (
    build_trigger,
    local_timezone,
    planned_next_runs,
    timezone_name,
)
from netraven_tui.services import Services
from netraven_tui.services.runs import owner_is_dead_locally, this_process

log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 5.0
EXECUTOR_THREADS = 20
HOUSEKEEPING_EVERY = timedelta(days=1)
HOUSEKEEPING_FIRST_DELAY = timedelta(minutes=1)
CATCH_UP_SUFFIX = ":catch-up"  # APScheduler id of a one-off catch-up fire: "<job id>:catch-up"
CATCH_UP_BY = "scheduler (catch-up)"


class Scheduler:
    """Fires scheduled jobs through ``runner`` while this process holds the leader lease.

    ``time_scale`` multiplies interval lengths (tests use 1/60: a 60 s job fires every second);
    leave it at 1 anywhere else. ``poll_seconds`` is how often other processes' changes are read.
    """

    def __init__(
        self,
        services: Services,
        runner: JobRunner,
        bus: EventBus | None = None,
        *,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        time_scale: float = 1.0,
        timezone: tzinfo | None = None,
        lease: Lease | None = None,
    ) -> None:
        self.services = services.as_actor(Actor.system("scheduler"))
        self.runner = runner
        self.bus = bus or runner.bus
        self.timezone = timezone or local_timezone()
        self.time_scale = time_scale
        self.poll_seconds = poll_seconds
        self.lease = lease or Lease(self.services)
        self._settings = services.ctx.settings
        self._lock = threading.RLock()
        self._aps = None  # the APScheduler instance while we lead, else None
        self._leading = False
        self._deadline = 0.0  # monotonic time until which our lease is surely still ours
        self._seen: dict[int, datetime] = {}
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ public

    @property
    def is_leader(self) -> bool:
        return self._leading

    @property
    def timezone_name(self) -> str:
        """The zone cron expressions are read in (the server's local zone), for people to see."""
        return timezone_name(self.timezone)

    def start(self) -> None:
        """Interrupt runs left by dead processes, try to lead, and keep watching lease and jobs."""
        if self._thread is not None:
            return
        self.services.jobs.subscribe(self._on_job_change)
        self._interrupt_orphans(None)
        with self._lock:
            self._seen = self.services.schedules.versions()
        self._tick_lease()
        self._thread = threading.Thread(target=self._loop, name="scheduler-lease", daemon=True)
        self._thread.start()
        role = "leader" if self._leading else "standby"
        log.info(
            "scheduler started as %s (%s, timezone %s)", role, self.lease.holder, self.timezone_name
        )

    def stop(self, grace_seconds: float | None = None) -> list[int]:
        """Stop firing, give running device tasks ``grace_seconds`` (default: the setting), mark
        the runs still going `interrupted`, release the lease. Returns those runs' ids."""
        self._halt.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        with contextlib.suppress(ValueError):
            self.services.job_listeners.remove(self._on_job_change)
        with self._lock:
            was_leading = self._leading
            self._shutdown_aps()
        grace = self._settings.shutdown_grace_seconds if grace_seconds is None else grace_seconds
        left = self.runner.shutdown(grace)
        for run_id in left:
            try:
                self.services.runs.close(
                    run_id,
                    status=RunStatus.INTERRUPTED,
                    message=f"still running {grace:g} s after the scheduler was asked to stop",
                )
            except Exception:  # noqa: BLE001 - keep stopping; the next start tidies it
                log.exception("could not mark run %s interrupted", run_id)
        try:
            self.lease.release()
        except Exception:  # noqa: BLE001 - it expires on its own
            log.exception("could not release the scheduler lease")
        if was_leading:
            self._system_log(
                LogLevel.INFO,
                f"scheduler on {self.lease.holder} stopped and released the lead"
                + (f"; {len(left)} runs interrupted" if left else ""),
            )
        return left

    def next_run_times(self) -> dict[int, datetime]:
        """Next fire time per job id; jobs that will not fire (manual, disabled, done) are absent."""
        with self._lock:
            if self._aps is not None:
                return {
                    int(job.id): job.next_run_time
                    for job in self._aps.get_jobs()
                    if job.id != HOUSEKEEPING_JOB
                    and not job.id.endswith(CATCH_UP_SUFFIX)
                    and job.next_run_time is not None
                }
        return planned_next_runs(self.services, tz=self.timezone, time_scale=self.time_scale)

    def leader_info(self) -> LeaderState | None:
        """Who leads (holder, heartbeat, expiry), or None when no scheduler is running anywhere."""
        return self.lease.read()

    # ------------------------------------------------------------------ lease

    def _loop(self) -> None:
        renew_every = max(0.2, self.lease.seconds / 3)
        next_lease = time.monotonic() + renew_every
        next_poll = time.monotonic() + self.poll_seconds
        while not self._halt.wait(max(0.05, min(next_lease, next_poll) - time.monotonic())):
            now = time.monotonic()
            if now >= next_lease:
                self._tick_lease()
                next_lease = now + renew_every
            if now >= next_poll:
                try:
                    self._poll()
                except Exception:  # noqa: BLE001 - a busy or lost database must not end the loop
                    log.exception("scheduler: reading job changes failed")
                next_poll = now + self.poll_seconds

    def _tick_lease(self) -> None:
        started = time.monotonic()
        try:
            grant = self.lease.acquire()
        except Exception:  # noqa: BLE001 - keep leading until the lease we have runs out
            log.exception("scheduler: lease renewal failed")
            if self._leading and time.monotonic() >= self._deadline:
                self._step_down("the lease could not be renewed before it expired")
            return
        if grant is not None:
            self._deadline = started + self.lease.seconds
            if not self._leading and not self._halt.is_set():
                self._take_lead(grant)
        elif self._leading:
            self._step_down("another process holds the lease")

    def _take_lead(self, grant: LeaseGrant) -> None:
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        if grant.previous is not None:
            self._system_log(
                LogLevel.WARNING,
                f"scheduler lease of {grant.previous.holder} expired "
                f"at {grant.previous.expires.isoformat(timespec='seconds')}; taking over",
            )
        self._interrupt_orphans(grant.previous)
        with self._lock:
            aps = BackgroundScheduler(
                timezone=self.timezone,
                executors={"default": ThreadPoolExecutor(EXECUTOR_THREADS)},
                job_defaults={
                    "coalesce": True,
                    "max_instances": 1,
                    "misfire_grace_time": self._settings.misfire_grace_seconds,
                },
            )
            aps.add_listener(self._on_aps_event, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)
            aps.start()
            self._aps, self._leading = aps, True
            # One instant splits the past from the future: the catch-up takes the fires due up
            # to it, APScheduler those after it. Each reading the clock on its own would let a
            # fire due in between (a loaded machine, a slow database) be made twice.
            now = datetime.now(self.timezone)
            schedules, done = self.services.schedules.load()
            for schedule in schedules:
                self._seen[schedule.job_id] = schedule.updated_at
                self._apply(schedule, schedule.job_id in done, after=now)
            self._catch_up(schedules, now)
            aps.add_job(
                self._housekeeping,
                IntervalTrigger(seconds=HOUSEKEEPING_EVERY.total_seconds(), timezone=self.timezone),
                id=HOUSEKEEPING_JOB,
                name=HOUSEKEEPING_JOB,
                next_run_time=datetime.now(self.timezone) + HOUSEKEEPING_FIRST_DELAY,
            )
            count = len(aps.get_jobs()) - 1
        self._system_log(
            LogLevel.INFO,
            f"scheduler on {self.lease.holder} is the leader: {count} jobs "
            f"scheduled (timezone {self.timezone_name})",
        )

    def _step_down(self, reason: str) -> None:
        with self._lock:
            self._shutdown_aps()
        self._system_log(
            LogLevel.WARNING, f"scheduler on {self.lease.holder} stopped firing jobs: {reason}"
        )

    def _shutdown_aps(self) -> None:
        aps, self._aps, self._leading = self._aps, None, False
        if aps is not None:
            aps.shutdown(wait=False)  # running jobs go on; runner.shutdown decides their fate

    def _may_fire(self) -> bool:
        return self._leading and not self._halt.is_set() and time.monotonic() < self._deadline

    def _interrupt_orphans(self, previous: LeaderState | None) -> None:
        """Runs whose process died: local pids that are gone, and the runs of an expired leader
        on another host (its lease lapsing is the only sign of life we can see from here)."""
        me = this_process()
        remote = (
            previous.owner
            if previous is not None and previous.host != socket.gethostname()
            else None
        )

        def dead(owner: str) -> bool:
            return owner != me and (owner == remote or owner_is_dead_locally(owner))

        try:
            marked = self.services.runs.mark_interrupted(dead)
        except Exception:  # noqa: BLE001 - housekeeping retries daily
            log.exception("scheduler: marking orphaned runs failed")
            return
        if marked:
            log.warning(
                "scheduler: runs %s were left running by a dead process; marked interrupted", marked
            )

    # ------------------------------------------------------------------ jobs

    def _poll(self) -> None:
        versions = self.services.schedules.versions()
        with self._lock:
            changed = [
                job_id for job_id, stamp in versions.items() if self._seen.get(job_id) != stamp
            ]
            gone = [job_id for job_id in self._seen if job_id not in versions]
            for job_id in gone:
                self._seen.pop(job_id, None)
                self._unschedule(job_id)
            for job_id in changed:
                self._sync(job_id)

    def _on_job_change(self, what: str, job_id: int) -> None:
        try:
            with self._lock:
                if what == "deleted":
                    self._seen.pop(job_id, None)
                    self._unschedule(job_id)
                else:
                    self._sync(job_id)
        except Exception:  # noqa: BLE001 - the change is saved; polling retries it
            log.exception("scheduler: could not apply the change to job %s", job_id)

    def _sync(self, job_id: int) -> None:
        schedules, done = self.services.schedules.load(job_id)
        if not schedules:
            self._seen.pop(job_id, None)
            self._unschedule(job_id)
            return
        self._seen[job_id] = schedules[0].updated_at
        self._apply(schedules[0], job_id in done)

    def _apply(self, schedule: JobSchedule, done: bool, after: datetime | None = None) -> None:
        """(Re)schedule one job; with ``after``, its first fire is the first one after that
        instant (the fires up to it are the catch-up's), else the first from now."""
        if self._aps is None:
            return
        try:
            trigger = None if done else build_trigger(schedule, self.timezone, self.time_scale)
        except NetRavenError as error:
            self._system_log(
                LogLevel.ERROR, f"job {schedule.name}: schedule not understood: {error}"
            )
            trigger = None
        if trigger is None:
            self._unschedule(schedule.job_id)
            return
        first = {} if after is None else {"next_run_time": _first_fire_after(trigger, after)}
        self._aps.add_job(
            self._fire,
            trigger,
            args=(schedule.job_id,),
            id=str(schedule.job_id),
            name=schedule.name,
            replace_existing=True,
            **first,
        )

    def _unschedule(self, job_id: int) -> None:
        from apscheduler.jobstores.base import JobLookupError

        if self._aps is None:
            return
        with contextlib.suppress(JobLookupError):
            self._aps.remove_job(str(job_id))

    # ------------------------------------------------------------------ firing (APScheduler threads)

    def _fire(self, job_id: int, triggered_by: str = "scheduler") -> None:
        if not self._may_fire():
            log.info("scheduler: job %s not fired: this process no longer leads", job_id)
            return
        try:
            if self.runner.is_running(job_id):
                self.services.runs.record_skipped_fire(job_id, "a run of this job was still going")
                return
            try:
                self.runner.run(job_id, trigger="schedule", triggered_by=triggered_by)
            except JobBusy as busy:  # another process (a CLI `job run`, a console) runs it
                self.services.runs.record_skipped_fire(
                    job_id, f"run {busy.run_id} of this job was still going {busy.detail}"
                )
        except NotFound:
            with self._lock:
                self._unschedule(job_id)
        except Exception:  # noqa: BLE001 - the next fire must still happen
            log.exception("scheduler: firing job %s failed", job_id)

    def _on_aps_event(self, event) -> None:
        # Called by APScheduler while it holds its own locks: no self._lock here.
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES

        if event.job_id == HOUSEKEEPING_JOB or not self._may_fire():
            return
        if event.code == EVENT_JOB_MAX_INSTANCES:
            reason = "the previous run was still going"
        else:
            due = event.scheduled_run_time.astimezone(self.timezone).isoformat(timespec="seconds")
            reason = (
                f"missed: due at {due}, more than {self._settings.misfire_grace_seconds} s ago "
                "(no scheduler was running then)"
            )
        record = (
            self.services.runs.record_skipped_fire
            if event.code == EVENT_JOB_MAX_INSTANCES
            else self.services.runs.record_missed_fires
        )
        try:
            record(int(event.job_id.partition(CATCH_UP_SUFFIX)[0]), reason)
        except Exception:  # noqa: BLE001 - a deleted job, a busy database: only the record is lost
            log.exception("scheduler: could not record the skipped fire of job %s", event.job_id)

    def _housekeeping(self) -> None:
        if not self._may_fire():  # a leader woken from SIGSTOP must not prune as well
            log.info("scheduler: housekeeping not run: this process no longer leads")
            return
        try:
            run_housekeeping(self.services)
        except Exception:  # noqa: BLE001 - tomorrow is another day
            log.exception("housekeeping failed")

    def _catch_up(self, schedules: list[JobSchedule], now: datetime) -> None:
        """Record the fires nobody made up to ``now`` as `missed`, and run the newest within the
        grace at once."""
        from apscheduler.triggers.date import DateTrigger

        grace = self._settings.misfire_grace_seconds
        plans = plan_catch_ups(
            schedules,
            self.services.schedules.last_fires(),
            lambda schedule: build_trigger(schedule, self.timezone, self.time_scale),
            now,
            grace,
        )
        for plan in plans:
            if plan.missed:
                try:
                    self.services.runs.record_missed_fires(plan.job_id, plan.describe_missed(grace))
                except Exception:  # noqa: BLE001 - the file log keeps it; the schedule goes on
                    log.exception("scheduler: could not record missed fires of %s", plan.name)
            if plan.run_now is not None:
                self._system_log(LogLevel.WARNING, plan.describe_run_now(self.timezone))
                self._aps.add_job(
                    self._fire,
                    DateTrigger(run_date=now, timezone=self.timezone),
                    args=(plan.job_id, CATCH_UP_BY),
                    id=f"{plan.job_id}{CATCH_UP_SUFFIX}",
                    name=f"{plan.name} (catch-up)",
                    replace_existing=True,
                )

    def _system_log(self, level: LogLevel, message: str) -> None:
        getattr(log, level.value)(message)
        try:
            entry = self.services.logs.write(level, LogKind.SYSTEM, message)
        except Exception:  # noqa: BLE001 - the file log has it
            log.exception("scheduler: could not write a log entry")
            return
        self.bus.publish(LogAppended(entry))


def _first_fire_after(trigger, instant: datetime) -> datetime | None:
    """The trigger's first fire strictly after ``instant`` (None: it fires no more)."""
    return trigger.get_next_fire_time(None, instant + timedelta(microseconds=1))
