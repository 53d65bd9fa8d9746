"""Users (admins only) and tags, by keys."""

from __future__ import annotations

import contextlib

from netraven_tui.domain import AuthenticationFailed, Role
from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.screens.tags import TagsScreen
from netraven_tui.tui.screens.users import UsersScreen
from tests.tui.conftest import ADMIN, OPERATOR, screen_text, settle


async def open_users(pilot) -> None:
    await settle(pilot)
    await pilot.press("8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, UsersScreen)


async def test_admin_adds_a_user_and_changes_the_role(seeded: Services) -> None:
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_users(pilot)
        await pilot.press(
            "a", *"nina", "enter", *"long-enough-pw", "enter", "ctrl+u", *"operator", "ctrl+s"
        )
        await settle(pilot)
        assert seeded.users.get("nina").role is Role.OPERATOR
        assert app.screen.query_one("#users-table").cursor_key == "nina"
        await pilot.press("e", "ctrl+u", *"viewer", "enter")
        await settle(pilot)
        assert seeded.users.get("nina").role is Role.VIEWER
        await pilot.press("e", "ctrl+u", *"wizard", "enter")
        await settle(pilot)
        assert "role" in screen_text(app).lower() and type(app.screen).__name__ == "FormModal"


async def test_admin_unlocks_and_deactivates(seeded: Services) -> None:
    for _ in range(5):
        with contextlib.suppress(AuthenticationFailed):  # the lockout is what we want
            seeded.users.authenticate("otto", "wrong")
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_users(pilot)
        assert "locked until" in screen_text(app)
        app.screen.query_one("#users-table").move_to("otto")
        await pilot.press("u")
        await settle(pilot)
        assert seeded.users.get("otto").locked_until is None
        await pilot.press("space")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert not seeded.users.get("otto").active
        assert "deactivated" in screen_text(app)


async def test_tags_show_counts_and_system_tag_cannot_go(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, TagsScreen)
        table = app.screen.query_one("#tags-table")
        assert table.get_row("core").cells[2:] == ("2", "1", "0")
        await pilot.press("d", "y")  # 'all' is first: refused
        await settle(pilot)
        assert any("system tag" in n.message for n in app._notifications)
        await pilot.press("a", *"dc2", "enter", *"second site", "enter")
        await settle(pilot)
        assert seeded.tags.get("dc2").description == "second site"
        assert table.cursor_key == "dc2"


async def test_admin_adds_and_removes_a_users_ssh_key(seeded: Services) -> None:
    from netraven_tui.tui.modals.user_keys import UserKeysModal

    line = (
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEs9pDBb9ufp7ZYTZMTMcSAf3Om2uGZ8JUSwypdQLu5a me@host"
    )
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_users(pilot)
        await pilot.press("K")  # on the first user (ada)
        await settle(pilot)
        assert isinstance(app.screen, UserKeysModal)
        assert "No keys" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = "not a key"
        await pilot.press("enter")
        await settle(pilot)
        assert seeded.user_keys.list("ada") == []  # refused with a notification, nothing saved
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = line
        await pilot.press("enter")
        await settle(pilot)
        [key] = seeded.user_keys.list("ada")
        assert key.fingerprint in screen_text(app) and "me@host" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert seeded.user_keys.list("ada") == []


async def test_a_user_added_by_the_cli_appears_without_a_key(seeded: Services, monkeypatch) -> None:
    monkeypatch.setattr(UsersScreen, "POLL_SECONDS", 0.2)
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_users(pilot)
        assert "carl" not in screen_text(app)
        seeded.users.create("carl", "long-enough-pw", "viewer")  # as `user add` would, elsewhere
        for _ in range(50):  # bounded: the poll reloads within a few tenths of a second
            await pilot.pause(0.1)
            await settle(pilot)
            if "carl" in screen_text(app):
                break
        assert "carl" in screen_text(app)
