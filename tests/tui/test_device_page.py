"""The device page against the lab: Enter on a device opens it, `b` backs up just that device
(shown live in the run view), and the page then tells why it failed or what changed."""

from __future__ import annotations

import pytest

from netraven_tui.services import Services
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.screens.config_versions import ConfigVersionsScreen
from netraven_tui.tui.screens.device_page import DevicePageScreen
from netraven_tui.tui.screens.run_view import RunViewScreen
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.tui import test_jobs_runs as jobs_runs
from tests.tui.conftest import VIEWER, screen_text, settle, shown_actions
from tests.tui.test_jobs_runs import SIZE, console, wait_until

pytestmark = pytest.mark.lab

# The lab fleet, its imported services and a console runtime, as the jobs-and-runs tests have them.
fleet, lab, runtime = jobs_runs.fleet, jobs_runs.lab, jobs_runs.runtime


async def open_page(pilot, hostname: str) -> DevicePageScreen:
    await pilot.press("2")
    await settle(pilot)
    screen = pilot.app.screen
    table = screen.query_one(RecordTable)
    table.move_to(
        next(key for key in table.visible_keys if screen.devices[key].hostname == hostname)
    )
    await pilot.press("enter")
    await settle(pilot)
    page = pilot.app.screen
    assert isinstance(page, DevicePageScreen)
    return page


async def back_up_from_the_page(pilot) -> RunViewScreen:
    await pilot.press("b")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, RunViewScreen))
    view = pilot.app.screen
    await wait_until(pilot, lambda: view.run is not None and view.run.status.finished)
    return view


async def test_b_backs_up_only_this_device_and_the_page_shows_its_versions(
    lab: Services, runtime, fleet
) -> None:
    good = next(d.hostname for d in fleet.devices if d.fault is None)
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        page = await open_page(pilot, good)
        assert "never backed up" in screen_text(app)
        assert "not pinned yet" in screen_text(app)
        view = await back_up_from_the_page(pilot)
        assert view.run.total == 1 and view.run.job_id is None
        assert [r.hostname for r in lab.runs.results(view.run_id)] == [good]
        await pilot.press("escape")
        await wait_until(pilot, lambda: page.page is not None and page.page.versions != [])
        await settle(pilot)
        text = screen_text(app)
        assert f"Devices › {good}" in text and "success" in text
        assert "v1" in text and "first" in text and "credential: lab" in text
        assert "No change recorded yet." not in text  # v1's diff against nothing
        assert fleet.password not in text
        pinned = lab.hostkeys.get(good)
        assert pinned is not None and pinned.fingerprint in text  # pinned on first use
        assert "not pinned yet" not in text
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ConfigVersionsScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)


async def test_a_failed_backup_shows_its_error_kind_and_failing_since(
    lab: Services, runtime, fleet
) -> None:
    bad = next(d.hostname for d in fleet.devices if d.fault == "auth")
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        page = await open_page(pilot, bad)
        await back_up_from_the_page(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: page.page is not None and page.page.last is not None)
        await settle(pilot)
        text = screen_text(app)
        assert "auth" in text and "Failing since" in text and "Attempts" in text
        assert fleet.password not in text


async def test_a_viewer_sees_the_page_without_the_backup_key(lab: Services, runtime, fleet) -> None:
    lab.users.create(VIEWER.name, "correct-horse-battery", "viewer")
    app = console(lab, runtime, actor=VIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await open_page(pilot, fleet.devices[0].hostname)
        actions = shown_actions(app)
        assert "backup" not in actions and "edit" not in actions and "history" in actions
