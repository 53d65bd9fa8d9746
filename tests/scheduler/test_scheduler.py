"""The scheduler fires jobs from the database, follows every change, and never stacks runs."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from netraven_tui.domain import JobInput, RunStatus, ValidationError
from netraven_tui.runtime.housekeeping import HOUSEKEEPING_JOB
from netraven_tui.runtime.triggers import planned_next_runs
from netraven_tui.services import Services
from tests.scheduler.conftest import LAB_TAG, TIME_SCALE, SlowPlan, wait_until


def every_minute(name: str = "probe", minutes: int = 1) -> JobInput:
    return JobInput(
        name, "reachability", "interval", interval_seconds=60 * minutes, tags=(LAB_TAG,)
    )


def scheduled_runs(services: Services, job_id: int, status: RunStatus | None = None) -> list:
    return [r for r in services.runs.list(job_id=job_id, status=status) if r.trigger == "schedule"]


def test_interval_job_fires_and_records_runs(live: Services, make_scheduler) -> None:
    scheduler = make_scheduler(live)
    scheduler.start()
    assert scheduler.is_leader

    job = live.jobs.create(every_minute())  # the scheduler hears of it at once, no restart

    assert job.id in scheduler.next_run_times()
    wait_until(lambda: len(scheduled_runs(live, job.id, RunStatus.SUCCESS)) >= 2, timeout=15)
    run = scheduled_runs(live, job.id)[-1]
    assert (run.triggered_by, run.total, run.succeeded) == ("scheduler", 1, 1)
    assert scheduler._aps.get_job(HOUSEKEEPING_JOB) is not None  # daily pruning in the leader


def test_editing_the_interval_reschedules_and_disabling_removes(
    live: Services, make_scheduler
) -> None:
    scheduler = make_scheduler(live)
    scheduler.start()
    job = live.jobs.create(every_minute())
    wait_until(lambda: scheduled_runs(live, job.id), timeout=15)

    changed = datetime.now(UTC)  # before the change: a slow machine may take a while to check
    live.jobs.update(job.id, every_minute(minutes=5))  # 5 min: 5 s at the test's time scale

    assert scheduler.next_run_times()[job.id] - changed > timedelta(seconds=4)

    live.jobs.update(job.id, every_minute(minutes=1))
    fired = len(scheduled_runs(live, job.id))
    wait_until(lambda: len(scheduled_runs(live, job.id)) > fired, timeout=15)

    live.jobs.set_enabled(job.id, False)

    assert job.id not in scheduler.next_run_times() and job.id not in planned_next_runs(live)
    time.sleep(0.3)  # a fire already handed to a worker thread may still record its run...
    going = (RunStatus.QUEUED, RunStatus.RUNNING)
    wait_until(lambda: all(r.status not in going for r in scheduled_runs(live, job.id)))  # ...end
    before = len(scheduled_runs(live, job.id))
    time.sleep(2 * 60 * TIME_SCALE)  # two of its intervals
    assert len(scheduled_runs(live, job.id)) == before


def test_a_once_job_fires_once(live: Services, make_scheduler) -> None:
    scheduler = make_scheduler(live)
    scheduler.start()
    when = datetime.now(UTC) + timedelta(seconds=1)
    job = live.jobs.create(JobInput("once", "reachability", "once", run_at=when, tags=(LAB_TAG,)))
    assert scheduler.next_run_times()[job.id] == when

    wait_until(lambda: scheduled_runs(live, job.id, RunStatus.SUCCESS), timeout=15)
    live.jobs.set_enabled(job.id, False)
    live.jobs.set_enabled(job.id, True)  # re-read: its time has passed and it already ran

    time.sleep(1.0)  # several polls more
    assert len(scheduled_runs(live, job.id)) == 1
    assert job.id not in scheduler.next_run_times()
    assert job.id not in planned_next_runs(live)


def test_an_overlapping_fire_is_skipped_not_stacked(live: Services, make_scheduler) -> None:
    plan = SlowPlan(seconds=2.5)  # each run outlasts the 1 s interval
    scheduler = make_scheduler(live, plan)
    scheduler.start()
    job = live.jobs.create(every_minute())

    skipped = wait_until(lambda: scheduled_runs(live, job.id, RunStatus.SKIPPED), timeout=15)

    assert "previous run was still going" in skipped[0].message
    assert plan.most_at_once == 1
    assert len(scheduled_runs(live, job.id, RunStatus.RUNNING)) <= 1
    assert not scheduled_runs(
        live, job.id, RunStatus.QUEUED
    )  # nothing waits behind the running one


def test_a_change_from_another_process_is_picked_up_by_polling(
    live: Services, open_live, make_scheduler
) -> None:
    scheduler = make_scheduler(live)
    scheduler.start()
    other = open_live()  # the CLI, or a second console: no shared listeners

    job = other.jobs.create(every_minute("from-cli"))
    wait_until(lambda: job.id in scheduler.next_run_times(), timeout=15)
    wait_until(lambda: scheduled_runs(live, job.id), timeout=15)

    other.jobs.set_enabled(job.id, False)
    wait_until(lambda: job.id not in scheduler.next_run_times(), timeout=15)
    other.jobs.set_enabled(job.id, True)
    wait_until(lambda: job.id in scheduler.next_run_times(), timeout=15)
    other.jobs.delete(job.id)
    wait_until(lambda: job.id not in scheduler.next_run_times(), timeout=15)


def test_cron_jobs_run_in_the_server_timezone_with_crontab_weekdays(
    live: Services, make_scheduler
) -> None:
    paris = ZoneInfo("Europe/Paris")
    scheduler = make_scheduler(live, timezone=paris)
    scheduler.start()
    job = live.jobs.create(JobInput("sunday", "backup", "cron", cron="30 3 * * 0", tags=(LAB_TAG,)))

    when = scheduler.next_run_times()[job.id].astimezone(paris)

    assert (when.weekday(), when.hour, when.minute) == (6, 3, 30)  # crontab 0 is Sunday
    assert scheduler.timezone_name == "Europe/Paris"
    assert planned_next_runs(live, tz=paris)[job.id] == when


def test_a_bad_cron_is_refused_in_words(live: Services, make_scheduler) -> None:
    make_scheduler(live).start()
    with pytest.raises(ValidationError) as caught:
        live.jobs.create(JobInput("bad", "backup", "cron", cron="0 25 * * *", tags=(LAB_TAG,)))
    assert str(caught.value) == "cron: hour field 25 is out of range 0-23"
