"""Jobs: schedules validated, the system job protected, changes announced to listeners."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netraven_tui.domain import (
    Conflict,
    DeviceInput,
    JobInput,
    JobKind,
    ScheduleKind,
    ValidationError,
)
from netraven_tui.services import Services
from tests.conftest import FrozenClock


def test_system_reachability_job_exists_and_cannot_be_deleted(services: Services) -> None:
    [job] = services.jobs.list()
    assert (job.name, job.kind, job.tags, job.is_system) == (
        "reachability",
        JobKind.REACHABILITY,
        ("all",),
        True,
    )
    with pytest.raises(Conflict, match="system job"):
        services.jobs.delete("reachability")
    disabled = services.jobs.set_enabled("reachability", False)
    assert disabled.enabled is False


def test_interval_cron_once_and_manual(services: Services, clock: FrozenClock) -> None:
    services.tags.create("core")
    a = services.jobs.create(
        JobInput("nightly", "backup", "cron", cron="0 2 * * *", tags=("core",))
    )
    b = services.jobs.create(
        JobInput("often", "backup", "interval", interval_seconds="300", tags=("core",))
    )
    when = clock.now + timedelta(hours=1)
    c = services.jobs.create(
        JobInput("later", "backup", "once", run_at=when.isoformat(), tags=("core",))
    )
    d = services.jobs.create(JobInput("by-hand", "reachability", "manual", tags=("core",)))
    assert (a.cron, b.interval_seconds, c.run_at, d.schedule_kind) == (
        "0 2 * * *",
        300,
        when,
        ScheduleKind.MANUAL,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            JobInput("j", "backup", "interval", interval_seconds=30, tags=("all",)),
            "interval: 30 s is too short",
        ),
        (
            JobInput("j", "backup", "cron", cron="0 25 * * *", tags=("all",)),
            "cron: hour field 25 is out of range",
        ),
        (
            JobInput("j", "backup", "once", run_at="2020-01-01T00:00+00:00", tags=("all",)),
            "run_at: 2020-01-01T00:00+00:00 is in the past",
        ),
        (
            JobInput("j", "backup", "once", run_at="tomorrow", tags=("all",)),
            "run_at: 'tomorrow' is not an ISO time",
        ),
        (JobInput("j", "restore", tags=("all",)), "kind: 'restore' is not a job kind"),
        (JobInput("j", "backup"), "tags: a job needs at least one target"),
        (JobInput("j", "backup", devices=("ghost",)), "devices: unknown device 'ghost'"),
    ],
)
def test_bad_jobs_are_refused_with_a_reason(
    services: Services, data: JobInput, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.jobs.create(data)
    assert str(caught.value).startswith(message)
    assert [j.name for j in services.jobs.list()] == ["reachability"]


def test_name_is_unique(services: Services) -> None:
    services.jobs.create(JobInput("daily", "backup", tags=("all",)))
    with pytest.raises(Conflict):
        services.jobs.create(JobInput("Daily", "backup", tags=("all",)))


def test_device_targets_and_listeners(services: Services) -> None:
    seen: list[tuple[str, int]] = []
    services.jobs.subscribe(lambda what, job_id: seen.append((what, job_id)))
    services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    job = services.jobs.create(JobInput("one", "backup", devices=("R1",)))
    assert job.devices == ("r1",)
    services.jobs.update(
        "one", JobInput("one", "backup", "interval", interval_seconds=600, devices=("r1",))
    )
    services.jobs.delete("one")
    assert seen == [("changed", job.id), ("changed", job.id), ("deleted", job.id)]


def test_every_change_is_audited(services: Services) -> None:
    services.jobs.create(JobInput("daily", "backup", "cron", cron="0 3 * * *", tags=("all",)))
    services.jobs.set_enabled("daily", False)
    entries = [(e.kind, e.actor, e.message) for e in services.logs.recent()]
    assert ("audit", "tester", "job daily disabled") in entries
    assert any(m.startswith("job daily created (backup, cron 0 3 * * *") for _, _, m in entries)
