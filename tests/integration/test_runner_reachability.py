"""Job runs of the reachability kind, against real TCP listeners on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from netraven_tui.domain import DeviceInput, ErrorKind, JobInput, ResultStatus, RunStatus
from netraven_tui.runtime.events import DeviceDone, EventBus, RunFinished, RunStarted
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.services import Services


@pytest.fixture
def open_port() -> Iterator[int]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_reachability_run_records_results_and_device_state(
    services: Services, open_port: int, closed_port: int
) -> None:
    services.devices.create(DeviceInput("up", "127.0.0.1", "cisco_ios", open_port))
    services.devices.create(DeviceInput("down", "localhost", "cisco_ios", closed_port))
    bus = EventBus()
    events: list[object] = []
    bus.subscribe(events.append)

    run = JobRunner(services, bus).run("reachability")

    assert (run.status, run.total, run.succeeded, run.failed) == (RunStatus.PARTIAL, 2, 1, 1)
    results = {r.hostname: r for r in services.runs.results(run.id)}
    assert results["up"].status is ResultStatus.SUCCESS and results["up"].latency_ms is not None
    assert results["down"].error_kind is ErrorKind.UNREACHABLE
    assert "refused" in results["down"].message
    up = services.devices.get("up")
    assert up.last_reach_ok is True and up.last_reach_latency_ms is not None
    assert services.devices.get("down").last_reach_ok is False
    assert isinstance(events[0], RunStarted) and isinstance(events[-1], RunFinished)
    assert sorted(e.result.hostname for e in events if isinstance(e, DeviceDone)) == ["down", "up"]


def test_a_job_with_no_devices(services: Services) -> None:
    services.tags.create("empty")
    services.jobs.create(JobInput("nothing", "reachability", tags=("empty",)))
    run = JobRunner(services).run("nothing")
    assert (run.status, run.total) == (RunStatus.NO_DEVICES, 0)


def test_targets_are_deduplicated_and_disabled_devices_left_out(
    services: Services, open_port: int
) -> None:
    services.tags.create("core")
    services.devices.create(DeviceInput("r1", "127.0.0.1", "cisco_ios", open_port, ("core",)))
    services.devices.create(
        DeviceInput("r2", "127.0.0.2", "cisco_ios", open_port, ("core",), enabled=False)
    )
    job = services.jobs.create(JobInput("both", "reachability", tags=("core",), devices=("r1",)))
    assert [t.hostname for t in services.runs.targets(job.id)] == ["r1"]


def test_cancel_before_start_skips_devices(services: Services, open_port: int) -> None:
    for index in range(5):
        services.devices.create(
            DeviceInput(f"r{index}", f"127.0.0.{index + 1}", "cisco_ios", open_port)
        )
    runner = JobRunner(services)
    active = runner._prepare("reachability", "manual", "tester")
    active.cancel.set()
    run = runner._execute(active)
    assert run.status is RunStatus.CANCELLED
    assert run.skipped == 5 and run.succeeded == 0


def test_dead_owner_runs_are_marked_interrupted(services: Services) -> None:
    run = services.runs.create(services.jobs.get("reachability").id, "manual", "tester")
    services.runs.start(run.id, 3)
    assert services.runs.mark_interrupted(lambda owner: False) == []
    assert services.runs.mark_interrupted(lambda owner: True) == [run.id]
    after = services.runs.get(run.id)
    assert after.status is RunStatus.INTERRUPTED and "stopped before it finished" in after.message
