"""Home: the inventory at a glance (the full dashboard and screens come with the console work)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from netraven_tui.services import Services


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("ctrl+r", "refresh", "Refresh"),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield DataTable(id="devices", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Hostname", "Address", "Platform", "Tags", "Last backup")
        self.action_refresh()
        table.focus()

    def action_refresh(self) -> None:
        devices = self.services.devices.list()
        jobs = self.services.jobs.list()
        credentials = self.services.credentials.list()
        self.query_one("#summary", Static).update(
            f"{len(devices)} devices · {len(credentials)} credentials · {len(jobs)} jobs"
        )
        table = self.query_one(DataTable)
        table.clear()
        for device in devices:
            state = device.last_backup_status or "never"
            table.add_row(device.hostname, device.address, device.platform, ",".join(device.tags), state,
                          key=str(device.id))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()
