"""The Compliance area: an admin imports a policy file, reads the counts, opens a policy's
results and a failing result with its offending lines marked; a viewer only reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.backup.gitstore import GitStore
from netraven_tui.runtime.console import ConsoleRuntime, start_console_runtime
from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.help import HelpModal
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.screens.compliance import ComplianceScreen
from netraven_tui.tui.screens.compliance_results import (
    ComplianceResultScreen,
    PolicyResultsScreen,
    PolicyTextScreen,
)
from netraven_tui.tui.widgets.compliance_view import MarkedConfigView
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.compliance.helpers import BAD_IOS, BASELINE, GOOD_IOS, store_config, write
from tests.tui.conftest import ADMIN, VIEWER, screen_text, settle


@pytest.fixture
def runtime(seeded: Services) -> Iterator[ConsoleRuntime]:
    """The seeded inventory, core-sw1 with a good and core-sw2 with a bad configuration."""
    store = GitStore(seeded.ctx.settings.locations.repo)
    store_config(seeded, store, "core-sw1", GOOD_IOS.format(hostname="core-sw1"))
    store_config(seeded, store, "core-sw2", BAD_IOS.format(hostname="core-sw2"))
    store.close()
    runtime = start_console_runtime(seeded, scheduler=False)
    yield runtime
    runtime.stop(0)


async def test_import_counts_results_and_the_marked_lines(
    seeded: Services, runtime: ConsoleRuntime, tmp_path: Path
) -> None:
    policy = write(tmp_path, "baseline.toml", BASELINE)
    app = build_app(seeded, auto_login=ADMIN, runtime=runtime, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        assert isinstance(app.screen, ComplianceScreen)
        assert "No compliance policies yet" in screen_text(app)

        await pilot.press("i")
        assert isinstance(app.screen, PromptModal)
        await pilot.press(*str(policy), "enter")
        await settle(pilot)
        assert any("imported baseline" in n.message for n in app._notifications)
        text = screen_text(app)
        # the core tag: core-sw1 passes all four rules, core-sw2 fails all four
        assert "baseline" in text and "4 failing device x rule" in text
        row = app.screen.query_one(RecordTable).get_row("baseline")
        assert [str(c) for c in row.cells[:7]] == ["baseline", "4", "2", "4", "4", "0", "0"]

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PolicyResultsScreen)
        table = app.screen.query_one(RecordTable)
        assert table.cursor_key[0] == "core-sw2"  # failing results first
        assert "non-compliant" in screen_text(app)
        await pilot.press("slash", *"no-http", "enter")
        await settle(pilot)
        assert table.cursor_key == ("core-sw2", "no-http")

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplianceResultScreen)
        view = app.screen.query_one(MarkedConfigView)
        assert view.marked == {4} and view.cursor == 3  # line 4: ip http server
        shown = screen_text(app)
        assert "baseline/no-http  line 4: ip http server" in shown and "1 marked (n/N)" in shown
        await pilot.press("n")
        assert view.cursor == 3  # the only marked line: n wraps onto it

        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ComplianceScreen)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, PolicyTextScreen)
        assert "must_not = '^ip http server$'" in screen_text(app)


async def test_a_viewer_reads_but_cannot_import_check_or_delete(
    seeded: Services, runtime: ConsoleRuntime
) -> None:
    runtime.compliance.import_text(BASELINE, "baseline.toml")
    app = build_app(seeded, auto_login=VIEWER, runtime=runtime, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"compliance", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComplianceScreen)
        for action in ("import_policies", "delete", "check"):
            assert screen.check_action(action, ()) is False
        await pilot.press("i", "d", "c")
        await settle(pilot)
        assert isinstance(app.screen, ComplianceScreen) and len(seeded.compliance.list()) == 1
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        help_text = screen_text(app)
        assert "Results" in help_text and "View" in help_text and "Import" not in help_text
