"""Jobs: what to run (backup, reachability), against which tags/devices, and when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from netraven_tui.db import models as m
from netraven_tui.domain import (
    SYSTEM_JOB,
    SYSTEM_TAG,
    Conflict,
    Job,
    JobInput,
    JobKind,
    ScheduleKind,
    ValidationError,
)
from netraven_tui.services import convert, schedules, validation
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.lookup import find_by_name, get_or_not_found
from netraven_tui.services.tags import resolve_tags, system_tag

SYSTEM_JOB_INTERVAL = 900

JobListener = Callable[[str, int], None]  # ("changed" | "deleted", job id)


@dataclass(frozen=True, slots=True)
class _CleanJob:
    name: str
    kind: JobKind
    schedule_kind: ScheduleKind
    interval_seconds: int | None
    cron: str | None
    run_at: datetime | None
    enabled: bool
    description: str


class JobService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._listeners: list[JobListener] = []

    def subscribe(self, listener: JobListener) -> None:
        """Be told after a job is created, changed or deleted (the scheduler reschedules)."""
        self._listeners.append(listener)

    def list(self) -> list[Job]:
        with self.ctx.read() as session:
            rows = session.scalars(
                select(m.JobRow)
                .options(selectinload(m.JobRow.tags), selectinload(m.JobRow.devices))
                .order_by(m.JobRow.name)
            ).all()
            return [convert.job(row) for row in rows]

    def get(self, key: int | str) -> Job:
        with self.ctx.read() as session:
            return convert.job(get_or_not_found(session, m.JobRow, key, "job"))

    def create(self, data: JobInput) -> Job:
        """Add a job; the schedule is validated (cron with APScheduler's parser, `once` in the future)."""
        self.ctx.require_edit("add jobs")
        clean = self._validate(data)
        with self.ctx.transaction() as session:
            if find_by_name(session, m.JobRow, clean.name) is not None:
                raise Conflict("name", f"job {clean.name!r} already exists")
            row = m.JobRow(created_at=self.ctx.now(), updated_at=self.ctx.now())
            _apply(row, clean)
            _set_targets(self.ctx, session, row, data)
            session.add(row)
            session.flush()
            self.ctx.audit(session, f"job {row.name} created ({_summary(row)})", job_id=row.id)
            job = convert.job(row)
        self._notify("changed", job.id)
        return job

    def update(self, key: int | str, data: JobInput) -> Job:
        self.ctx.require_edit("edit jobs")
        clean = self._validate(data)
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.JobRow, key, "job")
            other = find_by_name(session, m.JobRow, clean.name)
            if other is not None and other.id != row.id:
                raise Conflict("name", f"job {clean.name!r} already exists")
            if row.is_system and (clean.name != row.name or clean.kind.value != row.kind):
                raise Conflict(
                    "name", f"job {row.name!r} is a system job: its name and kind are fixed"
                )
            _apply(row, clean)
            _set_targets(self.ctx, session, row, data)
            row.updated_at = self.ctx.now()
            self.ctx.audit(session, f"job {row.name} updated ({_summary(row)})", job_id=row.id)
            job = convert.job(row)
        self._notify("changed", job.id)
        return job

    def set_enabled(self, key: int | str, enabled: bool) -> Job:
        self.ctx.require_edit("enable or disable jobs")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.JobRow, key, "job")
            row.enabled = enabled
            row.updated_at = self.ctx.now()
            self.ctx.audit(
                session, f"job {row.name} {'enabled' if enabled else 'disabled'}", job_id=row.id
            )
            job = convert.job(row)
        self._notify("changed", job.id)
        return job

    def delete(self, key: int | str) -> None:
        """Delete a job; its past runs stay. The system job cannot be deleted."""
        self.ctx.require_edit("delete jobs")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.JobRow, key, "job")
            if row.is_system:
                raise Conflict(
                    "name",
                    f"job {row.name!r} is a system job and cannot be deleted (disable it instead)",
                )
            job_id = row.id
            session.delete(row)
            self.ctx.audit(session, f"job {row.name} deleted", job_id=job_id)
        self._notify("deleted", job_id)

    def _validate(self, data: JobInput) -> _CleanJob:
        name = validation.name(data.name)
        try:
            kind = JobKind(str(data.kind).strip().lower())
        except ValueError:
            raise ValidationError(
                "kind", f"{data.kind!r} is not a job kind (expected backup or reachability)"
            ) from None
        try:
            schedule = ScheduleKind(str(data.schedule_kind).strip().lower())
        except ValueError:
            raise ValidationError(
                "schedule",
                f"{data.schedule_kind!r} is not a schedule (expected manual, interval, cron or once)",
            ) from None
        interval = cron = run_at = None
        if schedule is ScheduleKind.INTERVAL:
            interval = schedules.validate_interval(data.interval_seconds)
        elif schedule is ScheduleKind.CRON:
            cron = schedules.validate_cron(data.cron)
        elif schedule is ScheduleKind.ONCE:
            when = (
                schedules.parse_iso_time(data.run_at)
                if isinstance(data.run_at, str)
                else data.run_at
            )
            run_at = schedules.validate_once(when, self.ctx.now())
        if not data.tags and not data.devices:
            raise ValidationError("tags", "a job needs at least one target tag or device")
        return _CleanJob(
            name,
            kind,
            schedule,
            interval,
            cron,
            run_at,
            bool(data.enabled),
            validation.text(data.description, "description"),
        )

    def _notify(self, what: str, job_id: int) -> None:
        for listener in list(self._listeners):
            listener(what, job_id)


def ensure_system_job(ctx: ServiceContext, session: Session) -> None:
    """Create the `reachability` job on tag `all` if it does not exist (first start)."""
    if session.scalars(select(m.JobRow).where(m.JobRow.is_system.is_(True))).first() is not None:
        return
    row = m.JobRow(
        name=SYSTEM_JOB,
        kind=JobKind.REACHABILITY,
        schedule_kind=ScheduleKind.INTERVAL,
        interval_seconds=SYSTEM_JOB_INTERVAL,
        enabled=True,
        is_system=True,
        description="TCP check of every device's SSH port",
        created_at=ctx.now(),
        updated_at=ctx.now(),
    )
    row.tags = [system_tag(session)]
    session.add(row)
    session.flush()
    ctx.audit(
        session,
        f"system job {SYSTEM_JOB} created (every {SYSTEM_JOB_INTERVAL // 60} min on tag {SYSTEM_TAG})",
        job_id=row.id,
    )


def _apply(row: m.JobRow, clean: _CleanJob) -> None:
    row.name = clean.name
    row.kind = clean.kind
    row.schedule_kind = clean.schedule_kind
    row.interval_seconds = clean.interval_seconds
    row.cron = clean.cron
    row.run_at = clean.run_at
    row.enabled = clean.enabled
    row.description = clean.description


def _set_targets(ctx: ServiceContext, session: Session, row: m.JobRow, data: JobInput) -> None:
    row.tags = resolve_tags(ctx, session, data.tags)
    devices = []
    for hostname in dict.fromkeys(h.strip() for h in data.devices if h.strip()):
        device = session.scalars(
            select(m.DeviceRow).where(m.DeviceRow.hostname_key == hostname.lower())
        ).first()
        if device is None:
            raise ValidationError("devices", f"unknown device {hostname!r}")
        devices.append(device)
    row.devices = devices


def _summary(row: m.JobRow) -> str:
    schedule = schedules.describe(
        ScheduleKind(row.schedule_kind), row.interval_seconds, row.cron, row.run_at
    )
    targets = ",".join([t.name for t in row.tags] + [d.hostname for d in row.devices])
    state = "enabled" if row.enabled else "disabled"
    return f"{row.kind}, {schedule}, targets {targets}, {state}"
