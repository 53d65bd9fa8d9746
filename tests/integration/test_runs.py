"""Run records: batched results, device state, and how long a device has been failing."""

from __future__ import annotations

from netraven_tui.domain import (
    DeviceInput,
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    JobInput,
    ResultStatus,
)
from netraven_tui.services import Services
from tests.conftest import FrozenClock


def record(
    services: Services, job_id: int, clock: FrozenClock, states: dict[str, ResultStatus]
) -> None:
    run = services.runs.create(job_id, "manual", "tester")
    services.runs.start(run.id, len(states))
    outcomes = []
    for hostname, status in states.items():
        device = services.devices.get(hostname)
        target = DeviceTarget(
            device.id, device.hostname, device.address, device.port, device.platform
        )
        kind = ErrorKind.TIMEOUT if status is ResultStatus.FAILED else None
        outcomes.append(
            DeviceOutcome(target, status, clock.now, clock.now, error_kind=kind, message="x")
        )
    services.runs.record(run.id, outcomes)
    services.runs.close(run.id)


def test_failing_since_is_the_first_failure_after_the_last_success(
    services: Services, clock: FrozenClock
) -> None:
    for index, name in enumerate(("flaky", "new", "healed"), start=1):
        services.devices.create(DeviceInput(name, f"10.0.0.{index}", "cisco_ios"))
    job = services.jobs.create(JobInput("nightly", "backup", tags=("all",)))
    ok, bad = ResultStatus.SUCCESS, ResultStatus.FAILED
    start = clock.now
    record(services, job.id, clock, {"flaky": ok, "healed": bad})
    clock.advance(hours=2)
    first_failure = clock.now
    record(services, job.id, clock, {"flaky": bad, "new": bad, "healed": ok})
    clock.advance(days=2)
    record(services, job.id, clock, {"flaky": bad, "new": bad, "healed": ok})

    since = {
        services.devices.get(device_id).hostname: at
        for device_id, at in services.runs.failing_since().items()
    }
    assert since == {"flaky": first_failure, "new": first_failure}
    assert start < first_failure
    assert services.devices.get("healed").last_backup_status == "success"
