"""Devices: the inventory table, add/edit/delete, CSV import and the connection check."""

from __future__ import annotations

import time
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.worker import Worker, WorkerState

from netraven_tui.domain import Device, DeviceListing, ImportReport, NetRavenError
from netraven_tui.runtime.events import DeviceDone
from netraven_tui.services.device_csv import COLUMNS as CSV_COLUMNS
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui import heap
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.connection_check import ConnectionCheckModal
from netraven_tui.tui.modals.device_form import device_form
from netraven_tui.tui.modals.import_result import ImportResultModal
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.device_page import open_device
from netraven_tui.tui.widgets.device_rows import (
    COLUMNS,
    ROW_SLICE,
    build_rows,
    device_row,
    release,
)
from netraven_tui.tui.widgets.record_table import Key, Prepared, RecordTable, Row

FAILING_FILTER = "failed"  # `F`: the filter that keeps the devices whose last backup failed
FIRST_PAGE = 100  # rows read first, before the whole inventory (more than a screen holds)
# What another process did (a CLI run, another console, the scheduler elsewhere) shows within
# POLL_SECONDS while the area is on view: a cheap stamp is read that often, the devices only
# when it changed; every AGES_SECONDS they are read anyway, so the ages ("5 min") move on.
POLL_SECONDS = 5.0
AGES_SECONDS = 60.0


class DevicesScreen(AreaScreen):
    AREA = "devices"
    TITLE = "Devices"
    FOLLOWS_RUNTIME = True  # a run's devices: their rows updated by key as results come in
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("enter", "open", "Open", show=False),  # in ? help; the footer is full at 80 columns
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("i", "import_csv", "Import"),
        Binding("t", "test", "Test"),
        Binding("F", "failing", "Failing only", show=False),
        Binding("T", "trust", "Trust key"),
        Binding("escape", "clear_drill", "Back", show=False),
    ]

    class Loaded(Message):
        """The devices and their rows, built off the UI thread (``error`` when loading failed)."""

        def __init__(
            self,
            devices: list[DeviceListing],
            rows: list[Row] | Prepared,
            seen: int,
            error: str | None = None,
            partial: bool = False,
            removed: frozenset[Key] | None = None,
            stamp: tuple[object, ...] | None = None,
        ) -> None:
            super().__init__()
            self.stamp = stamp  # the devices' stamp, read just before them
            self.seen = seen  # the screen's change count when the load began
            # built here, in the worker: a dict of 50,000 is not free on the UI thread
            self.devices = {device.id: device for device in devices}
            self.rows = rows
            self.error = error
            self.partial = partial  # only the first page: shown while the rest loads
            # a reload: ``rows`` and ``devices`` hold only what changed, ``removed`` the keys gone
            self.removed = removed

    class Polled(Message):
        """The devices' stamp (``DeviceService.stamp``), read off the UI thread."""

        def __init__(self, stamp: tuple[object, ...] | None) -> None:
            super().__init__()
            self.stamp = stamp

    class Refreshed(Message):
        """Fresh rows for the devices a run reported (``ids``: those asked for)."""

        def __init__(
            self,
            ids: frozenset[int],
            devices: list[DeviceListing],
            rows: list[Row],
            seen: int,
            error: str | None = None,
        ) -> None:
            super().__init__()
            self.ids = ids
            self.devices = devices
            self.rows = rows
            self.seen = seen
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
        self.devices: dict[int, DeviceListing] = {}  # as listed: `e` reads a device in full
        self.loaded = False
        self._stale_ids: set[int] = set()  # reported by a run, not read yet
        self._refreshing = False
        self._drilled = False  # the filter came from a dashboard drill-down: escape goes back
        self._stamp: tuple[object, ...] | None = None  # as of the last read of the devices
        self._read_at = 0.0  # time.monotonic() of that read

    def compose_body(self) -> ComposeResult:
        yield RecordTable(
            COLUMNS,
            empty_text="No devices yet. Press a to add one or i to import a CSV.",
            id="devices-table",
        )

    # ------------------------------------------------------------------ loading

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self.is_current and self.loaded:
            self._read_stamp()

    @work(thread=True, exclusive=True, exit_on_error=False, group="poll", description="stamp")
    def _read_stamp(self) -> None:
        try:
            self.post_message(self.Polled(self.services.devices.stamp()))
        except NetRavenError:
            self.post_message(self.Polled(None))  # the next poll tries again; no toast a tick

    def on_devices_screen_polled(self, message: Polled) -> None:
        due = time.monotonic() - self._read_at >= AGES_SECONDS
        if message.stamp is not None and (message.stamp != self._stamp or due):
            self.reload(quiet=True)

    def reload(self, quiet: bool = False) -> None:
        """Read the devices again; ``quiet``: a poll's, without the "loading…" status."""
        self._read_at = time.monotonic()
        if not quiet:
            self.set_status("loading…")
        # The rows shown now (a copy: the worker compares against it, so only the rows that
        # changed come back and the UI thread never walks 50,000 rows).
        known = self.query_one(RecordTable).rows_by_key() if self.loaded else None
        self._load(self.changes, known, dict(self.devices) if known is not None else None)

    # ``description``: without it Textual builds one from repr() of the arguments, on the UI
    # thread: 50,000 rows and devices took 0.3-0.7 s and 50 MB of text on every reload.
    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="devices")
    def _load(
        self,
        seen: int,
        known: dict[Key, Row] | None = None,
        had: dict[int, DeviceListing] | None = None,
    ) -> None:
        try:
            stamp = self.services.devices.stamp()  # before the devices: a change between counts
            if known is None or had is None:
                # The first page too: its allocations set off a full collection (80-130 ms
                # here, GIL held) of a heap nothing was frozen in yet. The rows stay: frozen.
                with heap.collections_paused(freeze=True):
                    first = self.services.devices.listing(first=FIRST_PAGE)  # painted at once
                    rows = build_rows(first, self.host.clock())
                    self.post_message(self.Loaded(first, rows, seen, partial=True))
                    devices = self.services.devices.listing()
                    rows = build_rows(devices, self.host.clock())
                    # sorted and keyed here: the UI thread only swaps them in
                    prepared = RecordTable.prepare(rows)
                    self.post_message(self.Loaded(devices, prepared, seen, stamp=stamp))
                return
            with heap.collections_paused():  # all of it is freed before collections resume
                devices = self.services.devices.listing()
                rows = build_rows(devices, self.host.clock())
                self._compare(devices, rows, known, had, seen, stamp)
        except NetRavenError as error:
            self.post_message(self.Loaded([], [], seen, str(error)))

    def _compare(
        self,
        devices: list[DeviceListing],
        rows: list[Row],
        known: dict[Key, Row],
        had: dict[int, DeviceListing],
        seen: int,
        stamp: tuple[object, ...] | None = None,
    ) -> None:
        """Only what changed goes to the UI thread: it neither walks nor frees 50,000 objects."""
        changed: list[Row] = []
        fresh: list[DeviceListing] = []
        step = ROW_SLICE * 4
        for start in range(0, len(rows), step):
            changed.extend(row for row in rows[start : start + step] if known.get(row.key) != row)
            fresh.extend(d for d in devices[start : start + step] if had.get(d.id) != d)
            time.sleep(0)
        removed = known.keys() - {device.id for device in devices}
        self.post_message(
            self.Loaded(fresh, changed, seen, removed=frozenset(removed), stamp=stamp)
        )
        release(rows)
        release(devices)
        known.clear()  # the worker's copies: freed here, in slices' time, not on the UI thread
        had.clear()

    def on_devices_screen_loaded(self, message: Loaded) -> None:
        if message.error:
            self.notify(message.error, severity="error")
            return
        table = self.query_one(RecordTable)
        if message.partial:
            if not self.loaded and not self.is_stale(message.seen):
                self.devices = message.devices
                table.load(message.rows)
            return
        if self.is_stale(message.seen):  # read before a change of ours went through
            self.reload()
            return
        if message.stamp is not None:
            self._stamp = message.stamp
        if message.removed is not None and self.loaded:
            for key in message.removed:
                self.devices.pop(key, None)  # type: ignore[call-overload]
            self.devices.update(message.devices)
            table.update_rows(message.rows, removed=message.removed)
            self.set_status(self.status_text())
            return
        self.devices = message.devices
        if self.loaded:
            table.sync(message.rows)
        else:
            table.load(message.rows)
            self.loaded = True
        heap.settle_after_load(len(self.devices))
        self.set_status(self.status_text())

    # ------------------------------------------------------------------ live runs

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        """Devices a run reported: read just those and update their rows (never all rows)."""
        for event in batch.events:
            if isinstance(event, DeviceDone) and event.result.device_id is not None:
                self._stale_ids.add(event.result.device_id)
        self._refresh_some()

    def _refresh_some(self) -> None:
        if self._stale_ids and not self._refreshing and self.loaded:
            ids, self._stale_ids = frozenset(self._stale_ids), set()
            self._refreshing = True
            self._refresh(ids, self.changes)

    @work(thread=True, exclusive=False, exit_on_error=False, group="refresh", description="rows")
    def _refresh(self, ids: frozenset[int], seen: int) -> None:
        try:
            devices = self.services.devices.listing(ids=ids)
        except NetRavenError as error:
            self.post_message(self.Refreshed(ids, [], [], seen, str(error)))
            return
        self.post_message(
            self.Refreshed(ids, devices, build_rows(devices, self.host.clock()), seen)
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A keyed refresh that failed unexpectedly (reported by the base) must not stop the
        next ones."""
        if event.worker.group == "refresh" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._refreshing = False

    def on_devices_screen_refreshed(self, message: Refreshed) -> None:
        self._refreshing = False
        if message.error:  # the rows stay as they were; the next reload reads them again
            self.notify(message.error, severity="error")
        elif self.is_stale(message.seen):  # a change of ours went through meanwhile: read again
            self._stale_ids.update(message.ids)
        else:
            table = self.query_one(RecordTable)
            found = {device.id for device in message.devices}
            for key in message.ids - found:  # deleted since the run reported it
                self.devices.pop(key, None)
                table.remove(key)
            self.devices.update((device.id, device) for device in message.devices)
            table.update_rows(message.rows)
            self.set_status(self.status_text())
        self._refresh_some()

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
        self.devices[device.id] = DeviceListing.of(device)
        table = self.query_one(RecordTable)
        table.upsert(device_row(self.devices[device.id], self.host.clock()))
        table.move_to(device.id)
        self.set_status(self.status_text())

    @property
    def current(self) -> DeviceListing | None:
        key = self.query_one(RecordTable).cursor_key
        return self.devices.get(key) if key is not None else None  # type: ignore[arg-type]

    # ------------------------------------------------------------------ actions

    def drill(self, text: str = "", only: frozenset[int] | None = None, label: str = "") -> None:
        """Show just the devices a dashboard count names: the filter ``text`` (``state:failed``,
        ``reach:down``…) or, for a set only the dashboard knows (failing > 1 day), those ``only``
        ids under ``label``. Escape clears it and goes back to the dashboard."""
        table = self.query_one(RecordTable)
        table.set_only(only, label)
        table.set_filter(text)
        self._drilled = True
        self.set_status(self.status_text())

    def action_clear_drill(self) -> None:
        """Escape: drop the filter (and after a drill-down, back to the dashboard it came from)."""
        table = self.query_one(RecordTable)
        drilled, self._drilled = self._drilled, False
        if drilled or table.only is not None or table.filter_text:
            table.set_only(None)
            table.set_filter("")
            self.set_status(self.status_text())
        if drilled:
            self.host.area("dashboard")

    def action_failing(self) -> None:
        """`F`: only the devices whose last backup failed (the `/failed` filter), or all again."""
        table = self.query_one(RecordTable)
        table.set_only(None)
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
                f"Columns: {', '.join(CSV_COLUMNS)} (tags separated by ';').\n"
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "trust":  # an edit, and it needs the engine (like `t`)
            return self.role.can_edit and self.host.test_connection is not None
        return super().check_action(action, parameters)

    def action_test(self) -> None:
        device = self.current
        tester = self.host.test_connection
        if device is not None and tester is not None:
            trust = self.services.hostkeys.trust if self.role.can_edit else None
            self.app.push_screen(ConnectionCheckModal(device, tester, trust))

    def action_trust(self) -> None:
        """`T`: the connection check, which shows the key presented; `T` there pins it."""
        self.action_test()
