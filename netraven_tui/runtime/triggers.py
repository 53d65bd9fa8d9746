"""Job triggers and next fire times, with or without a running scheduler.

Interval jobs are anchored on the job's last change (``updated_at``): the first fire is one
interval after the job was saved, so every process, leader or not, computes the same grid.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from netraven_tui.domain import JobSchedule, NetRavenError, ScheduleKind
from netraven_tui.services import Services
from netraven_tui.services.schedules import cron_trigger


def planned_next_runs(
    services: Services,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    time_scale: float = 1.0,
) -> dict[int, datetime]:
    """Next fire time of every scheduled job, computed from its trigger (no scheduler needed)."""
    tz = tz or local_timezone()
    now = (now or datetime.now(tz)).astimezone(tz)
    grace = timedelta(seconds=services.ctx.settings.misfire_grace_seconds)
    schedules, done = services.schedules.load()
    result: dict[int, datetime] = {}
    for schedule in schedules:
        if schedule.job_id in done:
            continue
        try:
            trigger = build_trigger(schedule, tz, time_scale)
        except NetRavenError:
            continue
        if trigger is None:
            continue
        if schedule.schedule_kind is ScheduleKind.ONCE and schedule.run_at is not None:
            if schedule.run_at + grace >= now:
                result[schedule.job_id] = schedule.run_at.astimezone(tz)
            continue
        when = trigger.get_next_fire_time(None, now)
        if when is not None:
            result[schedule.job_id] = when
    return result


def build_trigger(schedule: JobSchedule, tz: tzinfo, time_scale: float = 1.0):
    """The APScheduler trigger for a job, or None when it is not scheduled (manual, disabled)."""
    from apscheduler.triggers.date import DateTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    if not schedule.enabled:
        return None
    kind = schedule.schedule_kind
    if kind is ScheduleKind.INTERVAL and schedule.interval_seconds:
        every = timedelta(seconds=schedule.interval_seconds * time_scale)
        return IntervalTrigger(
            seconds=every.total_seconds(), start_date=schedule.updated_at + every, timezone=tz
        )
    if kind is ScheduleKind.CRON and schedule.cron:
        return cron_trigger(schedule.cron, tz)
    if kind is ScheduleKind.ONCE and schedule.run_at is not None:
        return DateTrigger(run_date=schedule.run_at, timezone=tz)
    return None


def local_timezone() -> tzinfo:
    """The server's time zone, which cron expressions are read in."""
    from tzlocal import get_localzone

    return get_localzone()


def timezone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or getattr(tz, "zone", None) or str(tz)
