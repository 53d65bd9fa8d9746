"""One log entry in full: `enter` on a line of the live log, for the lines the width cuts.

A message of several hundred characters (a device's error text, a run summary naming its
commit) does not fit a line at 80 columns; here it wraps, with the entry's fields above it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from netraven_tui.domain import LogEntry
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.dialog import DialogScreen
from netraven_tui.tui.widgets.config_highlight import clean
from netraven_tui.tui.widgets.log_view import LEVEL_STYLE


def entry_fields(entry: LogEntry) -> Text:
    """'2026-11-28 12:00:00 · ERROR · job · by ada · device core-sw1 · run #12'."""
    text = Text(fmt.timestamp(entry.ts), style="dim")
    text.append(" · ")
    text.append(str(entry.level).upper(), LEVEL_STYLE.get(entry.level, ""))
    text.append(f" · {entry.kind}")
    for part in (
        f"by {entry.actor}" if entry.actor else "",
        f"device {entry.hostname}" if entry.hostname else "",
        f"run #{entry.run_id}" if entry.run_id else "",
    ):
        if part:
            text.append(f" · {part}")
    return text


class LogEntryModal(DialogScreen[None]):
    """`escape`, `q` or `enter` closes it."""

    BINDINGS = [Binding("escape,q,enter", "close", "Close")]

    def __init__(self, entry: LogEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Log entry {self.entry.id}", classes="dialog-title")
            yield Static(entry_fields(self.entry), id="log-entry-fields", classes="dialog-note")
            with VerticalScroll(id="log-entry-scroll"):
                # clean(): the message as the log line shows it (control characters made visible)
                message = "\n".join(clean(line) for line in self.entry.message.splitlines())
                yield Static(Text(message), id="log-entry-message")
            yield Static("↑↓ scroll · esc close", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#log-entry-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
