"""A device's log lines for one run (oldest first), under the device's result in one line."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from netraven_tui.domain import DeviceResult, LogEntry, LogFilter, NetRavenError
from netraven_tui.services import Services
from netraven_tui.tui.modals.dialog import DialogScreen
from netraven_tui.tui.widgets.run_rows import RESULT_STYLES, duration

LINES = 500
LEVEL_STYLES = {"debug": "dim", "info": "", "warning": "yellow", "error": "bold red"}


class RunLogsModal(DialogScreen[None]):
    """`escape` or `q` closes it."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    class Loaded(Message):
        """Log entries of one device in one run, oldest first."""

        def __init__(self, entries: list[LogEntry], error: str | None = None) -> None:
            super().__init__()
            self.entries = entries
            self.error = error

    def __init__(
        self,
        services: Services,
        run_id: int,
        device_id: int | None,
        hostname: str,
        result: DeviceResult | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.run_id = run_id
        self.device_id = device_id
        self.hostname = hostname
        self.result = result

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"{self.hostname} in run {self.run_id}", classes="dialog-title")
            yield Static(result_summary(self.result), id="run-log-result", classes="dialog-note")
            with VerticalScroll(id="run-log-scroll"):
                yield Static("loading…", id="run-log-lines")
            yield Static("↑↓ scroll · esc close", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#run-log-scroll").focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="run-log")
    def _load(self) -> None:
        where = LogFilter(
            run_id=self.run_id,
            device_id=self.device_id,
            text=None if self.device_id is not None else self.hostname,
        )
        try:
            entries = self.services.logs.recent(LINES, where=where)
        except NetRavenError as error:
            self.post_message(self.Loaded([], str(error)))
            return
        self.post_message(self.Loaded(list(reversed(entries))))

    def on_run_logs_modal_loaded(self, message: Loaded) -> None:
        lines = self.query_one("#run-log-lines", Static)
        if message.error:
            lines.update(Text(message.error, style="bold red"))
        elif not message.entries:
            lines.update(Text("No log lines for this device in this run.", style="dim italic"))
        else:
            lines.update(log_text(message.entries))

    def action_close(self) -> None:
        self.dismiss(None)


def result_summary(result: DeviceResult | None) -> Text:
    """'failed · auth · credential lab · 2 tries · 1.2 s' and the message, or 'pending'."""
    if result is None:
        return Text("pending: no result yet", style="dim")
    text = Text(str(result.status), style=RESULT_STYLES.get(result.status, ""))
    parts = [
        str(result.error_kind) if result.error_kind else "",
        f"credential {result.credential}" if result.credential else "",
        f"{result.attempts} {'try' if result.attempts == 1 else 'tries'}",
        duration(result.duration_ms / 1000) if result.duration_ms is not None else "",
        ("changed" if result.changed else "unchanged") if result.status == "success" else "",
    ]
    for part in filter(None, parts):
        text.append(f" · {part}")
    if result.message:
        text.append(f"\n{result.message}", style="yellow" if result.status != "success" else "")
    return text


def log_text(entries: list[LogEntry]) -> Text:
    """One line per entry: local time, level, kind, message."""
    text = Text()
    for index, entry in enumerate(entries):
        if index:
            text.append("\n")
        text.append(entry.ts.astimezone().strftime("%H:%M:%S "), style="dim")
        text.append(f"{entry.level:<7} ", style=LEVEL_STYLES.get(str(entry.level), ""))
        text.append(f"{entry.kind:<10} ", style="dim")
        text.append(entry.message)
    return text
