"""What a CSV import did: created, updated, and every line that was skipped with the reason."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from netraven_tui.domain import ImportReport
from netraven_tui.tui.modals.dialog import DialogScreen


class ImportResultModal(DialogScreen[None]):
    """A summary line, then the bad lines (scrollable). Any key in BINDINGS closes it."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, path: str, report: ImportReport) -> None:
        super().__init__()
        self.path = path
        self.report = report

    def compose(self) -> ComposeResult:
        report = self.report
        with Vertical(classes="dialog"):
            yield Static(f"Import of {self.path}", classes="dialog-title")
            summary = Text()
            summary.append(f"{len(report.created)} created", style="bold green")
            summary.append(f", {len(report.updated)} updated, ")
            summary.append(f"{report.skipped} skipped", style="bold red" if report.skipped else "")
            if report.tags_created:
                summary.append(f"\nnew tags: {', '.join(report.tags_created)}")
            yield Static(summary, id="import-summary")
            if report.problems:
                lines = Text("\n".join(str(problem) for problem in report.problems))
                with VerticalScroll(id="import-problems"):
                    yield Static(lines)
            yield Static("enter or esc to close", classes="dialog-help")

    def action_close(self) -> None:
        self.dismiss(None)
