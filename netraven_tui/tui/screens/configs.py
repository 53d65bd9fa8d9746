"""Configs: every device with its number of configuration versions and its last change.

`enter` lists a device's versions, `v` shows its latest configuration, `d` the last change,
`s` searches the latest configuration of every device (or of a tag) and `m` lists the devices
where a pattern is missing (a quick compliance check).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message

from netraven_tui.domain import ConfigVersion, Device
from netraven_tui.services import Services
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.config_base import NO_RUNTIME
from netraven_tui.tui.screens.config_search import ConfigSearchScreen
from netraven_tui.tui.screens.config_text import ConfigDiffScreen, ConfigViewScreen
from netraven_tui.tui.screens.config_versions import ConfigVersionsScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (
    Column("Hostname", 24),
    Column("Platform", 18),
    Column("Versions", 8),
    Column("Last change"),
)
SEARCH_NOTE = (
    "A regular expression, matched line by line in the latest configuration of "
    "every device; lower case ignores case. Start with #tag to search one tag, "
    "e.g. `#core ^ntp server`."
)


def device_row(device: Device, latest: ConfigVersion | None, count: int, now) -> Row:
    if latest is None:
        change: str | Text = Text("never backed up", style="dim")
    else:
        change = f"{fmt.timestamp(latest.created_at)} ({fmt.age(latest.created_at, now)})"
    versions = Text(str(count), style="bold" if count > 1 else "") if count else Text("-", "dim")
    return Row(
        device.id,
        (device.hostname, device.platform, versions, change),
        sort_key=device.hostname.lower(),
        search=f"{device.hostname} {device.platform} {' '.join(device.tags)}".lower(),
    )


def read_devices(services: Services, now) -> tuple[list[Row], str]:
    """Rows for every device (thread): its latest version and how many versions it has."""
    devices = services.devices.list()
    latest = services.configs.latest()
    counts = services.configs.counts()
    rows = [device_row(d, latest.get(d.id), counts.get(d.id, 0), now) for d in devices]
    summary = (
        f"{fmt.plural(len(devices), 'device')}, {len(latest)} with a configuration, "
        f"{sum(counts.values())} versions"
    )
    return rows, summary


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
        """A row per device with its configuration versions, and the summary line."""

        def __init__(self, rows: Sequence[Row], summary: str) -> None:
            super().__init__()
            self.rows = rows
            self.summary = summary

    def __init__(self) -> None:
        super().__init__()
        self.summary = "loading…"

    def compose_body(self) -> ComposeResult:
        yield RecordTable(COLUMNS, empty_text="No devices yet.", id="configs-table")

    def reload(self) -> None:
        self._load()
        self.set_status(self.status_text())

    @work(thread=True, exclusive=True, exit_on_error=False, group="configs-devices")
    def _load(self) -> None:
        rows, summary = read_devices(self.services, self.host.clock())
        self.post_message(self.Loaded(rows, summary))

    @on(Loaded)
    def _devices_loaded(self, message: Loaded) -> None:
        self.query_one(RecordTable).sync(message.rows)
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
