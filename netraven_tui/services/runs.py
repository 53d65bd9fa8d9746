"""Job runs and device results: the record of what ran, on which devices, with what outcome.

The runner calls these from its own thread; device outcomes are written in batches so that a
run over hundreds of devices does not queue hundreds of writers on SQLite's single lock.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    DeviceOutcome,
    DeviceResult,
    DeviceTarget,
    JobKind,
    JobRun,
    LogKind,
    LogLevel,
    NewConfigVersion,
    ResultStatus,
    RunStatus,
)
from netraven_tui.services import convert, outcome_writes
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.hostkeys import record_seen
from netraven_tui.services.lookup import get_or_not_found


def this_process() -> str:
    """How a run names its owner: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


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
        query = select(m.DeviceResultRow).where(m.DeviceResultRow.run_id == run_id)
        if after_id is not None:
            query = query.where(m.DeviceResultRow.id > after_id)
        with self.ctx.read() as session:
            rows = session.scalars(query.order_by(m.DeviceResultRow.hostname))
            return [convert.device_result(row) for row in rows]

    def failing_since(self) -> dict[int, datetime]:
        """For each device whose last backup failed: when its current run of failures began
        (the first failure after its last success, or its first failure ever)."""
        r, d = m.DeviceResultRow, m.DeviceRow
        last_ok = (
            select(r.device_id, func.max(r.finished_at).label("ok_at"))
            .join(m.JobRunRow, m.JobRunRow.id == r.run_id)
            .where(m.JobRunRow.kind == JobKind.BACKUP, r.status == ResultStatus.SUCCESS)
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
            return [DeviceTarget(r.id, r.hostname, r.address, r.port, r.platform) for r in rows]

    # ------------------------------------------------------------------ lifecycle

    def create(self, job_id: int, trigger: str, triggered_by: str) -> JobRun:
        """A new run in state `queued`, owned by this process."""
        with self.ctx.transaction() as session:
            job = get_or_not_found(session, m.JobRow, job_id, "job")
            row = _new_run(job, RunStatus.QUEUED, trigger, triggered_by, self.ctx.now())
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

    def record_skipped_fire(self, job_id: int, reason: str) -> JobRun:
        """A scheduled fire that did not run (the previous run was still going)."""
        with self.ctx.transaction() as session:
            job = get_or_not_found(session, m.JobRow, job_id, "job")
            now = self.ctx.now()
            row = _new_run(job, RunStatus.SKIPPED, "schedule", "scheduler", now)
            row.finished_at, row.message = now, reason
            session.add(row)
            session.flush()
            _log(
                session,
                self.ctx,
                LogLevel.WARNING,
                f"job {job.name}: scheduled run skipped: {reason}",
                job_id=job.id,
                run_id=row.id,
            )
            return convert.job_run(row)

    def start(self, run_id: int, total: int) -> JobRun:
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.JobRunRow, run_id, "run")
            row.status = RunStatus.RUNNING
            row.started_at = self.ctx.now()
            row.total = total
            _log(
                session,
                self.ctx,
                LogLevel.INFO,
                f"run {run_id} of job {row.job_name} started on {total} devices",
                job_id=row.job_id,
                run_id=run_id,
            )
            return convert.job_run(row)

    def record(self, run_id: int, outcomes: Sequence[DeviceOutcome]) -> list[DeviceResult]:
        """Store a batch of device outcomes in one short transaction, with the devices' latest state.

        Bulk statements (one INSERT for the results, one for the log lines, one executemany
        UPDATE for the devices, one UPDATE per credential): SQLite has a single writer, and the
        runner's thread should spend its time on the next batch, not on round trips.
        """
        if not outcomes:
            return []
        with self.ctx.transaction() as session:
            run = get_or_not_found(session, m.JobRunRow, run_id, "run")
            kind = JobKind(run.kind)
            results = m.DeviceResultRow.__table__
            rows = session.execute(
                insert(results).returning(*results.c, sort_by_parameter_order=True),
                [outcome_writes.result_values(run_id, outcome) for outcome in outcomes],
            ).all()
            session.execute(
                insert(m.LogEntryRow.__table__),
                [outcome_writes.log_values(run, o) for o in outcomes],
            )
            outcome_writes.update_devices(session, kind, outcomes)
            outcome_writes.update_credentials(session, outcomes)
            record_seen(session, outcomes, self.ctx.now())  # host keys: first use, last seen
            return [convert.device_result(row) for row in rows]

    def close(
        self,
        run_id: int,
        *,
        commit: str | None = None,
        versions: Sequence[NewConfigVersion] = (),
        status: RunStatus | None = None,
        message: str = "",
    ) -> JobRun:
        """Close a run in one transaction: its git commit on the run and on the results of the
        devices it holds, the new configuration versions, the counts from its results, the
        status (derived unless given) and the closing log line. All of it or nothing is stored.
        """
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.JobRunRow, run_id, "run")
            now = self.ctx.now()
            if commit is not None:
                _attach_commit(session, run_id, commit, versions, now)
            _count_results(session, row)
            row.commit = commit if commit is not None else row.commit
            row.status = status or _derive_status(row)
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
        """Delete finished runs and log entries older than the retention age (git is never pruned)."""
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


def owner_is_dead_locally(owner: str) -> bool:
    """True when ``owner`` (host:pid) is a process on this host that no longer exists."""
    host, _, pid_text = owner.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _new_run(
    job: m.JobRow, status: RunStatus, trigger: str, triggered_by: str, now: datetime
) -> m.JobRunRow:
    return m.JobRunRow(
        job_id=job.id,
        job_name=job.name,
        kind=job.kind,
        status=status,
        trigger=trigger,
        triggered_by=triggered_by,
        owner=this_process(),
        queued_at=now,
    )


def _attach_commit(
    session: Session,
    run_id: int,
    commit: str,
    versions: Sequence[NewConfigVersion],
    now: datetime,
) -> None:
    """The commit on the results of the devices it holds, and one version row per device."""
    hostnames = [version.device.hostname for version in versions]
    if hostnames:
        session.execute(
            update(m.DeviceResultRow)
            .where(m.DeviceResultRow.run_id == run_id, m.DeviceResultRow.hostname.in_(hostnames))
            .values(commit=commit)
        )
    session.add_all(outcome_writes.version_row(run_id, commit, v, now) for v in versions)


def _count_results(session: Session, row: m.JobRunRow) -> None:
    """The run's counts from its stored results; devices never reported count as skipped."""
    results = m.DeviceResultRow
    counts = dict(
        session.execute(
            select(results.status, func.count())
            .where(results.run_id == row.id)
            .group_by(results.status)
        ).all()
    )
    changed = (
        session.scalar(
            select(func.count()).where(results.run_id == row.id, results.changed.is_(True))
        )
        or 0
    )
    row.succeeded = counts.get(ResultStatus.SUCCESS, 0)
    row.failed = counts.get(ResultStatus.FAILED, 0)
    row.skipped = counts.get(ResultStatus.SKIPPED, 0) + max(0, row.total - sum(counts.values()))
    row.changed = changed
    row.unchanged = row.succeeded - changed if row.kind == JobKind.BACKUP else 0


def _derive_status(row: m.JobRunRow) -> RunStatus:
    if row.total == 0:
        return RunStatus.NO_DEVICES
    if row.failed == 0 and row.skipped == 0:
        return RunStatus.SUCCESS
    if row.succeeded == 0:
        return RunStatus.FAILED
    return RunStatus.PARTIAL


def _log(
    session: Session, ctx: ServiceContext, level: LogLevel, message: str, **ids: object
) -> None:
    session.add(
        m.LogEntryRow(
            ts=ctx.now(), level=level, kind=LogKind.JOB, message=message, actor=None, **ids
        )
    )
