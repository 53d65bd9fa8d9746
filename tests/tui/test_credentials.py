"""Credentials: secrets are typed once and never shown again, nor stored in clear."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.screens.credentials import CredentialsScreen
from tests.tui.conftest import OPERATOR, screen_text, settle

SECRET = "Zebra-Quartz-91!"
ENABLE = "Enable-Walnut-42"


def database_bytes(home: Path) -> bytes:
    return b"".join(path.read_bytes() for path in home.rglob("netraven.db*"))


async def test_added_secret_is_not_on_screen_or_in_the_database(
    seeded: Services, home: Path
) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"lab-admin", "enter", *"netbackup", "enter", *SECRET, "enter")
        assert SECRET not in screen_text(app)  # masked while typing
        await pilot.press(*ENABLE, "enter", "ctrl+u", *"20", "enter", *"core", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        text = screen_text(app)
        assert "lab-admin" in text and "netbackup" in text
        assert SECRET not in text and ENABLE not in text
        # Edit: the secret fields start empty and stay empty on screen.
        app.screen.query_one("#credentials-table").move_to(seeded.credentials.get("lab-admin").id)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-password", Input).value == ""
        assert SECRET not in screen_text(app)
        await pilot.press("escape")
    stored = database_bytes(home)
    assert stored, "the database file should exist"
    assert SECRET.encode() not in stored and ENABLE.encode() not in stored
    log = b"".join(p.read_bytes() for p in home.rglob("*.log"))
    assert SECRET.encode() not in log


async def test_edit_with_an_empty_password_keeps_the_stored_one(seeded: Services) -> None:
    credential = seeded.credentials.get("netops")
    device = seeded.devices.get("core-sw1")
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-priority", Input).value = "5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
    assert seeded.credentials.get(credential.id).priority == 5
    [secret] = seeded.credentials.login_order(device.id)
    assert secret.password == "s3cret-Passw0rd"
