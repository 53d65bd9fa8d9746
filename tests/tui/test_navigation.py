"""Moving around: command bar, number keys, palette, help, `q`; and errors never crash the app."""

from __future__ import annotations

import logging

import pytest
from textual.command import CommandPalette

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.help import HelpModal
from netraven_tui.tui.screens.configs import ConfigsScreen
from netraven_tui.tui.screens.dashboard import DashboardScreen
from netraven_tui.tui.screens.devices import DevicesScreen
from netraven_tui.tui.screens.jobs import JobsScreen
from netraven_tui.tui.screens.logs import LogsScreen
from netraven_tui.tui.screens.tags import TagsScreen
from netraven_tui.tui.screens.users import UsersScreen
from tests.tui.conftest import ADMIN, OPERATOR, screen_text, settle


async def test_command_bar_and_number_keys_switch_areas(seeded: Services) -> None:
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("colon", *"tags", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TagsScreen)
        await pilot.press("colon", *"jo", "enter")  # unique prefix
        assert isinstance(app.screen, JobsScreen)
        assert "every 15 min" in screen_text(app)
        await pilot.press("6")
        await settle(pilot)
        assert isinstance(app.screen, LogsScreen)
        assert "device core-sw1 created" in screen_text(app)
        await pilot.press("7")
        assert isinstance(app.screen, ConfigsScreen)
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        await pilot.press("colon", *"nonsense", "enter")
        assert isinstance(app.screen, UsersScreen)
        assert any("no screen called" in n.message for n in app._notifications)
        await pilot.press("q")  # back to the dashboard …
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("q")  # … and out
        await pilot.pause()
    assert app.return_code == 0


async def test_areas_keep_their_filter(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash", *"edge", "enter", "3", "2")
        assert isinstance(app.screen, DevicesScreen)
        assert app.screen.query_one("#devices-table").row_count == 1


async def test_help_lists_the_screen_keys(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        text = screen_text(app)
        for words in ("Add", "Delete", "Import", "Filter", "First row", "home g"):
            assert words in text
        await pilot.press("question_mark")
        assert isinstance(app.screen, DevicesScreen)


async def test_palette_lists_areas_and_screen_actions(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"devices: add")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Devices: Add" in text
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "FormModal"


async def test_users_are_not_in_the_palette_for_operators(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"go to")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Go to Devices" in text and "Go to Users" not in text


async def test_an_unexpected_error_is_a_notification_and_a_log_entry(
    seeded: Services, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self) -> None:
        raise RuntimeError("boom in a handler")

    monkeypatch.setattr(DevicesScreen, "action_add", broken)
    app = build_app(seeded, auto_login=OPERATOR)
    with caplog.at_level(logging.ERROR, logger="netraven_tui"):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, DevicesScreen)  # still running
            assert any("boom in a handler" in n.message for n in app._notifications)
            await pilot.press("j")  # and still answering keys
            assert app.screen.query_one("#devices-table").cursor == 1
    assert "boom in a handler" in caplog.text
    assert any(record.exc_info for record in caplog.records)


async def test_an_error_in_a_message_handler_keeps_the_screen_alive(
    seeded: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self, message) -> None:
        raise ValueError("bad rows")

    monkeypatch.setattr(DevicesScreen, "on_devices_screen_loaded", broken)
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert any("bad rows" in n.message for n in app._notifications)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, TagsScreen)
