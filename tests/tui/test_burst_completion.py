"""Completions and prefilled text in a burst: every key lands as if typed slowly.

Textual computes an Input's suggestion in a worker and selects a field's text on focus in the
Focus event: both happen after the keys already queued behind the one that changed the field.
These tests post a whole write at once, as the terminal driver does (see ``burst``).
"""

from __future__ import annotations

from textual.widgets import Input

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.screens.dashboard import DashboardScreen
from netraven_tui.tui.screens.devices import DevicesScreen
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.tui.conftest import OPERATOR, settle
from tests.tui.test_burst_typing import ENTER, burst

RIGHT, TAB = "\x1b[C", "\t"


async def open_devices(pilot) -> DevicesScreen:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DevicesScreen)
    return pilot.app.screen


async def test_a_completion_accepted_in_the_same_burst_is_kept(seeded: Services) -> None:
    """`cisco_i` + Right in one write completes to `cisco_ios`, as it does typed slowly."""
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        burst(app, "a" + "h1" + ENTER + "10.1.1.1" + ENTER + "cisco_i" + RIGHT)
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-platform", Input).value == "cisco_ios"


async def test_typing_into_a_prefilled_field_after_enter_replaces_its_text(
    seeded: Services,
) -> None:
    """The SSH port holds `22`: `2222` typed behind the Enter that reaches it gives 2222 (not
    222222); Right keeps the text and edits on; Tab selects as Enter does."""
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        burst(app, "a" + "h1" + ENTER + "10.1.1.1" + ENTER + "cisco_ios" + ENTER + "2222")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        port = form.query_one("#field-port", Input)
        assert port.value == "2222"
        burst(app, "\x1b[Z" + TAB + "3")  # shift+tab back, tab forward: replaced again
        await settle(pilot)
        assert port.value == "3"
        burst(app, "\x1b[Z" + ENTER + RIGHT + "0")  # Right after Enter keeps the text: edit on
        await settle(pilot)
        assert port.value == "30"
        assert app.unexpected_errors == []


async def test_a_filter_reopened_starts_with_the_old_one_selected(seeded: Services) -> None:
    """`/auth⏎` then `/failed⏎` filters on `failed` (was `authfailed`); `/` + Right edits on."""
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_devices(pilot)
        table = screen.query_one(RecordTable)
        burst(app, "/auth" + ENTER)
        await settle(pilot)
        assert table.filter_text == "auth"
        burst(app, "/failed" + ENTER)
        await settle(pilot)
        assert table.filter_text == "failed"
        burst(app, "/" + RIGHT + "-x" + ENTER)
        await settle(pilot)
        assert table.filter_text == "failed-x"
        assert app.screen is screen


async def test_tab_in_the_command_bar_completes_and_keeps_the_focus(seeded: Services) -> None:
    """`:de` + Tab shows `devices` in the bar (the focus stays, the letters behind land there)."""
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        bar = app.screen.query_one("#command-input", Input)
        burst(app, ":de" + TAB)
        await settle(pilot)
        assert (bar.value, app.focused) == ("devices", bar)
        burst(app, "\x15" + "ta" + TAB + "x")  # ctrl+u, then `ta` + Tab completes to `tags`
        await settle(pilot)
        assert (bar.value, app.focused) == ("tagsx", bar)
        burst(app, "\x7f" + ENTER)
        await settle(pilot)
        assert type(app.screen).__name__ == "TagsScreen"
