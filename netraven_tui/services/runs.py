"""Job runs and device results: the record of what ran, on which devices, with what outcome.

The runner calls these from its own thread; device outcomes are written in batches so that a
run over hundreds of devices does not queue hundreds of writers on SQLite's single lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, true
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    Conflict,
    DeviceOutcome,
    DeviceResult,
    DeviceTarget,
    ErrorKind,
    JobKind,
    JobRun,
    LogKind,
    LogLevel,
    NewConfigVersion,
    ResultStatus,
    RunStatus,
    ValidationError,
)
from netraven_tui.services import convert, outcome_writes, run_rows
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.hostkeys import record_seen
from netraven_tui.services.lookup import get_or_not_found
from netraven_tui.services.retry import WriteRetry, retry_writes
from netraven_tui.services.run_rows import owner_is_dead_locally, this_process

__all__ = ["RunService", "owner_is_dead_locally", "this_process"]

MAX_RETENTION_DAYS = 36_500  # the retention_days setting's own ceiling


class RunService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ queries

    def get(self, run_id: int) -> JobRun:
        with self.ctx.read() as session:
            row = get_or_not_found(session, m.JobRunRow, run_id, "run")
            return convert.job_run(row)

    def list(
        self, job_id: int | None = None, limit: int = 100, status: RunStatus | None = None
    ) -> list[JobRun]:
        """Newest first."""
        query = select(m.JobRunRow).order_by(m.JobRunRow.id.desc()).limit(limit)
        if job_id is not None:
            query = query.where(m.JobRunRow.job_id == job_id)
        if status is not None:
            query = query.where(m.JobRunRow.status == status)
        with self.ctx.read() as session:
            return [convert.job_run(row) for row in session.scalars(query)]

    def last_per_job(self) -> dict[int, JobRun]:
        with self.ctx.read() as session:
            latest = (
                select(func.max(m.JobRunRow.id))
                .where(m.JobRunRow.job_id.is_not(None))
                .group_by(m.JobRunRow.job_id)
            )
            rows = session.scalars(select(m.JobRunRow).where(m.JobRunRow.id.in_(latest)))
            return {row.job_id: convert.job_run(row) for row in rows if row.job_id is not None}

    def results(self, run_id: int, after_id: int | None = None) -> list[DeviceResult]:
        """A run's device results by hostname; with ``after_id`` only those stored since (polling)."""
        r = m.DeviceResultRow.__table__.c
        # Core columns, positionally: a 5,000-device run's results without ORM objects.
        query = select(
            r.id,
            r.device_id,
            r.hostname,
            r.status,
            r.error_kind,
            r.message,
            r.credential_name,
            r.attempts,
            r.duration_ms,
            r.changed,
            r.sha256,
            r.commit,
            r.latency_ms,
        ).where(r.run_id == run_id)
        if after_id is not None:
            query = query.where(r.id > after_id)
        with self.ctx.read() as session:
            rows = session.connection().execute(query.order_by(r.hostname)).all()
        return [
            DeviceResult(
                id=id_,
                run_id=run_id,
                device_id=device_id,
                hostname=hostname,
                status=ResultStatus(status),
                error_kind=ErrorKind(kind) if kind else None,
                message=message,
                credential=credential,
                attempts=attempts,
                duration_ms=duration_ms,
                changed=changed,
                sha256=sha256,
                commit=commit,
                latency_ms=latency_ms,
            )
            for (
                id_,
                device_id,
                hostname,
                status,
                kind,
                message,
                credential,
                attempts,
                duration_ms,
                changed,
                sha256,
                commit,
                latency_ms,
            ) in rows
        ]

    def last_result(self, device_id: int, kind: JobKind = JobKind.BACKUP) -> DeviceResult | None:
        """The device's most recent result of a ``kind`` run (None when it never ran)."""
        r = m.DeviceResultRow
        query = (
            select(r)
            .join(m.JobRunRow, m.JobRunRow.id == r.run_id)
            .where(r.device_id == device_id, m.JobRunRow.kind == kind)
            .order_by(r.id.desc())
            .limit(1)
        )
        with self.ctx.read() as session:
            row = session.scalars(query).first()
            return convert.device_result(row) if row is not None else None

    def failing_since(self, device_id: int | None = None) -> dict[int, datetime]:
        """For each device whose last backup failed: when its current run of failures began
        (the first failure after its last success, or its first failure ever); with
        ``device_id`` only that device."""
        r, d = m.DeviceResultRow, m.DeviceRow
        last_ok = (
            select(r.device_id, func.max(r.finished_at).label("ok_at"))
            .join(m.JobRunRow, m.JobRunRow.id == r.run_id)
            .where(m.JobRunRow.kind == JobKind.BACKUP, r.status == ResultStatus.SUCCESS)
            .where(r.device_id == device_id if device_id is not None else true())
            .group_by(r.device_id)
            .subquery()
        )
        streak = (
            select(r.device_id, func.min(r.finished_at))
            .join(m.JobRunRow, m.JobRunRow.id == r.run_id)
            .join(d, d.id == r.device_id)
            .outerjoin(last_ok, last_ok.c.device_id == r.device_id)
            .where(
                m.JobRunRow.kind == JobKind.BACKUP,
                r.status == ResultStatus.FAILED,
                d.last_backup_status == ResultStatus.FAILED,
                or_(last_ok.c.ok_at.is_(None), r.finished_at > last_ok.c.ok_at),
                r.device_id == device_id if device_id is not None else true(),
            )
            .group_by(r.device_id)
        )
        with self.ctx.read() as session:
            return {
                device_id: since
                for device_id, since in session.execute(streak)
                if since is not None
            }

    def targets(self, job_id: int) -> list[DeviceTarget]:
        """The enabled devices a job targets: its tags' devices and its own devices, once each."""
        with self.ctx.read() as session:
            job = get_or_not_found(session, m.JobRow, job_id, "job")
            tag_ids = [tag.id for tag in job.tags]
            device_ids = [device.id for device in job.devices]
            query = select(m.DeviceRow).where(m.DeviceRow.enabled.is_(True))
            conditions = []
            if tag_ids:
                conditions.append(m.DeviceRow.tags.any(m.TagRow.id.in_(tag_ids)))
            if device_ids:
                conditions.append(m.DeviceRow.id.in_(device_ids))
            if not conditions:
                return []
            from sqlalchemy import or_

            rows = session.scalars(query.where(or_(*conditions)).order_by(m.DeviceRow.hostname_key))
            return [
                DeviceTarget(r.id, r.hostname, r.address, r.port, r.platform, r.site) for r in rows
            ]

    # ------------------------------------------------------------------ lifecycle

    def create(self, job_id: int, trigger: str, triggered_by: str) -> JobRun:
        """A new run in state `queued`, owned by this process (operators and admins run jobs).

        A job runs once at a time across every process: JobBusy names the run still queued or
        running. The check reads first for a clear message; the partial unique index
        ``uq_job_runs_one_active`` settles a race between two processes inserting at once.
        """
        self.ctx.require_edit("run jobs")
        try:
            with self.ctx.transaction() as session:
                job = get_or_not_found(session, m.JobRow, job_id, "job")
                run_rows.refuse_if_active(session, job)
                row = run_rows.new_run(job, RunStatus.QUEUED, trigger, triggered_by, self.ctx.now())
                session.add(row)
                session.flush()
                _log(
                    session,
                    self.ctx,
                    LogLevel.INFO,
                    f"run {row.id} of job {job.name} queued ({trigger} by {triggered_by})",
                    job_id=job.id,
                    run_id=row.id,
                )
                return convert.job_run(row)
        except Conflict:
            # The index refused our row: another process inserted its run between our check
            # and our insert. Name that run, as the check would have.
            with self.ctx.read() as session:
                run_rows.refuse_if_active(
                    session, get_or_not_found(session, m.JobRow, job_id, "job")
                )
            raise

    def create_for_devices(
        self, device_ids: Sequence[int], trigger: str, triggered_by: str
    ) -> tuple[JobRun, list[DeviceTarget]]:
        """A queued ad-hoc backup run of these devices, with no job behind it (``job_id`` None).

        Disabled devices are backed up too: naming a device is asking for it. NotFound when a
        device does not exist; ValidationError when no device is named."""
        self.ctx.require_edit("run jobs")
        if not device_ids:
            raise ValidationError("devices", "name at least one device to back up")
        with self.ctx.transaction() as session:
            rows = [get_or_not_found(session, m.DeviceRow, i, "device") for i in device_ids]
            unique = list({row.id: row for row in rows}.values())
            names = [row.hostname for row in unique]
            label = names[0] if len(names) == 1 else f"{len(names)} devices"
            row = m.JobRunRow(
                job_id=None,
                job_name=f"backup of {label}",
                kind=JobKind.BACKUP,
                status=RunStatus.QUEUED,
                trigger=trigger,
                triggered_by=triggered_by,
                owner=run_rows.this_process(),
                queued_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            _log(
                session,
                self.ctx,
                LogLevel.INFO,
                f"run {row.id} (backup of {', '.join(names[:5])}"
                f"{' …' if len(names) > 5 else ''}) queued ({trigger} by {triggered_by})",
                run_id=row.id,
            )
            targets = [
                DeviceTarget(r.id, r.hostname, r.address, r.port, r.platform) for r in unique
            ]
            return convert.job_run(row), targets

    def record_skipped_fire(self, job_id: int, reason: str) -> JobRun:
        """A scheduled fire that did not run (a run of the job was still going)."""
        self.ctx.require_system("record scheduled fires")
        return self._record_fire(job_id, RunStatus.SKIPPED, "scheduled run skipped", reason)

    def record_missed_fires(self, job_id: int, reason: str) -> JobRun:
        """Scheduled fires that came and went with no scheduler leading (one row for them all)."""
        self.ctx.require_system("record scheduled fires")
        return self._record_fire(job_id, RunStatus.MISSED, "scheduled run missed", reason)

    def _record_fire(self, job_id: int, status: RunStatus, what: str, reason: str) -> JobRun:
        with self.ctx.transaction() as session:
            job = get_or_not_found(session, m.JobRow, job_id, "job")
            now = self.ctx.now()
            row = run_rows.new_run(job, status, "schedule", "scheduler", now)
            row.finished_at, row.message = now, reason
            session.add(row)
            session.flush()
            _log(
                session,
                self.ctx,
                LogLevel.WARNING,
                f"job {job.name}: {what}: {reason}",
                job_id=job.id,
                run_id=row.id,
            )
            return convert.job_run(row)

    def start(self, run_id: int, total: int, retry: WriteRetry | None = None) -> JobRun:
        """The run is running on ``total`` devices (the runner's own bookkeeping)."""
        self.ctx.require_system("start runs")
        return retry_writes(
            lambda _attempt: self._start(run_id, total), f"starting run {run_id}", retry
        )

    def _start(self, run_id: int, total: int) -> JobRun:
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.JobRunRow, run_id, "run")
            row.status = RunStatus.RUNNING
            row.started_at = self.ctx.now()
            row.total = total
            _log(
                session,
                self.ctx,
                LogLevel.INFO,
                f"run {run_id} of job {row.job_name} started on {total} "
                f"device{'' if total == 1 else 's'}",
                job_id=row.job_id,
                run_id=run_id,
            )
            return convert.job_run(row)

    def record(
        self, run_id: int, outcomes: Sequence[DeviceOutcome], retry: WriteRetry | None = None
    ) -> list[DeviceResult]:
        """Store a batch of device outcomes in one short transaction, with the devices' latest state.

        Bulk statements (one INSERT for the results, one for the log lines, one executemany
        UPDATE for the devices, one UPDATE per credential): SQLite has a single writer, and the
        runner's thread should spend its time on the next batch, not on round trips. With
        ``retry`` a busy database is waited for; a device whose result a lost acknowledgement
        already stored is not stored twice.
        """
        self.ctx.require_system("record device results")
        if not outcomes:
            return []
        return retry_writes(
            lambda _attempt: self._record(run_id, outcomes),
            f"storing {len(outcomes)} device results of run {run_id}",
            retry,
        )

    def _record(self, run_id: int, outcomes: Sequence[DeviceOutcome]) -> list[DeviceResult]:
        with self.ctx.transaction() as session:
            run = get_or_not_found(session, m.JobRunRow, run_id, "run")
            stored = outcome_writes.store(session, run, outcomes)
            record_seen(session, outcomes, self.ctx.now())  # host keys: first use, last seen
            return stored

    def close(
        self,
        run_id: int,
        *,
        commit: str | None = None,
        versions: Sequence[NewConfigVersion] = (),
        status: RunStatus | None = None,
        message: str = "",
        retry: WriteRetry | None = None,
    ) -> JobRun:
        """Close a run in one transaction: its git commit on the run and on the results of the
        devices it holds, the new configuration versions, the counts from its results, the
        status (derived unless given) and the closing log line. All of it or nothing is stored.

        With ``retry`` a busy database is waited for (the commit is already in git and gets
        indexed when the database answers); a retry finding the run closed by the attempt
        whose acknowledgement was lost leaves it as it is.
        """
        self.ctx.require_system("close runs")

        def attempt(number: int) -> JobRun:
            return self._close(run_id, commit, versions, status, message, again=number > 0)

        return retry_writes(attempt, f"closing run {run_id}", retry)

    def _close(
        self,
        run_id: int,
        commit: str | None,
        versions: Sequence[NewConfigVersion],
        status: RunStatus | None,
        message: str,
        again: bool,
    ) -> JobRun:
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.JobRunRow, run_id, "run")
            if again and row.finished_at is not None and (commit is None or row.commit == commit):
                return convert.job_run(row)
            now = self.ctx.now()
            if commit is not None:
                run_rows.attach_commit(session, run_id, commit, versions, now)
            run_rows.count_results(session, row)
            row.commit = commit if commit is not None else row.commit
            row.status = status or run_rows.derive_status(row)
            row.finished_at = now
            row.message = message
            level = (
                LogLevel.INFO
                if row.status in (RunStatus.SUCCESS, RunStatus.NO_DEVICES)
                else LogLevel.WARNING
            )
            _log(
                session,
                self.ctx,
                level,
                f"run {run_id} of job {row.job_name} {row.status}: {row.succeeded} ok, {row.failed} failed, "
                f"{row.changed} changed, {row.skipped} skipped"
                + (f" ({message})" if message else ""),
                job_id=row.job_id,
                run_id=run_id,
            )
            return convert.job_run(row)

    def mark_interrupted(self, owner_is_dead: Callable[[str], bool]) -> list[int]:
        """Runs left queued/running by a process that died become `interrupted` (with a log line)."""
        self.ctx.require_system("mark runs interrupted")
        with self.ctx.transaction() as session:
            rows = session.scalars(
                select(m.JobRunRow).where(
                    m.JobRunRow.status.in_([RunStatus.QUEUED, RunStatus.RUNNING])
                )
            ).all()
            marked = []
            for row in rows:
                if not owner_is_dead(row.owner):
                    continue
                run_rows.count_results(session, row)  # what it stored before it died still counts
                row.status = RunStatus.INTERRUPTED
                row.finished_at = self.ctx.now()
                row.message = f"the process that ran it ({row.owner}) stopped before it finished"
                _log(
                    session,
                    self.ctx,
                    LogLevel.WARNING,
                    f"run {row.id} of job {row.job_name} interrupted: {row.message}",
                    job_id=row.job_id,
                    run_id=row.id,
                )
                marked.append(row.id)
            return marked

    def prune(self, older_than_days: int) -> tuple[int, int]:
        """Delete finished runs and log entries older than the retention age (git is never pruned).

        Admins only; housekeeping calls it as the system."""
        self.ctx.require_admin("prune run records and log entries")
        if not 0 <= older_than_days <= MAX_RETENTION_DAYS:
            raise ValidationError(
                "retention_days", f"expected 0 to {MAX_RETENTION_DAYS} days, got {older_than_days}"
            )
        cutoff = self.ctx.now() - timedelta(days=older_than_days)
        with self.ctx.transaction() as session:
            runs = session.execute(
                delete(m.JobRunRow).where(
                    m.JobRunRow.queued_at < cutoff,
                    m.JobRunRow.status.not_in([RunStatus.QUEUED, RunStatus.RUNNING]),
                )
            ).rowcount
            logs = session.execute(delete(m.LogEntryRow).where(m.LogEntryRow.ts < cutoff)).rowcount
            return runs or 0, logs or 0


def _log(
    session: Session, ctx: ServiceContext, level: LogLevel, message: str, **ids: object
) -> None:
    session.add(
        m.LogEntryRow(
            ts=ctx.now(), level=level, kind=LogKind.JOB, message=message, actor=None, **ids
        )
    )
