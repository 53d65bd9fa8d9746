"""Configs: every device with its number of configuration versions and its last change.

`enter` lists a device's versions, `v` shows its latest configuration, `d` the last change,
`s` searches the latest configuration of every device (or of a tag) and `m` lists the devices
where a pattern is missing (a quick compliance check).
"""

from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message

from netraven_tui.domain import DeviceConfigs
from netraven_tui.services import Services
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui import heap
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.config_base import NO_RUNTIME
from netraven_tui.tui.screens.config_search import ConfigSearchScreen
from netraven_tui.tui.screens.config_text import ConfigDiffScreen, ConfigViewScreen
from netraven_tui.tui.screens.config_versions import ConfigVersionsScreen
from netraven_tui.tui.widgets.record_table import Cell, Column, Key, Prepared, RecordTable, Row

COLUMNS = (
    Column("Hostname", 24),
    Column("Platform", 18),
    Column("Versions", 8),
    Column("Last change"),
)
ROW_SLICE = 500  # rows built between two releases of the GIL
SEARCH_NOTE = (
    "A regular expression, matched line by line in the latest configuration of "
    "every device; lower case ignores case. Start with #tag to search one tag, "
    "e.g. `#core ^ntp server`."
)


def device_row(item: DeviceConfigs, now) -> Row:
    """A device's row: (text, style) cells, as the devices table (50,000 rows hold no rich Text)."""
    if item.last_change_at is None:
        change: Cell = ("never backed up", "dim")
    else:
        change = f"{fmt.timestamp(item.last_change_at)} ({fmt.age(item.last_change_at, now)})"
    count = item.versions
    versions: Cell = (str(count), "bold" if count > 1 else "") if count else ("-", "dim")
    return Row(
        item.device_id,
        (item.hostname, item.platform, versions, change),
        sort_key=item.hostname.lower(),
        search=f"{item.hostname} {item.platform} {' '.join(item.tags)}".lower(),
    )


def read_devices(services: Services, now) -> tuple[Prepared, str]:
    """Rows for every device (thread): how many versions it has and when it last changed."""
    with heap.collections_paused(freeze=True):  # see tui/heap.py: the rows stay
        items = services.configs.overview()
        rows = []
        for start in range(0, len(items), ROW_SLICE):  # let the UI thread in between slices
            rows.extend(device_row(item, now) for item in items[start : start + ROW_SLICE])
            time.sleep(0)
        prepared = RecordTable.prepare(rows)
    with_config = sum(1 for item in items if item.versions)
    summary = (
        f"{fmt.plural(len(items), 'device')}, {with_config} with a configuration, "
        f"{sum(item.versions for item in items)} versions"
    )
    return prepared, summary


class ConfigsScreen(AreaScreen):
    AREA = "configs"
    TITLE = "Configs"
    BINDINGS = [
        Binding("enter", "versions", "Versions"),
        Binding("v", "view", "View"),
        Binding("d", "diff", "Diff"),
        Binding("s", "search", "Search"),
        Binding("m", "missing", "Missing"),
    ]

    class Loaded(Message):
        """A row per device with its configuration versions, and the summary line; for a
        reload only the rows that changed and the keys gone (``removed``)."""

        def __init__(
            self,
            rows: Prepared | list[Row],
            summary: str,
            removed: frozenset[Key] | None = None,
        ) -> None:
            super().__init__()
            self.rows = rows
            self.summary = summary
            self.removed = removed

    def __init__(self) -> None:
        super().__init__()
        self.summary = "loading…"

    def compose_body(self) -> ComposeResult:
        yield RecordTable(COLUMNS, empty_text="No devices yet.", id="configs-table")

    def reload(self) -> None:
        table = self.query_one(RecordTable)
        # the rows shown (a copy): the worker compares, the UI thread gets only what changed
        self._load(table.rows_by_key() if table.total_count else None)
        self.set_status(self.status_text())

    # ``description``: Textual would otherwise repr() the 50,000 rows passed, on the UI thread
    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="configs-devices",
        description="rows",
    )
    def _load(self, known: dict[Key, Row] | None = None) -> None:
        prepared, summary = read_devices(self.services, self.host.clock())
        if known is None:
            self.post_message(self.Loaded(prepared, summary))
            return
        fresh = prepared.rows
        changed = [row for key, row in fresh.items() if known.get(key) != row]
        removed = frozenset(key for key in known if key not in fresh)
        self.post_message(self.Loaded(changed, summary, removed))

    @on(Loaded)
    def _devices_loaded(self, message: Loaded) -> None:
        table = self.query_one(RecordTable)
        if message.removed is not None and table.total_count:
            table.update_rows(message.rows, removed=message.removed)  # type: ignore[arg-type]
        elif table.total_count:
            table.sync(message.rows)  # a first load that came after a change of rows
        else:
            table.load(message.rows)
        self.summary = message.summary
        self.set_status(self.status_text())

    def status_text(self) -> str:
        return self.summary

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.summary != "loading…":
            self.reload()  # a backup may have run while the operator looked elsewhere

    # ------------------------------------------------------------------ actions

    def _hostname(self) -> str | None:
        table = self.query_one(RecordTable)
        row = table.get_row(table.cursor_key) if table.cursor_key is not None else None
        if row is None:
            return None
        if self.host.runtime is None:
            self.notify(NO_RUNTIME, severity="warning")
            return None
        return str(row.cells[0])

    def action_versions(self) -> None:
        hostname = self._hostname()
        if hostname:
            self.app.push_screen(ConfigVersionsScreen(hostname))

    def action_view(self) -> None:
        hostname = self._hostname()
        if hostname:
            self.app.push_screen(ConfigViewScreen(hostname, None))

    def action_diff(self) -> None:
        hostname = self._hostname()
        if hostname:
            self.app.push_screen(ConfigDiffScreen(hostname, None, None))

    def action_search(self, missing: bool = False) -> None:
        if self.host.runtime is None:
            self.notify(NO_RUNTIME, severity="warning")
            return

        def chosen(text: str | None) -> None:
            if text:
                self.app.push_screen(ConfigSearchScreen(text, missing=missing))

        title = "Devices missing a pattern" if missing else "Search configurations"
        self.app.push_screen(
            PromptModal(title, SEARCH_NOTE, placeholder="regular expression"), chosen
        )

    def action_missing(self) -> None:
        self.action_search(missing=True)
