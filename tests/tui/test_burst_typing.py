"""Keys typed in a burst land in order, in the field that had the focus when each was typed.

A whole write from the terminal (a paste-speed burst over SSH) reaches the app as one read: the
driver turns it into key events all queued at once. `pilot.press` waits for each key to be
handled, so these tests post the events the way the driver does, through Textual's own
terminal-input parser, with no pause between them.
"""

from __future__ import annotations

import pytest
from textual._xterm_parser import XTermParser
from textual.widgets import Input

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.screens.dashboard import DashboardScreen
from netraven_tui.tui.screens.devices import DevicesScreen
from netraven_tui.tui.screens.login import LoginScreen
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.tui.conftest import ADMIN, OPERATOR, PASSWORD, screen_text, settle

BACKSPACE, ENTER, CTRL_S, CTRL_U = "\x7f", "\r", "\x13", "\x15"


def burst(app, typed: str) -> None:
    """Queue ``typed`` as the driver would after one read of these bytes from the terminal."""
    parser = XTermParser()
    for event in parser.feed(typed):
        event.set_sender(app)
        app.post_message(event)


async def open_add_device(pilot) -> FormModal:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DevicesScreen)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormModal)
    return pilot.app.screen


async def test_backspaces_then_a_word_in_one_burst_leave_the_word(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_add_device(pilot)
        tags = form.query_one("#field-tags", Input)
        tags.focus()
        await pilot.pause()
        burst(app, "edgexxxx")
        await settle(pilot)
        assert tags.value == "edgexxxx"
        burst(app, BACKSPACE * 8 + "core")  # the burst of the report, in one write
        await settle(pilot)
        assert tags.value == "core"


async def test_a_whole_form_typed_in_one_burst_saves_what_was_typed(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        typed = (
            "a"  # opens the form: what follows goes into its fields, none is lost
            + "burst-sw1" + ENTER
            + "10.9.9.9" + ENTER
            + "cisco_iox" + BACKSPACE + "s" + ENTER
            + CTRL_U + "2222" + ENTER
            + "edgexxxx" + BACKSPACE * 8 + "core" + ENTER
            + "" + ENTER
            + "typed fast" + CTRL_S
        )  # fmt: skip
        burst(app, typed)
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen), "the form should have saved and closed"
        device = seeded.devices.get("burst-sw1")
        assert (device.address, device.platform, device.port) == ("10.9.9.9", "cisco_ios", 2222)
        assert "core" in device.tags and "edge" not in device.tags
        assert device.description == "typed fast"
        assert app.unexpected_errors == []


async def test_user_name_and_password_typed_in_one_burst_log_in(seeded: Services) -> None:
    app = build_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        burst(app, OPERATOR.name + ENTER + PASSWORD + ENTER)
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.session_services.actor.name == OPERATOR.name


@pytest.mark.parametrize("area", ["2", "3", "4", "5", "8"])
async def test_keys_typed_with_the_one_that_opens_a_form_land_in_it(
    seeded: Services, area: str
) -> None:
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(area)
        await settle(pilot)
        burst(app, "a" + "burst-name1" + ENTER)
        await settle(pilot)
        fields = list(app.screen.query(Input))
        assert fields, f"no form opened on area {area}"
        assert fields[0].value == "burst-name1"
        assert app.focused is not fields[0]  # the Enter moved on


async def test_a_filter_typed_in_one_burst_goes_into_the_filter(seeded: Services) -> None:
    """`/auth` typed in one write: every letter lands in the filter, none runs as a key binding
    of the table (`a` is Add), and the Enters behind it keep the filter, then open the device."""
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DevicesScreen)
        device = max(screen.devices.values(), key=lambda d: d.hostname)
        hostname = device.hostname
        burst(app, "/" + hostname + ENTER)
        await settle(pilot)
        assert app.screen is screen, "a letter of the filter ran as a binding"
        table = screen.query_one(RecordTable)
        assert table.filter_text == hostname
        assert table.visible_keys == [device.id]
        burst(app, "/" + BACKSPACE * len(hostname) + "zz-none")
        burst(app, "\x1b")  # escape clears the filter (its own write: ESC + "/" reads as alt+/)
        burst(app, "/" + hostname + ENTER + ENTER)  # keep the filter, open the one device left
        await settle(pilot)
        assert app.screen is not screen, "the second Enter should have opened the device"
        assert hostname in screen_text(app)
        assert app.unexpected_errors == []
