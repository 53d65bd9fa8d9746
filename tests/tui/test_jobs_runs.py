"""Jobs and runs in the console against the lab fleet: run now, watch devices succeed and fail,
read a device's log, cancel, add/toggle/delete jobs, what viewers see, the dashboard live."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netraven_tui.config import Settings
from netraven_tui.domain import Actor, CredentialInput, JobInput, ResultStatus, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.console import ConsoleRuntime, start_console_runtime
from netraven_tui.services import Services, open_services
from netraven_tui.tui.app import NetRavenApp, build_app
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.run_logs import RunLogsModal
from netraven_tui.tui.screens.config_text import ConfigDiffScreen
from netraven_tui.tui.screens.device_page import DevicePageScreen
from netraven_tui.tui.screens.run_view import RunViewScreen
from netraven_tui.tui.widgets.record_table import RecordTable, plain
from tests.tui.conftest import ADMIN, VIEWER, screen_text, settle, shown_actions

pytestmark = pytest.mark.lab

FAST = {
    "connect_timeout": 2.0,
    "command_timeout": 10.0,
    "attempts": 1,
    "backoff_seconds": 0.1,
    "workers": 4,
    "reachability_timeout": 1.0,
    "shutdown_grace_seconds": 5,
}
SIZE = (110, 36)


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    """Four healthy devices, one with a wrong password, one refusing; two that never answer."""
    with LabFleet(devices=8, seed=5, faults="auth:1,refused:1,hang:2") as running:
        yield running


def lab_services(
    settings: Settings, env: dict[str, str], fleet: LabFleet, tmp_path: Path, **overrides: object
) -> Services:
    """The fleet imported, a credential on tag lab, `backup-lab` on every device that answers
    and `backup-hang` on the two that never do."""
    services = open_services(
        settings.with_(**{**FAST, **overrides}), Actor.system("tester"), env=env
    )
    services.devices.import_csv(fleet.write_inventory(tmp_path / "inventory.csv"))
    services.credentials.create(
        CredentialInput("lab", fleet.username, fleet.password, fleet.enable_secret, 10, ("lab",))
    )
    answering = tuple(d.hostname for d in fleet.devices if d.fault != "hang")
    services.jobs.create(JobInput("backup-lab", "backup", devices=answering))
    services.jobs.create(JobInput("backup-hang", "backup", tags=("fault-hang",)))
    return services


@pytest.fixture
def lab(
    settings: Settings, env: dict[str, str], fleet: LabFleet, tmp_path: Path
) -> Iterator[Services]:
    services = lab_services(settings, env, fleet, tmp_path)
    yield services
    services.close()


@pytest.fixture
def runtime(lab: Services) -> Iterator[ConsoleRuntime]:
    started = start_console_runtime(lab, scheduler=False)
    yield started
    started.stop(grace_seconds=5)


def console(lab: Services, runtime: ConsoleRuntime, actor: Actor = ADMIN) -> NetRavenApp:
    return build_app(lab, auto_login=actor, runtime=runtime, cursor_blink=False)


async def wait_until(pilot, condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Pump the app until ``condition`` holds (bounded)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting:\n" + screen_text(pilot.app)
        await asyncio.sleep(0.1)
        await pilot.pause()


async def open_job(pilot, name: str) -> None:
    await pilot.press("5")
    await settle(pilot)
    table = pilot.app.screen.query_one(RecordTable)
    job_id = next(key for key in table.visible_keys if pilot.app.screen.jobs[key].name == name)
    table.move_to(job_id)
    await pilot.pause()


def run_line(app: NetRavenApp, run_id: int) -> str:
    """The dashboard's line for run ``run_id`` in 'Runs in progress' (or '')."""
    return next(
        (line for line in screen_text(app).splitlines() if line.strip().startswith(f"#{run_id} ")),
        "",
    )


def device_states(screen: RunViewScreen) -> dict[str, str]:
    table = screen.query_one(RecordTable)
    return {
        plain(table.get_row(key).cells[0]): plain(table.get_row(key).cells[1])
        for key in table.visible_keys
    }


async def test_run_now_shows_each_device_succeed_or_fail(lab, runtime, fleet) -> None:
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        await open_job(pilot, "backup-lab")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RunViewScreen) and app.screen.loaded)
        view = app.screen
        assert set(device_states(view)) == {d.hostname for d in fleet.devices if d.fault != "hang"}
        table = view.query_one(RecordTable)
        loads, reloads = [], []
        table.load = lambda rows: loads.append(rows)  # type: ignore[method-assign]
        view.reload = lambda: reloads.append(1)  # type: ignore[method-assign]
        await wait_until(pilot, lambda: view.run is not None and view.run.status.finished)
        await settle(pilot)
        states = device_states(view)
        assert loads == [], "results must update rows by key, not reload the table"
        assert reloads == [], "the finished event carries the closed run: no reload"
        assert view.run.status is RunStatus.PARTIAL
        assert view.run.commit and f"commit {view.run.commit[:10]}" in screen_text(app)
        for device in fleet.devices:
            if device.fault == "hang":
                continue
            expected = "failed" if device.fault in ("auth", "refused") else "success"
            assert states[device.hostname] == expected, device.hostname
        text = screen_text(app)
        assert "auth" in text and "unreachable" in text and "ok 4" in text and "failed 2" in text
        assert "partial" in text

        auth = next(d.hostname for d in fleet.devices if d.fault == "auth")
        table.move_to(next(k for k in table.visible_keys if table.get_row(k).cells[0] == auth))
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, RunLogsModal)
        text = screen_text(app)
        assert f"{auth} in run {view.run_id}" in text and f"{auth}: auth:" in text
        await pilot.press("escape")
        await settle(pilot)
        # Enter goes deeper: a failed row opens the device's page, a changed one its diff.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DevicePageScreen) and app.screen.hostname == auth
        await pilot.press("escape")
        await settle(pilot)
        good = next(d.hostname for d in fleet.devices if d.fault is None)
        table.move_to(next(k for k in table.visible_keys if table.get_row(k).cells[0] == good))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfigDiffScreen) and app.screen.hostname == good
        assert f"hostname {good}" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is view
        await pilot.press("q")
        await settle(pilot)
        assert "partial now" in screen_text(app)  # the job's last run
        await pilot.press("enter")
        await settle(pilot)
        runs_text = screen_text(app)
        assert (
            "Runs of backup-lab" in runs_text and "partial" in runs_text and "6/4/2/" in runs_text
        )
    assert not app.unexpected_errors


async def test_cancel_a_running_run(settings, env, fleet, tmp_path) -> None:
    # One device at a time, and each hang lasting 10 s: the run cannot end on its own before
    # the test has seen it running and answered the question, even on a loaded CI machine.
    lab = lab_services(settings, env, fleet, tmp_path, workers=1, connect_timeout=10.0)
    runtime = start_console_runtime(lab, scheduler=False)
    try:
        await cancel_story(lab, runtime)
    finally:
        runtime.stop(grace_seconds=5)
        lab.close()


async def cancel_story(lab: Services, runtime: ConsoleRuntime) -> None:
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        lab_runs = lab.runs
        await open_job(pilot, "backup-hang")
        assert "cancel_run" not in shown_actions(app)
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, RunViewScreen)
                and app.screen.run is not None
                and app.screen.run.status is RunStatus.RUNNING
            ),
        )
        view = app.screen
        assert "cancel_run" in shown_actions(app)
        await pilot.press("c")
        await settle(pilot)
        assert "Cancel run" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: view.run.status.finished, seconds=30)
        await settle(pilot)
        assert view.run.status is RunStatus.CANCELLED
        results = lab_runs.results(view.run_id)
        assert any(r.status is ResultStatus.SKIPPED for r in results)
        assert "cancelled" in screen_text(app)
        assert "cancel_run" not in shown_actions(app)
    assert not app.unexpected_errors


async def test_add_job_with_bad_cron_shows_the_message_inline(lab, runtime) -> None:
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press(
            "a", *"core-nightly", "tab", "tab", "enter", "down", "down", "enter", "tab"
        )
        await pilot.press("ctrl+a", "ctrl+k", *"61 2 * * *")
        await settle(pilot)
        assert "minute field 61 is out of range 0-59" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "Add job" in text and "core-nightly" in text and "61 2 * * *" in text
        await pilot.press("ctrl+a", "ctrl+k", *"30 2 * * *", "enter", *"lab", "ctrl+s")
        await settle(pilot)
        job = lab.jobs.get("core-nightly")
        assert (job.cron, job.tags) == ("30 2 * * *", ("lab",))
        text = screen_text(app)
        assert "core-nightly" in text and "cron 30 2 * * *" in text and "Add job" not in text
    assert not app.unexpected_errors


async def test_toggle_and_delete_but_never_the_system_job(lab, runtime) -> None:
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        await open_job(pilot, "backup-hang")
        await pilot.press("space")
        await settle(pilot)
        assert lab.jobs.get("backup-hang").enabled is False
        await pilot.press("d")
        await settle(pilot)
        assert "Delete job backup-hang?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert all(job.name != "backup-hang" for job in lab.jobs.list())
        assert "backup-hang" not in screen_text(app)

        await open_job(pilot, "reachability")
        assert "delete" not in shown_actions(app) and "toggle" in shown_actions(app)
        await pilot.press("d")
        await settle(pilot)
        assert "Delete job" not in screen_text(app)
        assert any(job.is_system for job in lab.jobs.list())
    assert not app.unexpected_errors


async def test_viewer_sees_none_of_the_job_actions(lab, runtime) -> None:
    app = console(lab, runtime, VIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await open_job(pilot, "backup-lab")
        assert shown_actions(app).isdisjoint({"add", "edit", "toggle", "run", "delete"})
        assert "open" in shown_actions(app)
        await pilot.press("r", "space", "d", "a")
        await settle(pilot)
        assert lab.runs.list() == [] and lab.jobs.get("backup-lab").enabled
        await pilot.press("enter")
        await settle(pilot)
        assert "Runs of backup-lab" in screen_text(app) and "run" not in shown_actions(app)
    assert not app.unexpected_errors


async def test_dashboard_shows_the_run_in_progress_and_the_leader(
    settings, env, fleet, tmp_path
) -> None:
    # one device at a time, each hanging for 8 s: the run stays in progress until cancelled
    lab = lab_services(settings, env, fleet, tmp_path, workers=1, connect_timeout=8.0)
    runtime = start_console_runtime(lab, scheduler=True)
    try:
        app = console(lab, runtime)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "this console is the leader" in screen_text(app)
            assert "No runs in progress." in screen_text(app)
            run_id = runtime.runner.start("backup-hang", "manual", "tester")
            await wait_until(pilot, lambda: "backup-hang" in run_line(app, run_id), seconds=10)
            assert re.search(r"█*░+ [01]/2 ", run_line(app, run_id)), run_line(app, run_id)
            runtime.runner.cancel(run_id)
            await wait_until(pilot, lambda: "No runs in progress." in screen_text(app), seconds=20)
        assert not app.unexpected_errors
    finally:
        runtime.stop(grace_seconds=10)
        lab.close()


async def test_quit_with_a_run_in_progress_asks_and_says_what_happens(
    settings, env, fleet, tmp_path
) -> None:
    # Devices that never answer, one at a time, with a long connect timeout: the run stays open.
    lab = lab_services(settings, env, fleet, tmp_path, workers=1, connect_timeout=10.0)
    runtime = start_console_runtime(lab, scheduler=False)
    try:
        app = console(lab, runtime)
        async with app.run_test(size=SIZE) as pilot:
            await open_job(pilot, "backup-hang")
            await pilot.press("r")
            await wait_until(pilot, lambda: isinstance(app.screen, RunViewScreen))
            run_id = app.screen.run_id
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal)
            text = screen_text(app)
            assert f"Quit with 1 run in progress (#{run_id})?" in text
            assert "Quitting cancels it" in text and "skipped" in text
            await pilot.press("n")
            await settle(pilot)
            assert app.is_running and app.return_code is None
            assert run_id in runtime.runner.active_runs()  # never cancelled without a yes
            assert lab.runs.get(run_id).status is RunStatus.RUNNING
            await pilot.press("q", "y")
            await settle(pilot)
            assert app.return_code == 0
    finally:
        runtime.stop(grace_seconds=5)
        lab.close()


async def test_quit_without_runs_quits_at_once(lab, runtime) -> None:
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert app.return_code == 0
