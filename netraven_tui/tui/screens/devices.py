"""Devices: the inventory table, add/edit/delete, CSV import and the connection check."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message

from netraven_tui.domain import Device, ImportReport, NetRavenError
from netraven_tui.services.device_csv import COLUMNS as CSV_COLUMNS
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.connection_check import ConnectionCheckModal
from netraven_tui.tui.modals.device_form import device_form
from netraven_tui.tui.modals.import_result import ImportResultModal
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.device_page import open_device
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (
    Column("Hostname", min_width=16),  # at 80x24 Site, then Tags, make room for 16
    Column("Address", 15),
    Column("Platform", 13),
    Column("Site", 8, optional=True),
    Column("Tags", min_width=8, optional=True),
    Column("Last backup", 12),  # "2 h ok", or the failure kind: "1 d auth", "3 h timeout"
    Column("Reach", 8),
)
FAILING_FILTER = "failed"  # `F`: the filter that keeps the devices whose last backup failed


def endpoint(device: Device) -> str:
    """The address, with the port when it is not SSH's 22 (NAT, console servers, the lab)."""
    if device.port == 22:
        return device.address
    host = f"[{device.address}]" if ":" in device.address else device.address
    return f"{host}:{device.port}"


def device_row(device: Device, now: datetime) -> Row:
    """A device as a table row; the filter matches hostname, address, platform, tags, notes,
    the backup state (`failed`, `success`, `never`), the error kind (`auth`, `timeout`…)
    and ``site:<name>`` (``site:-``: the devices without a site)."""
    tags = fmt.user_tags(device.tags)
    kind = fmt.error_kind(device)
    search = " ".join(
        (
            device.hostname,
            device.address,
            device.platform,
            tags,
            device.description,
            device.model,
            device.serial,
            f"site:{device.site or '-'}",
            device.last_backup_status or "never",
            kind or "",
        )
    ).lower()
    hostname = device.hostname if device.enabled else f"{device.hostname} (off)"
    state = fmt.backup_state(device, now)
    if kind is not None and device.last_backup_at is not None:
        # The error kind in place of 'failed': the column says why without widening the table.
        state = Text(f"{fmt.age(device.last_backup_at, now)} {kind}", style="bold red")
    return Row(
        key=device.id,
        cells=(
            hostname,
            endpoint(device),
            device.platform,
            device.site or "-",
            tags,
            state,
            fmt.reachability(device),
        ),
        sort_key=device.hostname.lower(),
        search=search,
        stamp=(device, str(state)),
    )


class DevicesScreen(AreaScreen):
    AREA = "devices"
    TITLE = "Devices"
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("enter", "open", "Open", show=False),  # in ? help; the footer is full at 80 columns
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("i", "import_csv", "Import"),
        Binding("t", "test", "Test"),
        Binding("F", "failing", "Failing only", show=False),
    ]

    class Loaded(Message):
        """The devices and their rows, built off the UI thread (``error`` when loading failed)."""

        def __init__(
            self, devices: list[Device], rows: list[Row], seen: int, error: str | None = None
        ) -> None:
            super().__init__()
            self.seen = seen  # the screen's change count when the load began
            self.devices = devices
            self.rows = rows
            self.error = error

    class ImportFinished(Message):
        """A CSV import ended: a report, or the reason the file could not be used at all."""

        def __init__(
            self, path: str, report: ImportReport | None, error: str | None = None
        ) -> None:
            super().__init__()
            self.path = path
            self.report = report
            self.error = error

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
        self._load(self.changes)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self, seen: int) -> None:
        try:
            devices = self.services.devices.list()
        except NetRavenError as error:
            self.post_message(self.Loaded([], [], seen, str(error)))
            return
        now = self.host.clock()
        rows = [device_row(device, now) for device in devices]
        self.post_message(self.Loaded(devices, rows, seen))

    def on_devices_screen_loaded(self, message: Loaded) -> None:
        if message.error:
            self.notify(message.error, severity="error")
            return
        if self.is_stale(message.seen):  # read before a change of ours went through
            self.reload()
            return
        table = self.query_one(RecordTable)
        self.devices = {device.id: device for device in message.devices}
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
        """A device as saved (by a form): its row in place, the cursor on it."""
        self.note_change()
        self.devices[device.id] = device
        table = self.query_one(RecordTable)
        table.upsert(device_row(device, self.host.clock()))
        table.move_to(device.id)
        self.set_status(self.status_text())

    @property
    def current(self) -> Device | None:
        key = self.query_one(RecordTable).cursor_key
        return self.devices.get(key) if key is not None else None  # type: ignore[arg-type]

    # ------------------------------------------------------------------ actions

    def action_failing(self) -> None:
        """`F`: only the devices whose last backup failed (the `/failed` filter), or all again."""
        table = self.query_one(RecordTable)
        table.set_filter("" if table.filter_text == FAILING_FILTER else FAILING_FILTER)
        self.set_status(self.status_text())

    def action_add(self) -> None:
        def added(device: Device | None) -> None:
            if device is not None:
                self._show(device)
                self.notify(f"device {device.hostname} added")

        self.app.push_screen(device_form(self.services), added)

    def action_open(self) -> None:
        device = self.current
        if device is not None:
            open_device(self, device.id, device.hostname)

    def action_edit(self) -> None:
        device = self.current
        if device is None:
            return

        def saved(updated: Device | None) -> None:
            if updated is not None:
                self._show(updated)
                self.notify(f"device {updated.hostname} saved")

        self.read_in_thread(  # as stored now, not as listed
            lambda: self.services.devices.get(device.id),
            lambda fresh: self.app.push_screen(device_form(self.services, fresh), saved),
            doing="edit",
        )

    def action_delete(self) -> None:
        device = self.current
        if device is None:
            return

        def deleted(_: object) -> None:
            self.devices.pop(device.id, None)
            self.query_one(RecordTable).remove(device.id)
            self.set_status(self.status_text())
            self.notify(f"device {device.hostname} deleted")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write_in_thread(
                    lambda: self.services.devices.delete(device.id), deleted, doing="delete"
                )

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
            self.post_message(self.ImportFinished(path, None, str(error)))
            return
        self.post_message(self.ImportFinished(path, report))

    def on_devices_screen_import_finished(self, message: ImportFinished) -> None:
        if message.report is None:
            self.notify(f"import failed: {message.error}", severity="error", timeout=10)
            self.set_status(self.status_text())
            return
        self.app.push_screen(ImportResultModal(message.path, message.report))
        self.reload()

    def action_test(self) -> None:
        device = self.current
        tester = self.host.test_connection
        if device is not None and tester is not None:
            self.app.push_screen(ConnectionCheckModal(device, tester))
