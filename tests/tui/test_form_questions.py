"""Forms that ask before a surprising save, placeholders that never read as values, and a job's
cron field that starts empty."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from netraven_tui.domain import NotFound
from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.modals.job_form import JobFormModal
from netraven_tui.tui.screens.credentials import CredentialsScreen
from netraven_tui.tui.screens.devices import DevicesScreen
from tests.tui.conftest import OPERATOR, screen_text, settle


async def open_form(pilot, area: str) -> FormModal:
    await settle(pilot)
    await pilot.press(area)
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormModal)
    return pilot.app.screen


def field(form: FormModal, name: str) -> Input:
    return form.query_one(f"#field-{name}", Input)


async def test_a_credential_without_tags_asks_and_no_keeps_the_form(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot, "4")
        await pilot.press(*"spare", "enter", *"backup", "enter", *"Spare-Passw0rd-1", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "No device will use it — save anyway?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form  # back in the form, nothing saved, everything kept
        assert field(form, "name").value == "spare"
        assert field(form, "password").value == "Spare-Passw0rd-1"
        assert "spare" not in {c.name for c in seeded.credentials.list()}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        assert seeded.credentials.get("spare").tags == ()
        assert app.unexpected_errors == []


async def test_a_credential_with_tags_saves_without_asking(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot, "4")
        await pilot.press(*"edge-login", "enter", *"backup", "enter", *"Edge-Passw0rd-1")
        field(form, "tags").value = "edge"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        assert seeded.credentials.get("edge-login").tags == ("edge",)


async def test_an_unknown_tag_in_the_device_form_offers_to_create_it(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot, "2")
        await pilot.press(*"dist-sw4", "enter", *"10.0.4.4", "enter", *"cisco_ios", "enter")
        await pilot.press("enter", *"core, Branch-7", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "Tag branch-7 does not exist — create it?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert field(form, "tags").value == "core, Branch-7"
        assert "branch-7" not in {t.name for t in seeded.tags.list()}
        try:
            seeded.devices.get("dist-sw4")
            raise AssertionError("the device was saved after no")
        except NotFound:
            pass
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        assert set(seeded.devices.get("dist-sw4").tags) >= {"core", "branch-7"}
        assert "branch-7" in {t.name for t in seeded.tags.list()}
        assert app.unexpected_errors == []


async def test_known_tags_save_the_device_without_a_question(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(pilot, "2")
        await pilot.press(*"dist-sw5", "enter", *"10.0.5.5", "enter", *"cisco_ios", "enter")
        await pilot.press("enter", *"edge", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        assert "edge" in seeded.devices.get("dist-sw5").tags


async def test_placeholders_are_dim_and_italic_in_every_form_field(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        for area in ("2", "4", "5"):
            form = await open_form(pilot, area)
            inputs = list(form.query(Input))
            assert inputs
            for widget in inputs:
                for part in ("input--placeholder", "input--suggestion"):
                    style = widget.get_component_rich_style(part)
                    assert style.italic and style.dim, f"{widget.id} {part}: {style}"
                value = widget.get_component_rich_style("input--cursor")  # typed text is not
                assert not value.italic
            await pilot.press("escape")
            await settle(pilot)


async def test_the_cron_field_starts_empty_with_its_example_as_placeholder(
    seeded: Services,
) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot, "5")
        assert isinstance(form, JobFormModal)
        form.query_one("#field-schedule", Select).value = "cron"
        await settle(pilot)
        cron = field(form, "cron")
        assert cron.value == ""
        assert "0 2 * * *" in cron.placeholder
        assert not form.query_one("#error-cron", Static).has_class("-shown")  # not typed yet
        cron.value = "61 2 * * *"
        await settle(pilot)
        assert form.query_one("#error-cron", Static).has_class("-shown")
