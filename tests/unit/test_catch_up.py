"""Which fires a new leader makes up for: the newest within the grace runs, older ones are missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from netraven_tui.domain import JobSchedule, ScheduleKind
from netraven_tui.runtime.catch_up import MAX_FIRES, plan_catch_up, plan_catch_ups
from netraven_tui.runtime.triggers import build_trigger

SAVED = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # the job's last change: its grid's origin
GRACE = timedelta(seconds=300)


def every(minutes: int, kind: ScheduleKind = ScheduleKind.INTERVAL, cron: str | None = None):
    return JobSchedule(1, "backup-core", kind, minutes * 60, cron, None, True, SAVED)


def plan(schedule: JobSchedule, now: datetime, last_fire: datetime | None = None):
    return plan_catch_up(schedule, build_trigger(schedule, UTC), last_fire, now, GRACE)


def test_nothing_to_make_up_when_the_last_fire_was_made() -> None:
    job = every(15)
    assert plan(job, SAVED + timedelta(minutes=14)) is None  # not due yet
    last = SAVED + timedelta(minutes=15, seconds=2)  # the 12:15 fire ran (queued 2 s late)
    assert plan(job, SAVED + timedelta(minutes=29), last) is None


def test_a_fire_due_during_the_failover_runs_at_once() -> None:
    # the leader was stopped at 12:14; the new one takes over at 12:15:12
    caught = plan(every(15), SAVED + timedelta(minutes=15, seconds=12))

    assert caught is not None
    assert caught.run_now == SAVED + timedelta(minutes=15)
    assert (caught.coalesced, caught.missed) == (1, 0)
    assert "12:15:00" in caught.describe_run_now(UTC)


def test_fires_past_the_grace_are_missed_and_the_one_within_it_runs() -> None:
    # every 2 min; last made at 12:02; taken over at 12:11:30: 12:04, 12:06 past the grace
    # (300 s), 12:08 and 12:10 within it (one run for both)
    caught = plan(every(2), SAVED + timedelta(minutes=11, seconds=30), SAVED + timedelta(minutes=2))

    assert caught.run_now == SAVED + timedelta(minutes=10) and caught.coalesced == 2
    assert caught.missed == 2
    assert (caught.first_missed, caught.last_missed) == (
        SAVED + timedelta(minutes=4),
        SAVED + timedelta(minutes=6),
    )
    text = caught.describe_missed(300)
    assert text.startswith("2 scheduled fires due from ") and "more than 300 s" in text


def test_all_missed_when_even_the_newest_is_past_the_grace() -> None:
    cron = every(0, ScheduleKind.CRON, "0 2 * * *")  # 02:00 daily
    caught = plan(cron, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))

    assert caught.run_now is None and caught.coalesced == 0
    assert caught.missed == 2  # 29th and 30th at 02:00
    assert caught.first_missed == datetime(2026, 11, 29, 2, 0, tzinfo=UTC)


def test_a_long_outage_is_counted_as_at_least_and_still_runs_the_newest() -> None:
    now = SAVED + timedelta(minutes=MAX_FIRES + 500, seconds=20)
    caught = plan(every(1), now)

    assert caught.more and caught.missed >= MAX_FIRES - 5
    assert caught.run_now == SAVED + timedelta(minutes=MAX_FIRES + 500)
    assert caught.describe_missed(300).startswith(f"at least {caught.missed} scheduled fires")


def test_manual_once_and_disabled_jobs_are_left_to_apscheduler_or_alone() -> None:
    now = SAVED + timedelta(days=3)
    manual = JobSchedule(2, "m", ScheduleKind.MANUAL, None, None, None, True, SAVED)
    once = JobSchedule(
        3, "o", ScheduleKind.ONCE, None, None, SAVED + timedelta(hours=1), True, SAVED
    )
    disabled = JobSchedule(4, "d", ScheduleKind.INTERVAL, 60, None, None, False, SAVED)
    broken = JobSchedule(5, "b", ScheduleKind.CRON, None, "99 * * * *", None, True, SAVED)
    plans = plan_catch_ups(
        [manual, once, disabled, broken, every(60)],
        {},
        lambda schedule: build_trigger(schedule, UTC),
        now,
        300,
    )
    assert [p.job_id for p in plans] == [1]
