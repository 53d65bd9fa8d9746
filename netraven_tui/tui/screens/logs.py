"""Logs: the most recent entries (jobs, connections, system, audit), newest first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult

from netraven_tui.domain import LogEntry, LogLevel
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (Column("Time", 19), Column("Level", 7), Column("Kind", 10), Column("Actor", 10),
           Column("Message"))
RECENT = 500
LEVEL_STYLE = {LogLevel.ERROR: "bold red", LogLevel.WARNING: "yellow", LogLevel.DEBUG: "dim"}


def log_row(entry: LogEntry) -> Row:
    message = entry.message
    if entry.hostname and entry.hostname not in message:
        message = f"{entry.hostname}: {message}"
    return Row(entry.id, (fmt.timestamp(entry.ts), Text(str(entry.level),
                                                          style=LEVEL_STYLE.get(entry.level, "")),
                          str(entry.kind), entry.actor or "-", message),
               sort_key=-entry.id,
               search=f"{entry.level} {entry.kind} {entry.actor or ''} {message}".lower())


class LogsScreen(AreaScreen):
    AREA = "logs"
    TITLE = "Logs"

    def compose_body(self) -> ComposeResult:
        yield RecordTable(COLUMNS, empty_text="No log entries yet.", id="logs-table")

    def reload(self) -> None:
        with self.guard("load logs"):
            entries = self.services.logs.recent(RECENT)
            self.query_one(RecordTable).sync(log_row(entry) for entry in entries)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        return f"latest {self.query_one(RecordTable).total_count} entries (ctrl+r reloads)"
