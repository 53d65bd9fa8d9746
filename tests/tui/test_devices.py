"""Devices screen: add, edit, delete, filter, CSV import and the connection test, by keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from netraven_tui.domain import DeviceInput, HostKeySeen
from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.connection import ConnectionStep
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.connection_check import ConnectionCheckModal
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.modals.import_result import ImportResultModal
from netraven_tui.tui.screens.devices import DevicesScreen
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.tui.conftest import OPERATOR, VIEWER, screen_text, settle


async def open_devices(pilot) -> RecordTable:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DevicesScreen)
    return pilot.app.screen.query_one(RecordTable)


def hostnames(services: Services) -> list[str]:
    return [device.hostname for device in services.devices.list()]


async def test_add_shows_the_bad_address_next_to_the_field_then_saves(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await pilot.press(*"dist-sw9", "enter", *"10.0.0.999", "enter", *"cisco_ios", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)  # still open
        message = str(form.query_one("#error-address", Static).render())
        assert "not a valid" in message
        assert form.query_one("#field-hostname", Input).value == "dist-sw9"  # kept
        assert app.focused is form.query_one("#field-address", Input)
        await pilot.press("ctrl+u", *"10.0.0.9", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        assert "dist-sw9" in hostnames(seeded)
        new = seeded.devices.get("dist-sw9")
        assert table.cursor_key == new.id
        assert "dist-sw9" in screen_text(app)
        assert app.unexpected_errors == []


async def test_duplicate_hostname_is_shown_on_the_hostname_field(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        await pilot.press("a", *"core-sw1", "enter", *"10.1.1.1", "enter", *"cisco_ios", "ctrl+s")
        await settle(pilot)
        assert "already exists" in str(app.screen.query_one("#error-hostname", Static).render())


async def test_edit_changes_the_row_in_place(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        await pilot.press("j")  # core-sw2
        device = seeded.devices.get("core-sw2")
        assert table.cursor_key == device.id
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-address", Input).value == "10.0.0.2"
        form.query_one("#field-tags", Input).focus()
        await pilot.press("end", *", edge", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        assert set(seeded.devices.get("core-sw2").tags) == {"all", "core", "edge"}
        assert "core, edge" in table.get_row(device.id).cells[4]


async def test_delete_asks_first(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        await pilot.press("G")  # lab-fw1
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert "lab-fw1" in hostnames(seeded)
        await pilot.press("d", "y")
        await settle(pilot)
        assert "lab-fw1" not in hostnames(seeded)
        assert table.total_count == 3


async def test_filter_narrows_as_you_type_and_escape_clears(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        await pilot.press("slash", *"core")
        assert table.row_count == 2
        await pilot.press(*" sw2")
        assert table.row_count == 1
        await pilot.press("enter")
        assert app.focused is table
        assert "filter: core sw2" in screen_text(app)
        await pilot.press("slash", "escape")
        assert table.row_count == 4


async def test_site_column_site_filter_and_the_form_field(seeded: Services) -> None:
    for name in ("core-sw1", "edge-r1"):
        device = seeded.devices.get(name)
        seeded.devices.update(
            device.id,
            DeviceInput(
                device.hostname, device.address, device.platform, tags=device.tags, site="paris"
            ),
        )
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        assert table.get_row(seeded.devices.get("edge-r1").id).cells[3] == "paris"
        await pilot.press("slash", *"site:paris", "enter")
        assert table.row_count == 2
        await pilot.press("slash", "ctrl+u", *"site:-", "enter")
        assert table.row_count == 2  # core-sw2 and lab-fw1 have no site
        await pilot.press("slash", "escape")
        table.move_to(seeded.devices.get("core-sw2").id)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-site", Input).value == ""
        form.query_one("#field-site", Input).focus()
        await pilot.press(*"Lyon", "ctrl+s")
        await settle(pilot)
        assert seeded.devices.get("core-sw2").site == "lyon"
        assert seeded.devices.get("core-sw2").tags == ("all", "core")  # the rest is kept
        assert table.get_row(seeded.devices.get("core-sw2").id).cells[3] == "lyon"


async def test_import_reports_bad_lines(seeded: Services, tmp_path: Path) -> None:
    csv = tmp_path / "more.csv"
    csv.write_text(
        "hostname,address,platform,port,tags,description\n"
        "acc-sw1,10.2.0.1,cisco_ios,22,access,\n"
        "acc-sw2,999.1.1.1,cisco_ios,22,access,\n"
        "core-sw1,10.2.0.3,cisco_ios,22,,\n"
        "acc-sw3,10.2.0.4,no_such_os,22,,\n"
    )
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        await pilot.press("i", *str(csv), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportResultModal)
        text = screen_text(app)
        assert "1 created" in text and "3 skipped" in text
        assert "line 3" in text and "line 4" in text and "line 5" in text
        await pilot.press("escape")
        await settle(pilot)
        assert table.total_count == 5
        assert "acc-sw1" in hostnames(seeded)


async def test_import_of_a_missing_file_is_a_notification(seeded: Services, tmp_path: Path) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        await pilot.press("i", *str(tmp_path / "nope.csv"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        assert any("does not exist" in n.message for n in app._notifications)


async def test_connection_test_streams_steps(seeded: Services) -> None:
    seen: list[int] = []

    def tester(device_id: int) -> Iterator[ConnectionStep]:
        seen.append(device_id)
        yield ConnectionStep("TCP connect 10.0.0.1:22", True, "3 ms")
        yield ConnectionStep("SSH login as backup (netops)", False, "authentication failed")

    app = build_app(seeded, auto_login=OPERATOR, test_connection=tester)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ConnectionCheckModal)
        text = screen_text(app)
        assert "TCP connect" in text and "authentication failed" in text and "done" in text
        assert seen == [seeded.devices.get("core-sw1").id]


async def test_without_an_engine_t_is_hidden(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        assert "Test" not in screen_text(app).splitlines()[-1]


async def test_a_device_added_elsewhere_appears_on_reload(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        seeded.devices.create(DeviceInput("new-r1", "10.5.5.5", "cisco_ios"))
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert table.total_count == 5


async def test_what_another_process_did_shows_without_a_key(
    seeded: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device added and a backup recorded by another process (here: the services called
    directly, as the CLI would) appear in an open devices table by themselves (the poll)."""
    from netraven_tui.db import models as m
    from netraven_tui.tui.screens import devices as screen_module

    monkeypatch.setattr(screen_module, "POLL_SECONDS", 0.2)  # the interval, not the behaviour
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        assert table.total_count == 4
        seeded.devices.create(DeviceInput("new-r1", "10.5.5.5", "cisco_ios"))
        with seeded.ctx.transaction() as session:
            row = session.query(m.DeviceRow).filter_by(hostname="edge-r1").one()
            row.last_backup_at = seeded.ctx.now()
            row.last_backup_status = "failed"
            row.last_backup_error = "timeout: no SSH answer from 10.0.1.1:22 within 10 s"
        edge = seeded.devices.get("edge-r1").id
        for _ in range(100):  # bounded: 10 s
            await pilot.pause(0.1)
            if table.total_count == 5 and table.get_row(edge).cells[6][0] == "timeout":
                break
        assert table.total_count == 5 and "new-r1" in screen_text(app)
        assert table.get_row(edge).cells[6][0] == "timeout"


async def test_error_column_filter_by_state_and_kind_and_the_failing_toggle(
    seeded: Services,
) -> None:
    from netraven_tui.db import models as m

    with seeded.ctx.transaction() as session:
        row = session.query(m.DeviceRow).filter_by(hostname="core-sw2").one()
        row.last_backup_error = "auth: authentication failed with every credential"
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        sw2 = seeded.devices.get("core-sw2").id
        assert table.get_row(sw2).cells[5][0] == "1 d failed"
        assert table.get_row(sw2).cells[6][0] == "auth"  # the kind, in the Error column
        sw1 = table.get_row(seeded.devices.get("core-sw1").id)
        assert (sw1.cells[5][0], sw1.cells[6][0]) == ("2 h ok", "-")
        assert "Error" in screen_text(pilot.app) and " auth " in screen_text(pilot.app)
        await pilot.press("slash", *"auth", "enter")
        assert table.visible_keys == [sw2]
        await pilot.press("slash", "escape")
        await pilot.press("slash", *"never", "enter")
        assert table.row_count == 2  # edge-r1 and lab-fw1 were never backed up
        await pilot.press("slash", "escape")
        assert table.row_count == 4
        await pilot.press("F")
        assert table.visible_keys == [sw2]
        assert "filter: failed" in screen_text(app)
        await pilot.press("F")
        assert table.row_count == 4


async def test_a_reload_applies_what_changed_and_drops_what_went_elsewhere(
    seeded: Services,
) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_devices(pilot)
        edge = seeded.devices.get("edge-r1")
        seeded.devices.delete("lab-fw1")  # another console
        seeded.devices.update(edge.id, DeviceInput("a-edge-r1", "10.0.1.7", "juniper_junos"))
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert table.total_count == 3
        assert table.visible_keys[0] == edge.id  # renamed: sorted to the top
        assert table.get_row(edge.id).cells[:2] == ("a-edge-r1", "10.0.1.7")
        assert "lab-fw1" not in screen_text(app)
        assert app.unexpected_errors == []


async def test_a_reload_names_its_worker_without_the_rows(seeded: Services) -> None:
    """Textual describes a worker by repr() of its arguments unless told otherwise: a reload
    passes every row and device, and at 50,000 that text took the UI thread 0.3-0.7 s."""
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        screen = app.screen
        assert isinstance(screen, DevicesScreen)
        screen.reload()
        descriptions = [worker.description for worker in screen.workers]
        await settle(pilot)
        assert descriptions and all(len(text) < 20 for text in descriptions), descriptions


PRESENTED = HostKeySeen(
    "ssh-ed25519",
    "SHA256:dWX4iW4UMNF5OpwyiuHLZYlbqdWCX92/yhsI+xzxTL4",
    "AAAAC3NzaC1lZDI1NTE5AAAAICcI02Gd1TyHg2GXUf1z+wBQftt5kCgBOjDbhjSjsjEE",
)


def _key_tester(device_id: int) -> Iterator[ConnectionStep]:
    yield ConnectionStep("TCP 10.0.0.1:22", True, "open, 3.0 ms")
    yield ConnectionStep(
        "host key",
        False,
        f"hostkey: host key changed: pinned SHA256:old, now {PRESENTED.fingerprint}",
        PRESENTED,
    )


async def test_trust_pins_the_key_the_connection_test_shows(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR, test_connection=_key_tester)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, ConnectionCheckModal)
        assert PRESENTED.fingerprint in screen_text(app) and "T trust" in screen_text(app)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
    pin = seeded.hostkeys.get("core-sw1")
    assert pin is not None and pin.fingerprint == PRESENTED.fingerprint
    assert pin.trusted_by == OPERATOR.name
    assert any(PRESENTED.fingerprint in e.message for e in seeded.logs.recent(limit=20))


async def test_viewers_cannot_trust_host_keys(seeded: Services) -> None:
    app = build_app(seeded, auto_login=VIEWER, test_connection=_key_tester)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_devices(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
    assert seeded.hostkeys.get("core-sw1") is None
