"""How the dashboard, jobs, runs, the run view, the job form and a device's run log look.

Runs and results are seeded through the services with a frozen clock; no runtime, so nothing
moves while the screenshot is taken. Update with `--snapshot-update` after reading the SVGs.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from netraven_tui.db.models import JobRunRow
from netraven_tui.domain import (
    DeviceInput,
    DeviceOutcome,
    ErrorKind,
    JobInput,
    NewConfigVersion,
    ResultStatus,
)
from netraven_tui.services import Services
from tests.conftest import FrozenClock, index_versions
from tests.snapshots.conftest import console, keys
from tests.tui.conftest import VIEWER

SIZE = (100, 30)
SMALL = (80, 24)


@pytest.fixture
def operations(services: Services, clock: FrozenClock) -> Services:
    """Five devices, three jobs besides the system one, three finished runs and one going."""
    services.tags.create("core", "core switches")
    services.tags.create("edge", "internet edge")
    for hostname, address, tag in (
        ("core-sw1", "10.0.0.1", "core"),
        ("core-sw2", "10.0.0.2", "core"),
        ("edge-r1", "10.0.1.1", "edge"),
        ("edge-r2", "10.0.1.2", "edge"),
    ):
        services.devices.create(DeviceInput(hostname, address, "cisco_ios", tags=(tag,)))
    services.devices.create(DeviceInput("lab-fw1", "10.0.9.1", "cisco_asa", enabled=False))
    nightly = services.jobs.create(
        JobInput("nightly-core", "backup", "cron", cron="0 2 * * *", tags=("core",))
    )
    hourly = services.jobs.create(
        JobInput(
            "edge-hourly",
            "backup",
            "interval",
            interval_seconds=3600,
            tags=("edge",),
            devices=("core-sw1",),
        )
    )
    services.jobs.create(JobInput("adhoc", "backup", tags=("edge",), enabled=False))
    base = clock.now

    def run(job_id: int, ago: timedelta, outcomes: dict[str, tuple], finish: bool = True) -> int:
        clock.now = base - ago
        record = services.runs.create(
            job_id, "schedule" if finish else "manual", "scheduler" if finish else "ada"
        )
        with services.ctx.transaction() as session:  # the owner is host:pid: pin it for the picture
            session.get(JobRunRow, record.id).owner = "jump-1:4242"
        targets = {t.hostname: t for t in services.runs.targets(job_id)}
        services.runs.start(record.id, len(targets))
        done = []
        for index, (hostname, (status, kind, changed)) in enumerate(outcomes.items()):
            started = clock.now + timedelta(seconds=index)
            done.append(
                DeviceOutcome(
                    targets[hostname],
                    status,
                    started,
                    started + timedelta(seconds=2.5 + index),
                    error_kind=kind,
                    credential_name="netops" if kind is not ErrorKind.AUTH else None,
                    attempts=1 if kind is not ErrorKind.TIMEOUT else 3,
                    changed=changed,
                    message="authentication failed for every credential"
                    if kind is ErrorKind.AUTH
                    else "no answer within 10 s"
                    if kind
                    else "",
                    sha256="ab" * 32 if status is ResultStatus.SUCCESS else None,
                    lines=420,
                    lines_added=3 if changed else 0,
                    lines_removed=1 if changed else 0,
                )
            )
        services.runs.record(record.id, done)
        changed = [o for o in done if o.changed]
        if changed:
            commit = f"{record.id:02d}c0ffee1234567890abcdef"
            paths = {o.device.id: f"configs/{o.device.hostname}.cfg" for o in changed}
            index_versions(
                services,
                record.id,
                commit,
                [NewConfigVersion.of(o, paths[o.device.id]) for o in changed],
            )
        if finish:
            clock.now = clock.now + timedelta(seconds=42)
            services.runs.close(record.id, message=f"commit {commit[:10]}" if changed else "")
        return record.id

    ok, failed = ResultStatus.SUCCESS, ResultStatus.FAILED
    run(nightly.id, timedelta(days=2), {"core-sw1": (ok, None, True), "core-sw2": (ok, None, True)})
    run(
        nightly.id,
        timedelta(hours=30),
        {"core-sw1": (ok, None, False), "core-sw2": (failed, ErrorKind.TIMEOUT, False)},
    )
    run(
        hourly.id,
        timedelta(hours=3),
        {
            "core-sw1": (ok, None, False),
            "edge-r1": (ok, None, True),
            "edge-r2": (failed, ErrorKind.AUTH, False),
        },
    )
    run(
        nightly.id,
        timedelta(hours=10),
        {"core-sw1": (ok, None, False), "core-sw2": (failed, ErrorKind.TIMEOUT, False)},
    )
    run(hourly.id, timedelta(seconds=30), {"edge-r1": (ok, None, False)}, finish=False)
    clock.now = base
    return services


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["100x30", "80x24"])
def test_dashboard(snap_compare, operations: Services, size: tuple[int, int]) -> None:
    assert snap_compare(console(operations), run_before=keys(), terminal_size=size)


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["100x30", "80x24"])
def test_jobs(snap_compare, operations: Services, size: tuple[int, int]) -> None:
    assert snap_compare(console(operations), run_before=keys("5"), terminal_size=size)


def test_jobs_viewer(snap_compare, operations: Services) -> None:
    assert snap_compare(
        console(operations, auto_login=VIEWER), run_before=keys("5"), terminal_size=SIZE
    )


def test_runs_of_a_job(snap_compare, operations: Services) -> None:
    assert snap_compare(console(operations), run_before=keys("5", "j", "enter"), terminal_size=SIZE)


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["100x30", "80x24"])
def test_finished_run(snap_compare, operations: Services, size: tuple[int, int]) -> None:
    # jobs sort by name (adhoc, edge-hourly, …); edge-hourly's runs: the one going, a partial one
    run = keys("5", "j", "enter", "j", "enter")
    assert snap_compare(console(operations), run_before=run, terminal_size=size)


def test_run_in_progress(snap_compare, operations: Services) -> None:
    assert snap_compare(
        console(operations), run_before=keys("5", "j", "enter", "enter"), terminal_size=SIZE
    )


def test_device_log_of_a_run(snap_compare, operations: Services) -> None:
    run = keys("5", "j", "enter", "j", "enter", "j", "j", "l")  # edge-r2, the auth failure
    assert snap_compare(console(operations), run_before=run, terminal_size=SIZE)


def test_job_form_with_bad_cron(snap_compare, operations: Services) -> None:
    run = keys(
        "5",
        "a",
        *"core-weekly",
        "tab",
        "tab",
        "enter",
        "down",
        "down",
        "enter",
        "tab",
        "ctrl+a",
        "ctrl+k",
        *"0 2 * * 8",
        "enter",
        *"co",
    )
    assert snap_compare(console(operations), run_before=run, terminal_size=SIZE)


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["100x30", "80x24"])
def test_job_form_edit(snap_compare, operations: Services, size: tuple[int, int]) -> None:
    # jobs sort by name: adhoc, edge-hourly, nightly-core, reachability
    assert snap_compare(
        console(operations), run_before=keys("5", "j", "j", "e"), terminal_size=size
    )


def test_delete_job_confirm(snap_compare, operations: Services) -> None:
    assert snap_compare(console(operations), run_before=keys("5", "d"), terminal_size=SIZE)
