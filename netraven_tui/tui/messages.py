"""Messages that carry results from worker threads to the UI (the only way threads talk to it)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import datetime

from textual.message import Message

from netraven_tui.domain import DeviceResult, DeviceTarget, ImportReport, Job, JobRun, LogEntry
from netraven_tui.tui.connection import ConnectionStep
from netraven_tui.tui.widgets.record_table import Row


class RowsLoaded(Message):
    """A screen's rows, built off the UI thread (``error`` set when loading failed)."""

    def __init__(
        self,
        rows: Sequence[Row],
        records: Mapping[Hashable, object] | None = None,
        summary: str = "",
        error: str | None = None,
    ) -> None:
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

    def __init__(
        self,
        figures: Sequence[tuple[str, str, str]],
        log_rows: Sequence[Row],
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.figures = figures  # (label, value, style)
        self.log_rows = log_rows
        self.error = error


class JobsLoaded(Message):
    """Jobs with their latest run and next fire time, read off the UI thread."""

    def __init__(
        self,
        jobs: Sequence[Job],
        last_runs: Mapping[int, JobRun],
        next_times: Mapping[int, datetime],
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.jobs = list(jobs)
        self.last_runs = dict(last_runs)
        self.next_times = dict(next_times)
        self.error = error


class RunsLoaded(Message):
    """A job and its latest runs, newest first."""

    def __init__(self, job: Job | None, runs: Sequence[JobRun], error: str | None = None) -> None:
        super().__init__()
        self.job = job
        self.runs = list(runs)
        self.error = error


class RunLoaded(Message):
    """One run as stored: its record, the device results so far and (while running) its targets."""

    def __init__(
        self,
        run: JobRun | None,
        results: Sequence[DeviceResult] = (),
        targets: Sequence[DeviceTarget] = (),
        owner: str = "",
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.run = run
        self.results = list(results)
        self.targets = list(targets)
        self.owner = owner  # host:pid of the process running it, when known
        self.error = error


class RunLogLoaded(Message):
    """Log entries of one device in one run, oldest first."""

    def __init__(self, entries: Sequence[LogEntry], error: str | None = None) -> None:
        super().__init__()
        self.entries = list(entries)
        self.error = error


class DashboardLoaded(Message):
    """Everything the dashboard shows, gathered off the UI thread (see screens/dashboard.py)."""

    def __init__(self, snapshot: object | None, error: str | None = None) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.error = error
