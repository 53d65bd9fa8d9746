"""A scheduled fire of a job that another process is running is recorded as skipped."""

from __future__ import annotations

from netraven_tui.domain import RunStatus
from netraven_tui.services import Services
from tests.scheduler.conftest import wait_until
from tests.scheduler.test_scheduler import every_minute, scheduled_runs


def test_a_fire_while_another_process_runs_the_job_is_skipped_naming_that_run(
    live: Services, open_live, make_scheduler
) -> None:
    job = live.jobs.create(every_minute())
    other = open_live()  # a `job run` in another process: its run is queued there, not here
    busy = other.runs.create(job.id, "manual", "cli:ops")
    scheduler = make_scheduler(live)
    scheduler.start()

    skipped = wait_until(lambda: scheduled_runs(live, job.id, RunStatus.SKIPPED), timeout=15)

    assert f"run {busy.id} of this job was still going" in skipped[0].message
    assert f"in process {busy.owner}" in skipped[0].message
    assert scheduled_runs(live, job.id, RunStatus.SUCCESS) == []  # it never ran twice
    other.runs.close(busy.id, status=RunStatus.CANCELLED)
    wait_until(lambda: scheduled_runs(live, job.id, RunStatus.SUCCESS), timeout=15)
