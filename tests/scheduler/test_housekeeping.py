"""Retention: old run records and log entries go, recent ones and running runs stay."""

from __future__ import annotations

from netraven_tui.domain import SYSTEM_JOB, JobInput, LogKind, LogLevel, RunStatus
from netraven_tui.runtime.housekeeping import run_housekeeping
from netraven_tui.services import Services


def test_housekeeping_prunes_only_what_is_older_than_retention(services: Services, clock) -> None:
    job = services.jobs.get(SYSTEM_JOB).id
    old_done = services.runs.create(job, "manual", "tester")
    services.runs.close(services.runs.start(old_done.id, 0).id)
    other = services.jobs.create(JobInput("other", "reachability", tags=("all",))).id
    old_running = services.runs.start(services.runs.create(other, "manual", "tester").id, 1)
    services.logs.write(LogLevel.INFO, LogKind.SYSTEM, "an old line")
    clock.advance(days=services.ctx.settings.retention_days - 1)
    recent = services.runs.create(job, "manual", "tester")
    services.runs.close(services.runs.start(recent.id, 0).id)
    services.logs.write(LogLevel.INFO, LogKind.SYSTEM, "a recent line")
    clock.advance(days=2)  # the first batch is now past retention, the second is not

    report = run_housekeeping(services)

    remaining = {run.id for run in services.runs.list(limit=100)}
    assert old_done.id not in remaining
    assert {old_running.id, recent.id} <= remaining  # a run still going is never pruned
    messages = [entry.message for entry in services.logs.recent(100)]
    assert "an old line" not in messages and "a recent line" in messages
    assert report.runs_pruned == 1 and report.logs_pruned >= 1
    assert any(m.startswith("housekeeping: pruned 1 run records") for m in messages)
    assert (
        services.runs.get(old_running.id).status is RunStatus.RUNNING
    )  # its process (us) is alive
