"""Runtime events reach every screen that follows them (on top, under a dialog, in another area),
and the dashboard names the scheduler's leader from the lease row when this console has none.

The runtime is real (event bus, bridge, git store) but runs no job: the tests publish on its
bus what a run would, so they can tell an event from a database read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest

from netraven_tui.db import models as m
from netraven_tui.domain import DeviceResult, ResultStatus
from netraven_tui.runtime.console import ConsoleRuntime, start_console_runtime
from netraven_tui.runtime.events import DeviceDone, RunStarted
from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.bridge import FLUSH_SECONDS
from netraven_tui.tui.modals.run_logs import RunLogsModal
from netraven_tui.tui.screens.devices import DevicesScreen
from netraven_tui.tui.screens.jobs import JobsScreen
from netraven_tui.tui.screens.run_view import RunViewScreen
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.conftest import FrozenClock
from tests.tui.conftest import ADMIN, screen_text, settle

SIZE = (100, 30)


@pytest.fixture
def runtime(seeded: Services) -> Iterator[ConsoleRuntime]:
    started = start_console_runtime(seeded, scheduler=False)
    yield started
    started.stop(grace_seconds=1)


async def flushed(pilot) -> None:
    """Wait for the bridge to hand what was published to the screens."""
    await asyncio.sleep(FLUSH_SECONDS * 2)
    await settle(pilot)


def result_of(services: Services, run_id: int, hostname: str) -> DeviceResult:
    """A device's result as a run would publish it (not stored: only the event carries it)."""
    device = services.devices.get(hostname)
    return DeviceResult(
        id=10_000,
        run_id=run_id,
        device_id=device.id,
        hostname=hostname,
        status=ResultStatus.SUCCESS,
        error_kind=None,
        message="",
        credential="netops",
        attempts=1,
        duration_ms=1200,
        changed=False,
        sha256=None,
        commit=None,
    )


async def test_a_run_view_under_a_dialog_gets_the_results(
    seeded: Services, runtime: ConsoleRuntime
) -> None:
    job = seeded.jobs.get("reachability")
    run = seeded.runs.create(job.id, "manual", ADMIN.name)
    seeded.runs.start(run.id, 3)
    app = build_app(seeded, auto_login=ADMIN, runtime=runtime, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("enter")  # the runs of the system job
        await settle(pilot)
        await pilot.press("enter")  # the run going
        await settle(pilot)
        view = app.screen
        assert isinstance(view, RunViewScreen) and view.run_id == run.id
        await pilot.press("enter")  # a device's log, over the run
        await settle(pilot)
        assert isinstance(app.screen, RunLogsModal)
        runtime.bus.publish(DeviceDone(run.id, result_of(seeded, run.id, "core-sw2")))
        await flushed(pilot)
        assert isinstance(app.screen, RunLogsModal)  # still open
        assert "core-sw2" in {result.hostname for result in view.results.values()}
        await pilot.press("escape")
        await settle(pilot)
        table = view.query_one(RecordTable)
        row = table.get_row(seeded.devices.get("core-sw2").id)
        assert row is not None and "success" in str(row.cells[1])
    assert not app.unexpected_errors


async def test_a_screen_in_another_area_follows_the_runs(
    seeded: Services, runtime: ConsoleRuntime
) -> None:
    job = seeded.jobs.get("reachability")
    app = build_app(seeded, auto_login=ADMIN, runtime=runtime, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        jobs = app.screen
        assert isinstance(jobs, JobsScreen) and job.id not in jobs.last_runs
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        run = seeded.runs.create(job.id, "manual", ADMIN.name)
        runtime.bus.publish(RunStarted(run))
        await flushed(pilot)
        assert isinstance(app.screen, DevicesScreen)
        assert jobs.last_runs[job.id].id == run.id  # not read: the jobs area was not on view
    assert not app.unexpected_errors


@pytest.mark.parametrize(
    ("expires_in", "shown"),
    [
        (timedelta(seconds=20), "led by jump-2:4242"),
        (timedelta(minutes=-5), "no leader (jump-2:4242 expired 5 min ago)"),
    ],
    ids=["holding", "expired"],
)
async def test_the_dashboard_names_the_leader_of_another_process(
    seeded: Services, clock: FrozenClock, expires_in: timedelta, shown: str
) -> None:
    now = clock()
    with seeded.ctx.transaction() as session:  # what another process's scheduler wrote
        session.add(
            m.SchedulerLeaseRow(
                name="scheduler",
                holder="jump-2:4242/a1b2c3",
                host="jump-2",
                pid=4242,
                acquired_at=now - timedelta(hours=1),
                heartbeat_at=now + expires_in - timedelta(seconds=30),
                expires_at=now + expires_in,
            )
        )
    app = build_app(seeded, auto_login=ADMIN, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown in screen_text(app)


async def test_the_devices_table_updates_only_the_rows_a_run_reported(
    seeded: Services, runtime: ConsoleRuntime, clock: FrozenClock
) -> None:
    job = seeded.jobs.get("reachability")
    run = seeded.runs.create(job.id, "manual", ADMIN.name)
    app = build_app(seeded, auto_login=ADMIN, runtime=runtime, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        table = app.screen.query_one(RecordTable)
        with seeded.ctx.transaction() as session:  # what the run's batch wrote for two devices
            rows = {row.hostname: row for row in session.query(m.DeviceRow)}
            for hostname, status in (("core-sw2", "success"), ("edge-r1", "failed")):
                rows[hostname].last_backup_at = clock() - timedelta(minutes=5)
                rows[hostname].last_backup_status = status
        assert "1 with a failed backup" in screen_text(app)  # core-sw2, as seeded
        runtime.bus.publish(DeviceDone(run.id, result_of(seeded, run.id, "core-sw2")))
        await flushed(pilot)
        sw2 = table.get_row(seeded.devices.get("core-sw2").id)
        edge = table.get_row(seeded.devices.get("edge-r1").id)
        assert sw2 is not None and sw2.cells[5] == ("5 min ok", "green")
        # edge-r1 was not reported: its row is as loaded (a keyed update, not a reload)
        assert edge is not None and edge.cells[5] == ("never", "dim")
        assert "failed backup" not in screen_text(app)
    assert not app.unexpected_errors
