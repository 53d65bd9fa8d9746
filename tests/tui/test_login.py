"""Login screen, driven by keys through Textual's Pilot."""

from __future__ import annotations

from textual.widgets import Input, Static

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.screens.dashboard import DashboardScreen
from netraven_tui.tui.screens.login import LoginScreen
from tests.tui.conftest import PASSWORD, screen_text, settle, shown_actions


async def type_login(pilot, username: str, password: str) -> None:
    app = pilot.app
    app.screen.query_one("#username", Input).value = ""
    app.screen.query_one("#username", Input).focus()
    await pilot.press(*username, "enter", *password, "enter")
    await settle(pilot)


async def test_right_password_opens_the_console(seeded: Services) -> None:
    app = build_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await type_login(pilot, "otto", PASSWORD)
        assert isinstance(app.screen, DashboardScreen)
        assert app.session_services.actor.name == "otto"
        text = screen_text(app)
        assert "Never backed up" in text and "Backup failed" in text
        assert app.unexpected_errors == []
    [login] = [e for e in seeded.logs.recent() if e.message == "user otto logged in"]
    assert login.actor == "otto"  # the user who logged in, not the program


async def test_wrong_password_says_so_and_clears_the_field(services: Services) -> None:
    services.users.create("alice", PASSWORD, "operator")
    app = build_app(services, username="alice")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one("#username", Input).value == "alice"
        await pilot.press(*"nope", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message", Static).render())
        assert "wrong user name or password" in message
        assert app.screen.query_one("#password", Input).value == ""
        assert services.users.get("alice").failed_logins == 1  # counted toward the lockout


async def test_locked_account_says_until_when(services: Services) -> None:
    services.users.create("alice", PASSWORD, "operator")
    app = build_app(services, username="alice")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.press(*"bad-guess", "enter")
            await settle(pilot)
        message = str(app.screen.query_one("#login-message", Static).render())
        assert "locked until" in message
        # Even the right password is refused while locked, and says so.
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "locked until" in str(app.screen.query_one("#login-message", Static).render())


async def test_without_users_the_screen_explains_user_add(services: Services) -> None:
    app = build_app(services)
    async with app.run_test(size=(80, 24)):
        message = str(app.screen.query_one("#login-message", Static).render())
        assert "netraven-tui user add NAME --role admin" in message
        assert app.screen.query_one("#username", Input).disabled


async def test_viewer_sees_no_edit_actions(seeded: Services) -> None:
    app = build_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_login(pilot, "vera", PASSWORD)
        for key, forbidden in (
            ("2", {"add", "edit", "delete", "import_csv", "test"}),
            ("3", {"add", "edit", "delete"}),
            ("4", {"add", "edit", "delete"}),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert not (shown_actions(app) & forbidden), type(app.screen).__name__
            assert {"filter", "command"} <= shown_actions(app)
        await pilot.press("a")  # the key does nothing for a viewer
        await settle(pilot)
        assert type(app.screen).__name__ == "CredentialsScreen"
        await pilot.press("8")  # users: admins only
        await settle(pilot)
        assert type(app.screen).__name__ == "CredentialsScreen"
        assert app.unexpected_errors == []
