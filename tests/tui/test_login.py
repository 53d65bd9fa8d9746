"""Login screen, driven by keys through Textual's Pilot."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from netraven_tui.domain import DeviceInput
from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.screens.home import HomeScreen
from netraven_tui.tui.screens.login import LoginScreen

PASSWORD = "correct-horse-battery"


async def type_login(pilot, username: str, password: str) -> None:
    app = pilot.app
    app.screen.query_one("#username", Input).value = ""
    app.screen.query_one("#username", Input).focus()
    await pilot.press(*username, "enter", *password, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_right_password_opens_the_console(services: Services) -> None:
    services.users.create("alice", PASSWORD, "operator")
    services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    app = build_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await type_login(pilot, "alice", PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        assert app.session_services.actor.name == "alice"


async def test_wrong_password_says_so_and_clears_the_field(services: Services) -> None:
    services.users.create("alice", PASSWORD, "operator")
    app = build_app(services, username="alice")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one("#username", Input).value == "alice"
        await pilot.press(*"nope", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message", Static).render())
        assert "wrong user name or password" in message
        assert app.screen.query_one("#password", Input).value == ""


async def test_locked_account_says_until_when(services: Services) -> None:
    services.users.create("alice", PASSWORD, "operator")
    app = build_app(services, username="alice")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.press(*"bad-guess", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        message = str(app.screen.query_one("#login-message", Static).render())
        assert "locked until" in message


async def test_without_users_the_screen_explains_user_add(services: Services) -> None:
    app = build_app(services)
    async with app.run_test(size=(80, 24)):
        message = str(app.screen.query_one("#login-message", Static).render())
        assert "netraven-tui user add NAME --role admin" in message
        assert app.screen.query_one("#username", Input).disabled
