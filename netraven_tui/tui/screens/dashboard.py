"""Dashboard, the first screen after login: backups by state, the failing devices with their
error kind, runs in progress (live), the next scheduled runs, who leads the scheduler, and the
latest configuration changes; Enter on any of them goes deeper."""

from __future__ import annotations

import time
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
    DeviceListing,
    JobRun,
    NetRavenError,
    RunStatus,
)
from netraven_tui.runtime.console import ConsoleRuntime
from netraven_tui.runtime.events import DeviceDone, RunFinished, RunStarted
from netraven_tui.services import Services
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.config_text import ConfigDiffScreen
from netraven_tui.tui.screens.device_page import open_device
from netraven_tui.tui.screens.jobs import next_run_times
from netraven_tui.tui.screens.run_view import RunViewScreen
from netraven_tui.tui.widgets.dashboard_rows import (
    COUNT_COLUMNS,
    FAILING_COLUMNS,
    RUN_COLUMNS,
    Count,
    count_rows,
    counts,
    failing_rows,
    run_rows,
)
from netraven_tui.tui.widgets.record_table import RecordTable, Row
from netraven_tui.tui.widgets.run_panels import (
    CHANGE_COLUMNS,
    SchedulerState,
    change_row,
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
    """What one refresh read, the rows built (in the worker: 50,000 devices are counted there)."""

    counts: list[Count]
    failed: list[DeviceListing]  # devices whose last backup failed
    failed_rows: list[Row]
    failing_since: dict[int, datetime]  # by device id; from the last scan (every minute)
    scanned: bool  # the failing-since scan ran in this refresh
    running: list[tuple[JobRun, RunTally]]
    scheduler: SchedulerState
    changes: list[ConfigVersion]
    failing_channels: list[Channel] = field(default_factory=list)


class DashboardScreen(AreaScreen):
    """Every figure leads somewhere: tab moves between the tables, Enter opens what is under
    the cursor (a count its devices, a failing device its page, a run its live view, a change
    its diff)."""

    AREA = "dashboard"
    TITLE = "Dashboard"
    FOLLOWS_RUNTIME = True
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("enter", "open", "Open", show=False),  # in ? help
    ]

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
        self.counts: dict[str, Count] = {}
        self.changes: dict[int, ConfigVersion] = {}
        self.failed: dict[int, DeviceListing] = {}
        self._since: dict[int, datetime] = {}
        self._failing_at: float | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="dashboard-panels"):
            yield RecordTable(COUNT_COLUMNS, id="backup-counts", classes="panel")
            yield RecordTable(
                FAILING_COLUMNS, empty_text="No backup failing.", id="failing", classes="panel"
            )
            yield Static("", id="scheduler-panel", classes="panel")
        warning = Static("", id="notify-warning")  # shown only while a channel fails
        warning.display = False
        yield warning
        yield RecordTable(RUN_COLUMNS, empty_text="No runs in progress.", id="runs")
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
        due = self._failing_at is None or time.monotonic() - self._failing_at >= FAILING_EVERY
        self._load(None if due else self._since)

    # ``description``: Textual would otherwise repr() ``since`` (a time per failing device)
    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="dashboard")
    def _load(self, since: dict[int, datetime] | None) -> None:
        host = self.host
        try:
            data = gather(host.runtime, self.services, host.clock(), since)
        except NetRavenError as error:
            self.post_message(self.Loaded(None, str(error)))
            return
        self.post_message(self.Loaded(data))

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        data = message.data
        if data is None:
            self.notify(message.error or "dashboard not loaded", severity="error")
            return
        if data.scanned:
            self._failing_at = time.monotonic()
        self._since = data.failing_since
        self.data = data
        fresh: dict[int, tuple[JobRun, RunTally]] = {}
        for run, tally in data.running:
            known = self.running.get(run.id)  # events may be ahead of the read
            fresh[run.id] = (
                known if known is not None and known[1].done > tally.done else (run, tally)
            )
        self.running = fresh
        now = self.host.clock()
        self.counts = {figure.key: figure for figure in data.counts}
        self.query_one("#backup-counts", RecordTable).sync(count_rows(list(self.counts.values())))
        self.failed = {device.id: device for device in data.failed}
        self.query_one("#failing", RecordTable).sync(data.failed_rows)
        self.query_one("#scheduler-panel", Static).update(scheduler_panel(data.scheduler, now))
        warning = self.query_one("#notify-warning", Static)
        warning.display = bool(data.failing_channels)
        warning.update(failing_channels_line(data.failing_channels))
        self._show_runs()
        self.changes = {version.id: version for version in data.changes}
        self.query_one("#recent-changes", RecordTable).sync(
            change_row(version) for version in data.changes
        )
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
        table = self.query_one("#runs", RecordTable)
        table.sync(run_rows(running))
        table.styles.height = max(len(running), 1) + 1  # the header, then a line per run
        table.can_focus = bool(running)  # no tab stop on an empty table

    def status_text(self) -> str:
        return f"signed in as {self.actor.name} ({self.actor.role}) · tab: next table, enter: open"

    # ------------------------------------------------------------------ drill-downs

    async def action_open(self) -> None:
        """Enter goes deeper from whichever table has the focus."""
        table = self.focused if isinstance(self.focused, RecordTable) else None
        key = table.cursor_key if table is not None else None
        if table is None or key is None:
            return
        if table.id == "backup-counts":
            figure = self.counts.get(str(key))
            if figure is not None:
                await self.host.show_devices(figure.words, figure.only, figure.label)
        elif table.id == "failing":
            device = self.failed.get(key)  # type: ignore[call-overload]
            if device is not None:
                open_device(self, device.id, device.hostname)
        elif table.id == "runs":
            pair = self.running.get(key)  # type: ignore[call-overload]
            if pair is not None:
                self.app.push_screen(RunViewScreen(pair[0].id, pair[0].job_name))
        elif table.id == "recent-changes":
            version = self.changes.get(key)  # type: ignore[call-overload]
            if version is not None:
                self.app.push_screen(ConfigDiffScreen(version.hostname, None, version.commit))


def gather(
    runtime: ConsoleRuntime | None,
    services: Services,
    now: datetime,
    since: dict[int, datetime] | None = None,
) -> DashboardData:
    """Read everything the dashboard shows (worker thread); ``since``: the last failing-since
    scan, or None to scan again (it reads every device's failures since its last success)."""
    scanned = since is None
    if since is None:
        since = services.runs.failing_since()
    cutoff = now - FAILING_AFTER
    # Every 5 s while shown: the figures counted by the database and only the failed devices
    # read (at 50,000 devices, reading them all to count took 0.5 s of this thread's CPU, and
    # the devices area opened twice as slowly when that refresh ran at the same moment).
    figures_of = services.devices.backup_counts()
    failed = services.devices.listing(failed_only=True)
    stuck = [d.id for d in failed if d.id in since and since[d.id] <= cutoff]
    figures = counts(figures_of, stuck)
    running = [
        (run, RunTally.of(run, services.runs.results(run.id)))
        for status in (RunStatus.RUNNING, RunStatus.QUEUED)
        for run in services.runs.list(limit=RUNS_SHOWN, status=status)
    ]
    return DashboardData(
        figures,
        failed,
        failing_rows(failed, since, now),
        since,
        scanned,
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
