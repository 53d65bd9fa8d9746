"""Every run in one list: `R` in the jobs area, ad-hoc backups of single devices included."""

from __future__ import annotations

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.screens.jobs import JobsScreen
from netraven_tui.tui.screens.run_view import RunViewScreen
from netraven_tui.tui.screens.runs import RunsScreen
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.tui.conftest import OPERATOR, screen_text, settle


async def test_all_runs_lists_an_ad_hoc_backup_and_opens_it(seeded: Services) -> None:
    device = seeded.devices.get("core-sw1")
    run, _ = seeded.runs.create_for_devices([device.id], "manual", "ada")
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen) and app.screen.job is None
        text = screen_text(app)
        assert "All runs" in text and f"#{run.id}" in text
        assert f"{run.job_name} · manual by ada" in text  # which run it is, with no job
        assert not app.screen.check_action("run", ())  # no job to run again
        app.screen.query_one(RecordTable).move_to(run.id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunViewScreen) and app.screen.run_id == run.id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen)
    assert app.unexpected_errors == []
