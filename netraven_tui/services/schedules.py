"""Job schedules: validation with messages a person can act on, schedules in words, and the
schedules the scheduler reads (``ScheduleService``)."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from sqlalchemy import func, select

from netraven_tui.db import models as m
from netraven_tui.domain import JobSchedule, ScheduleKind, ValidationError
from netraven_tui.services.context import ServiceContext

MIN_INTERVAL_SECONDS = 60
# Beyond a year the scheduler's date arithmetic overflows long before anyone needs it.
MAX_INTERVAL_SECONDS = 366 * 86400
CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
_RANGES = {
    "minute": "0-59",
    "hour": "0-23",
    "day": "1-31",
    "month": "1-12",
    "day_of_week": "0-7 (0 and 7 are Sunday) or sun-sat",
}
_FIELD_WORDS = {
    "minute": "minute",
    "hour": "hour",
    "day": "day-of-month",
    "month": "month",
    "day_of_week": "day-of-week",
}


class ScheduleService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def versions(self) -> dict[int, datetime]:
        """Every job's id and last change, so a scheduler can see what changed since it looked."""
        with self.ctx.read() as session:
            rows = session.execute(select(m.JobRow.id, m.JobRow.updated_at))
            return {job_id: stamp for job_id, stamp in rows}

    def last_fires(self) -> dict[int, datetime]:
        """When each job's last scheduled run (of any outcome: ran, skipped, missed) was
        recorded, by job id: where a new leader starts looking for fires nobody made."""
        with self.ctx.read() as session:
            rows = session.execute(
                select(m.JobRunRow.job_id, func.max(m.JobRunRow.queued_at))
                .where(m.JobRunRow.trigger == "schedule", m.JobRunRow.job_id.is_not(None))
                .group_by(m.JobRunRow.job_id)
            )
            return {job_id: stamp for job_id, stamp in rows if stamp is not None}

    def load(self, job_id: int | None = None) -> tuple[list[JobSchedule], set[int]]:
        """Job schedules (all, or one job's), and the ids of `once` jobs that already fired (or
        were recorded as missed)."""
        columns = select(
            m.JobRow.id,
            m.JobRow.name,
            m.JobRow.schedule_kind,
            m.JobRow.interval_seconds,
            m.JobRow.cron,
            m.JobRow.run_at,
            m.JobRow.enabled,
            m.JobRow.updated_at,
        )
        fired = (
            select(m.JobRunRow.job_id)
            .join(m.JobRow, m.JobRow.id == m.JobRunRow.job_id)
            .where(
                m.JobRow.schedule_kind == ScheduleKind.ONCE,
                m.JobRunRow.trigger == "schedule",
                m.JobRunRow.queued_at >= m.JobRow.run_at,
            )
            .distinct()
        )
        if job_id is not None:
            columns = columns.where(m.JobRow.id == job_id)
            fired = fired.where(m.JobRow.id == job_id)
        with self.ctx.read() as session:
            rows = session.execute(columns).all()
            done = set(session.scalars(fired))
        schedules = [JobSchedule(row[0], row[1], ScheduleKind(row[2]), *row[3:]) for row in rows]
        return schedules, done


def validate_interval(value: int | str | None) -> int:
    try:
        seconds = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("interval", f"{value!r} is not a number of seconds") from None
    if seconds < MIN_INTERVAL_SECONDS:
        raise ValidationError(
            "interval", f"{seconds} s is too short (at least {MIN_INTERVAL_SECONDS} seconds)"
        )
    if seconds > MAX_INTERVAL_SECONDS:
        raise ValidationError(
            "interval",
            f"{seconds} s is too long (at most {MAX_INTERVAL_SECONDS} seconds, 366 days; "
            "use --cron or --at for rarer runs)",
        )
    return seconds


def validate_cron(expression: str | None, timezone: tzinfo | None = None) -> str:
    """A 5-field crontab expression checked with APScheduler's own parser, field by field."""
    from apscheduler.triggers.cron import CronTrigger

    text = " ".join((expression or "").split())
    if not text:
        raise ValidationError("cron", "is required (5 fields: minute hour day month day-of-week)")
    fields = text.split(" ")
    if len(fields) != 5:
        raise ValidationError(
            "cron",
            f"expected 5 fields (minute hour day month day-of-week), got {len(fields)} in {text!r}",
        )
    for name, value in zip(CRON_FIELDS, fields, strict=True):
        if name == "day_of_week":
            value = _crontab_weekdays(value)
        try:
            CronTrigger(**{name: value}, timezone=timezone)
        except ValueError as error:
            raise ValidationError(
                "cron", _explain(name, fields[4] if name == "day_of_week" else value, str(error))
            ) from None
    cron_trigger(text, timezone)
    return text


def cron_trigger(expression: str, timezone: tzinfo | None = None):
    """APScheduler trigger for a crontab expression, with crontab's weekdays (0 and 7 = Sunday).

    APScheduler 3 numbers weekdays from Monday = 0; a network engineer writing ``0 2 * * 0``
    means Sunday, so numbers are translated to names first.
    """
    from apscheduler.triggers.cron import CronTrigger

    minute, hour, day, month, weekday = expression.split()
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_crontab_weekdays(weekday),
            timezone=timezone,
        )
    except ValueError as error:
        raise ValidationError("cron", str(error)) from None


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _crontab_weekdays(value: str) -> str:
    def name(match: re.Match[str]) -> str:
        number = int(match.group(0))
        return _WEEKDAYS[number] if number <= 7 else match.group(0)

    # Only bare numbers (not step sizes after '/') are weekdays.
    return re.sub(r"(?<![/\d])\d+", name, value)


def validate_once(when: datetime | None, now: datetime) -> datetime:
    if when is None:
        raise ValidationError(
            "run_at", "is required for a one-time job (ISO time, e.g. 2026-12-01T02:00)"
        )
    if when.tzinfo is None:
        when = when.astimezone()  # a naive time is the server's local time
    if when <= now:
        raise ValidationError("run_at", f"{when.isoformat(timespec='minutes')} is in the past")
    return when


def parse_iso_time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            "run_at",
            f"{value!r} is not an ISO time (e.g. 2026-12-01T02:00 or 2026-12-01T02:00+01:00)",
        ) from None


def describe(
    kind: ScheduleKind, interval: int | None, cron: str | None, run_at: datetime | None
) -> str:
    """A schedule in words, for tables: 'every 15 min', 'cron 0 2 * * *', 'once at …', 'manual'."""
    if kind is ScheduleKind.INTERVAL and interval:
        return "every " + _duration(interval)
    if kind is ScheduleKind.CRON and cron:
        return f"cron {cron}"
    if kind is ScheduleKind.ONCE and run_at:
        return "once at " + run_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return "manual"


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def _explain(field: str, value: str, message: str) -> str:
    words = _FIELD_WORDS[field]
    number = re.search(r"\((\d+)\) is (?:higher|lower) than the (?:maximum|minimum)", message)
    if number:
        return f"{words} field {number.group(1)} is out of range {_RANGES[field]}"
    if "Increment must be higher than 0" in message:
        return f"{words} field {value!r} has a step of 0 (steps start at 1)"
    if (
        "Unrecognized expression" in message
        or "Invalid weekday" in message
        or "Invalid month" in message
    ):
        return f"{words} field {value!r} is not understood (expected {_RANGES[field]}, '*', ranges a-b, lists a,b, steps */n)"
    return f"{words} field {value!r}: {message}"
