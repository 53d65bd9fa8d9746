"""Dashboard, the first screen after login: backups by state, devices failing for more than a
day, runs in progress (live), the next scheduled runs, who leads the scheduler, and the latest
configuration changes."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from netraven_tui.domain import (
    Channel,
    ConfigVersion,
    Device,
    JobRun,
    NetRavenError,
    ResultStatus,
    RunStatus,
)
from netraven_tui.runtime.console import ConsoleRuntime
from netraven_tui.runtime.events import DeviceDone, RunFinished, RunStarted
from netraven_tui.services import Services
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.jobs import next_run_times
from netraven_tui.tui.widgets.record_table import RecordTable
from netraven_tui.tui.widgets.run_panels import (
    CHANGE_COLUMNS,
    SchedulerState,
    backups_panel,
    change_row,
    runs_panel,
    scheduler_panel,
)
from netraven_tui.tui.widgets.run_progress import RunTally

REFRESH_SECONDS = 5.0
FAILING_EVERY = 60.0  # the 'failing for more than a day' scan reads a day of results
FAILING_AFTER = timedelta(days=1)
RECENT_CHANGES = 50
NEXT_SHOWN = 5
RUNS_SHOWN = 6


@dataclass
class DashboardData:
    """What one refresh read (``failing`` is None when that scan was not due)."""

    figures: list[tuple[str, int, str]]
    failing: list[Device] | None
    running: list[tuple[JobRun, RunTally]]
    scheduler: SchedulerState
    changes: list[ConfigVersion]
    failing_channels: list[Channel] = field(default_factory=list)


class DashboardScreen(AreaScreen):
    AREA = "dashboard"
    TITLE = "Dashboard"
    FOLLOWS_RUNTIME = True
    BINDINGS = [Binding("q", "app.quit", "Quit")]

    class Loaded(Message):
        """Everything the dashboard shows, gathered off the UI thread (``error`` when not)."""

        def __init__(self, data: DashboardData | None, error: str | None = None) -> None:
            super().__init__()
            self.data = data
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.data: DashboardData | None = None
        self.running: dict[int, tuple[JobRun, RunTally]] = {}
        self._failing_at: float | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="dashboard-panels"):
            yield Static("loading…", id="backups-panel", classes="panel")
            yield Static("", id="scheduler-panel", classes="panel")
        warning = Static("", id="notify-warning")  # shown only while a channel fails
        warning.display = False
        yield warning
        yield Static("Runs in progress", classes="section-title")
        yield Static("", id="runs-panel")
        yield Static("Recent configuration changes", classes="section-title")
        yield RecordTable(
            CHANGE_COLUMNS, empty_text="No configuration changes yet.", id="recent-changes"
        )

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self._refresh)

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()

    def _refresh(self) -> None:
        if self.is_current:  # a screen in another area waits until it is shown again
            self.reload()

    def reload(self) -> None:
        self._load(self._failing_at is None or time.monotonic() - self._failing_at >= FAILING_EVERY)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self, scan_failing: bool) -> None:
        host = self.host
        try:
            data = gather(host.runtime, self.services, host.clock(), scan_failing)
        except NetRavenError as error:
            self.post_message(self.Loaded(None, str(error)))
            return
        self.post_message(self.Loaded(data))

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        data = message.data
        if data is None:
            self.notify(message.error or "dashboard not loaded", severity="error")
            return
        if data.failing is not None:
            self._failing_at = time.monotonic()
        elif self.data is not None:
            data.failing = self.data.failing
        self.data = data
        fresh: dict[int, tuple[JobRun, RunTally]] = {}
        for run, tally in data.running:
            known = self.running.get(run.id)  # events may be ahead of the read
            fresh[run.id] = (
                known if known is not None and known[1].done > tally.done else (run, tally)
            )
        self.running = fresh
        now = self.host.clock()
        failing = data.failing or []
        figures = [
            *data.figures[:3],
            ("Failing > 1 day", len(failing), "bold red"),
            *data.figures[3:],
        ]
        self.query_one("#backups-panel", Static).update(backups_panel(figures, failing))
        self.query_one("#scheduler-panel", Static).update(scheduler_panel(data.scheduler, now))
        warning = self.query_one("#notify-warning", Static)
        warning.display = bool(data.failing_channels)
        warning.update(failing_channels_line(data.failing_channels))
        self._show_runs()
        self.query_one(RecordTable).sync(change_row(version) for version in data.changes)
        self.set_status(self.status_text())

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        """Runs of this process move their bars at once; a finished run refreshes the figures
        (now when the dashboard is on view, else when it is shown again)."""
        finished = False
        for event in batch.events:
            if isinstance(event, RunStarted):
                self.running[event.run.id] = (event.run, RunTally(event.run.total))
            elif isinstance(event, DeviceDone) and event.run_id in self.running:
                self.running[event.run_id][1].add(event.result)
            elif isinstance(event, RunFinished):
                self.running.pop(event.run.id, None)
                finished = True
        self._show_runs()
        if finished and self.is_current:
            self.reload()

    def _show_runs(self) -> None:
        running = sorted(self.running.values(), key=lambda pair: pair[0].id)[:RUNS_SHOWN]
        panel = self.query_one("#runs-panel", Static)
        panel.update(runs_panel(running, panel.size.width or self.app.size.width))

    def status_text(self) -> str:
        return f"signed in as {self.actor.name} ({self.actor.role})"


def gather(
    runtime: ConsoleRuntime | None, services: Services, now: datetime, scan_failing: bool
) -> DashboardData:
    """Read everything the dashboard shows (worker thread)."""
    devices = services.devices.list()
    backup = Counter(
        "never"
        if d.last_backup_at is None
        else "ok"
        if d.last_backup_status == ResultStatus.SUCCESS
        else "failed"
        for d in devices
    )
    failing = failing_for_a_day(services, devices, now) if scan_failing else None
    figures = [
        ("Devices", len(devices), "bold"),
        ("Backup ok", backup["ok"], "green"),
        ("Backup failed", backup["failed"], "bold red"),
        ("Never backed up", backup["never"], "yellow"),
        ("Unreachable", sum(1 for d in devices if d.last_reach_ok is False), "bold red"),
    ]
    running = [
        (run, RunTally.of(run, services.runs.results(run.id)))
        for status in (RunStatus.RUNNING, RunStatus.QUEUED)
        for run in services.runs.list(limit=RUNS_SHOWN, status=status)
    ]
    return DashboardData(
        figures,
        failing,
        running,
        scheduler_state(runtime, services, now),
        services.configs.recent(RECENT_CHANGES),
        services.notifications.failing(),
    )


def failing_channels_line(channels: list[Channel]) -> Text:
    """`Notifications failing: ops-mail (connection refused), …  (9 or :notifications)`."""
    names = ", ".join(
        f"{c.name} ({c.last_error[:40]}{'…' if len(c.last_error) > 40 else ''})" for c in channels
    )
    return Text(f" Notifications failing: {names}  (:notifications)", style="bold red")


def failing_for_a_day(services: Services, devices: list[Device], now: datetime) -> list[Device]:
    """Devices whose backups have been failing for more than a day (since their last success),
    longest first."""
    since = services.runs.failing_since()
    cutoff = now - FAILING_AFTER
    stuck = [d for d in devices if d.id in since and since[d.id] <= cutoff]
    return sorted(stuck, key=lambda d: since[d.id])


def scheduler_state(
    runtime: ConsoleRuntime | None, services: Services, now: datetime
) -> SchedulerState:
    """Who leads (the lease row, whoever holds it) and the next fire times (worker thread)."""
    scheduler = runtime.scheduler if runtime is not None else None
    state = SchedulerState(leader=services.leader())
    if scheduler is not None:
        state.leading_here = scheduler.is_leader
        state.timezone = scheduler.timezone_name
    jobs = {job.id: job for job in services.jobs.list()}
    upcoming = sorted(
        (when, job_id)
        for job_id, when in next_run_times(runtime, services, now).items()
        if job_id in jobs
    )
    state.upcoming = [(when, jobs[job_id]) for when, job_id in upcoming[:NEXT_SHOWN]]
    state.push = services.pushes.last()
    return state
