"""Dashboard: the state of the inventory at a glance and the latest log entries.

The later dashboard work (runs in progress, schedule, trends) adds panels next to these.
"""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from netraven_tui.domain import Device, NetRavenError
from netraven_tui.tui.messages import OverviewLoaded
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.logs import COLUMNS as LOG_COLUMNS
from netraven_tui.tui.screens.logs import log_row
from netraven_tui.tui.widgets.record_table import RecordTable

RECENT_LOGS = 50


def device_figures(devices: list[Device]) -> list[tuple[str, str, str]]:
    """Counts of devices by last backup state and by reachability."""
    backup = Counter("never" if d.last_backup_at is None
                     else "ok" if d.last_backup_status == "success" else "failed" for d in devices)
    reach = Counter("unknown" if d.last_reach_ok is None else "up" if d.last_reach_ok else "down"
                    for d in devices)
    return [
        ("Devices", str(len(devices)), "bold"),
        ("Backup ok", str(backup["ok"]), "green"),
        ("Backup failed", str(backup["failed"]), "bold red" if backup["failed"] else ""),
        ("Never backed up", str(backup["never"]), "yellow" if backup["never"] else ""),
        ("Reachable", str(reach["up"]), "green"),
        ("Unreachable", str(reach["down"]), "bold red" if reach["down"] else ""),
        ("Not probed yet", str(reach["unknown"]), "dim"),
    ]


class DashboardScreen(AreaScreen):
    AREA = "dashboard"
    TITLE = "Dashboard"
    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="dashboard-panels"):
            yield Static("loading…", id="inventory-panel", classes="panel")
            yield Static("", id="counts-panel", classes="panel")
        yield Static("Recent log entries", classes="section-title")
        yield RecordTable(LOG_COLUMNS, empty_text="No log entries yet.", id="recent-logs")

    def reload(self) -> None:
        self.set_status("loading…")
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        services = self.services
        try:
            figures = device_figures(services.devices.list())
            figures += [
                ("Credentials", str(len(services.credentials.list())), ""),
                ("Jobs", str(len(services.jobs.list())), ""),
                ("Tags", str(len(services.tags.list())), ""),
            ]
            rows = [log_row(entry) for entry in services.logs.recent(RECENT_LOGS)]
        except NetRavenError as error:
            self.post_message(OverviewLoaded([], [], str(error)))
            return
        self.post_message(OverviewLoaded(figures, rows))

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        if message.error:
            self.notify(message.error, severity="error")
            return
        inventory, counts = message.figures[:7], message.figures[7:]
        self.query_one("#inventory-panel", Static).update(_figures("Inventory", inventory))
        self.query_one("#counts-panel", Static).update(_figures("Configuration", counts))
        self.query_one(RecordTable).sync(message.log_rows)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        return f"signed in as {self.actor.name} ({self.actor.role})"


def _figures(title: str, figures: list[tuple[str, str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.title = title
    table.title_style = "bold"
    table.title_justify = "left"
    table.add_column()
    table.add_column(justify="right")
    for label, value, style in figures:
        table.add_row(label, Text(value, style=style))
    return table
