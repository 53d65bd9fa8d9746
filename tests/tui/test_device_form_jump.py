"""The device form's jump host fields: set, checked next to the field, kept, cleared."""

from __future__ import annotations

from textual.widgets import Input, Static

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.screens.devices import DevicesScreen
from tests.tui.conftest import OPERATOR, settle

BASTION = "jump@10.9.0.1:2222"


async def _edit_form(pilot, rows_down: int) -> FormModal:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    for _ in range(rows_down):
        await pilot.press("j")
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormModal)
    return pilot.app.screen


def _field(form: FormModal, name: str) -> Input:
    return form.query_one(f"#field-{name}", Input)


def _error(form: FormModal, name: str) -> str:
    return str(form.query_one(f"#error-{name}", Static).render())


async def test_the_device_form_sets_checks_and_clears_the_jump_host(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _edit_form(pilot, 1)  # core-sw2
        assert _field(form, "jump_host").value == "" and _field(form, "jump_credential").value == ""
        _field(form, "jump_host").focus()
        await pilot.press(*BASTION, "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # no credential: refused, by its field
        assert "required with a jump host" in _error(form, "jump_credential")
        _field(form, "jump_credential").focus()
        await pilot.press(*"nope", "ctrl+s")
        await settle(pilot)
        assert "'nope' does not exist" in _error(form, "jump_credential")
        assert seeded.devices.get("core-sw2").jump_host == ""
        _field(form, "jump_credential").value = ""
        await pilot.press(*"netops", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        device = seeded.devices.get("core-sw2")
        assert (device.jump_host, device.jump_credential) == (BASTION, "netops")

        form = await _edit_form(pilot, 0)  # the cursor stays on core-sw2
        assert _field(form, "jump_host").value == BASTION  # shown, and kept by a save
        assert _field(form, "jump_credential").value == "netops"
        _field(form, "description").focus()
        await pilot.press(*"via the bastion", "ctrl+s")
        await settle(pilot)
        device = seeded.devices.get("core-sw2")
        assert (device.jump_host, device.description) == (BASTION, "via the bastion")

        form = await _edit_form(pilot, 0)
        _field(form, "jump_host").value = ""
        _field(form, "jump_credential").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        device = seeded.devices.get("core-sw2")
        assert (device.jump_host, device.jump_credential) == ("", "")
        assert app.unexpected_errors == []


async def test_a_bad_jump_host_is_shown_by_its_field(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _edit_form(pilot, 0)  # core-sw1
        _field(form, "jump_host").value = "no spaces@here"
        _field(form, "jump_credential").value = "netops"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "[user@]host[:port]" in _error(form, "jump_host")
        assert seeded.devices.get("core-sw1").jump_host == ""
