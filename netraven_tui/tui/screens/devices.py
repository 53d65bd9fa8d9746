"""Devices: the inventory table, add/edit/delete, CSV import and the connection test."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding

from netraven_tui.domain import Device, NetRavenError
from netraven_tui.services.device_csv import COLUMNS as CSV_COLUMNS
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.messages import ImportFinished, RowsLoaded
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.connection_test import ConnectionTestModal
from netraven_tui.tui.modals.device_form import device_form
from netraven_tui.tui.modals.import_result import ImportResultModal
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (
    Column("Hostname"),
    Column("Address", 15),
    Column("Platform", 13),
    Column("Tags"),
    Column("Last backup", 11),
    Column("Reach", 8),
)


def endpoint(device: Device) -> str:
    """The address, with the port when it is not SSH's 22 (NAT, console servers, the lab)."""
    if device.port == 22:
        return device.address
    host = f"[{device.address}]" if ":" in device.address else device.address
    return f"{host}:{device.port}"


def device_row(device: Device, now: datetime) -> Row:
    """A device as a table row; the filter matches hostname, address, platform, tags, notes."""
    tags = fmt.user_tags(device.tags)
    search = " ".join(
        (
            device.hostname,
            device.address,
            device.platform,
            tags,
            device.description,
            device.model,
            device.serial,
        )
    ).lower()
    hostname = device.hostname if device.enabled else f"{device.hostname} (off)"
    state = fmt.backup_state(device, now)
    return Row(
        key=device.id,
        cells=(hostname, endpoint(device), device.platform, tags, state, fmt.reachability(device)),
        sort_key=device.hostname.lower(),
        search=search,
        stamp=(device, str(state)),
    )


class DevicesScreen(AreaScreen):
    AREA = "devices"
    TITLE = "Devices"
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("i", "import_csv", "Import"),
        Binding("t", "test", "Test"),
        Binding("T", "trust", "Trust key"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.devices: dict[int, Device] = {}
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield RecordTable(
            COLUMNS,
            empty_text="No devices yet. Press a to add one or i to import a CSV.",
            id="devices-table",
        )

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.set_status("loading…")
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        try:
            devices = self.services.devices.list()
        except NetRavenError as error:
            self.post_message(RowsLoaded([], error=str(error)))
            return
        now = self.nr_app.clock()
        rows = [device_row(device, now) for device in devices]
        self.post_message(RowsLoaded(rows, {device.id: device for device in devices}))

    def on_rows_loaded(self, message: RowsLoaded) -> None:
        if message.error:
            self.notify(message.error, severity="error")
            return
        table = self.query_one(RecordTable)
        self.devices = message.records  # type: ignore[assignment]
        if self.loaded:
            table.sync(message.rows)
        else:
            table.load(message.rows)
            self.loaded = True
        self.set_status(self.status_text())

    def status_text(self) -> str:
        total = len(self.devices)
        failed = sum(
            1
            for d in self.devices.values()
            if d.last_backup_status and d.last_backup_status != "success"
        )
        return fmt.plural(total, "device") + (f", {failed} with a failed backup" if failed else "")

    def _show(self, device: Device) -> None:
        self.devices[device.id] = device
        table = self.query_one(RecordTable)
        table.upsert(device_row(device, self.nr_app.clock()))
        table.move_to(device.id)
        self.set_status(self.status_text())

    @property
    def current(self) -> Device | None:
        key = self.query_one(RecordTable).cursor_key
        return self.devices.get(key) if key is not None else None  # type: ignore[arg-type]

    # ------------------------------------------------------------------ actions

    def action_add(self) -> None:
        def added(device: Device | None) -> None:
            if device is not None:
                self._show(device)
                self.notify(f"device {device.hostname} added")

        self.app.push_screen(device_form(self.services), added)

    def action_edit(self) -> None:
        device = self.current
        if device is None:
            return
        with self.guard("edit"):
            fresh = self.services.devices.get(device.id)

            def saved(updated: Device | None) -> None:
                if updated is not None:
                    self._show(updated)
                    self.notify(f"device {updated.hostname} saved")

            self.app.push_screen(device_form(self.services, fresh), saved)

    def action_delete(self) -> None:
        device = self.current
        if device is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            with self.guard("delete"):
                self.services.devices.delete(device.id)
                self.devices.pop(device.id, None)
                self.query_one(RecordTable).remove(device.id)
                self.set_status(self.status_text())
                self.notify(f"device {device.hostname} deleted")

        self.app.push_screen(
            ConfirmModal(
                f"Delete device {device.hostname} ({device.address})?",
                "Its configuration history stays in the git repository.",
            ),
            confirmed,
        )

    def action_import_csv(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.set_status(f"importing {path}…")
                self._import(path)

        self.app.push_screen(
            PromptModal(
                "Import devices from CSV",
                f"Columns: {','.join(CSV_COLUMNS)} (tags separated by ';').\n"
                "Existing hostnames are skipped; new tags are created.",
                placeholder="path to the .csv file",
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _import(self, path: str) -> None:
        try:
            report = self.services.devices.import_csv(Path(path).expanduser())
        except NetRavenError as error:
            self.post_message(ImportFinished(path, None, str(error)))
            return
        self.post_message(ImportFinished(path, report))

    def on_import_finished(self, message: ImportFinished) -> None:
        if message.report is None:
            self.notify(f"import failed: {message.error}", severity="error", timeout=10)
            self.set_status(self.status_text())
            return
        self.app.push_screen(ImportResultModal(message.path, message.report))
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "trust":  # an edit, and it needs the engine (like `t`)
            return self.role.can_edit and self.nr_app.test_connection is not None
        return super().check_action(action, parameters)

    def action_test(self) -> None:
        device = self.current
        tester = self.nr_app.test_connection
        if device is not None and tester is not None:
            trust = self.services.hostkeys.trust if self.role.can_edit else None
            self.app.push_screen(ConnectionTestModal(device, tester, trust))

    def action_trust(self) -> None:
        """`T`: the connection test, which shows the key presented; `T` there pins it."""
        self.action_test()
