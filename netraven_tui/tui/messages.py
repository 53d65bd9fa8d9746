"""Messages that carry results from worker threads to the UI (the only way threads talk to it)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from textual.message import Message

from netraven_tui.domain import ImportReport
from netraven_tui.tui.connection import ConnectionStep
from netraven_tui.tui.widgets.record_table import Row


class RowsLoaded(Message):
    """A screen's rows, built off the UI thread (``error`` set when loading failed)."""

    def __init__(self, rows: Sequence[Row], records: Mapping[Hashable, object] | None = None,
                 summary: str = "", error: str | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.records = dict(records or {})
        self.summary = summary
        self.error = error


class ImportFinished(Message):
    """A CSV import ended: a report, or the reason the file could not be used at all."""

    def __init__(self, path: str, report: ImportReport | None, error: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.report = report
        self.error = error


class ConnectionStepDone(Message):
    """One step of a connection test finished."""

    def __init__(self, step: ConnectionStep) -> None:
        super().__init__()
        self.step = step


class ConnectionTestFinished(Message):
    """The connection test ended (``error`` when it could not run to the end)."""

    def __init__(self, error: str | None = None) -> None:
        super().__init__()
        self.error = error


class OverviewLoaded(Message):
    """The dashboard's figures and recent log rows, gathered off the UI thread."""

    def __init__(self, figures: Sequence[tuple[str, str, str]], log_rows: Sequence[Row],
                 error: str | None = None) -> None:
        super().__init__()
        self.figures = figures  # (label, value, style)
        self.log_rows = log_rows
        self.error = error
