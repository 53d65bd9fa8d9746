"""One run, live: a progress bar with per-state counts and a row per device, updated in place.

This process's runs are followed through the runtime events (one batch per bridge flush, rows
replaced by key); runs of another process are read again every second until they finish.
`enter` shows a device's log lines for the run, `c` cancels a run this process is running.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from netraven_tui.domain import (
    DeviceResult,
    DeviceTarget,
    Job,
    JobRun,
    NetRavenError,
    NotFound,
    ResultStatus,
)
from netraven_tui.runtime.events import DeviceDone, DeviceProgress, RunFinished, RunStarted
from netraven_tui.services import Services
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.run_logs import RunLogsModal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.record_table import RecordTable, Row
from netraven_tui.tui.widgets.run_progress import RunTally, progress_line, status_text
from netraven_tui.tui.widgets.run_rows import (
    DEVICE_COLUMNS,
    device_key,
    duration,
    pending_row,
    result_row,
    run_took,
    short_time,
    upsert_rows,
)

POLL_SECONDS = 1.0


class RunViewScreen(AreaScreen):
    """Pushed over the jobs area; `q`/`escape` go back."""

    AREA = "jobs"
    FOLLOWS_RUNTIME = True
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("l", "logs", "Device log"),
        Binding("c", "cancel_run", "Cancel run"),
        Binding("escape", "back", "Back", show=False),
    ]

    class Loaded(Message):
        """The run as stored: its record, the device results so far and (while running) its
        targets and the process running it (host:pid)."""

        def __init__(
            self,
            run: JobRun | None,
            results: list[DeviceResult] | None = None,
            targets: list[DeviceTarget] | None = None,
            owner: str = "",
            error: str | None = None,
        ) -> None:
            super().__init__()
            self.run = run
            self.results = results or []
            self.targets = targets or []
            self.owner = owner
            self.error = error
            # Built here, in the worker: a 5,000-device run's rows are not built on the UI thread.
            self.rows = {device_key(result): result_row(result) for result in self.results}
            self.pending = {target.id: pending_row(target) for target in self.targets}

    def __init__(self, run_id: int, job_name: str = "") -> None:
        super().__init__()
        self.run_id = run_id
        self.TITLE = f"Run {run_id}" + (f" of {job_name}" if job_name else "")  # type: ignore[misc]
        self.run: JobRun | None = None
        # This process's runtime reported on the run: its RunFinished will come on the bus too,
        # even after the runner has let go of it (no reload in that gap).
        self._reported = False
        self.results: dict[Hashable, DeviceResult] = {}
        self.targets: dict[int, DeviceTarget] = {}
        self.loaded = False
        self._last_result_id = 0
        self.owner = "another process"
        self._no_row = True

    def compose_body(self) -> ComposeResult:
        yield Static("loading…", id="run-summary")
        yield Static("", id="run-progress")
        yield RecordTable(DEVICE_COLUMNS, empty_text="No devices reported yet.", id="run-devices")

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._tick)

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()  # a run of another process went on while a screen was over this one

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        runs = self.services.runs
        runtime = self.host.runtime
        try:
            run = runs.get(self.run_id)
            # Polling a run of another process: only the results stored since the last read.
            since = (
                self._last_result_id
                if self.loaded and self.run and not self.run.status.finished
                else None
            )
            results = runs.results(self.run_id, after_id=since)
            targets: list[DeviceTarget] = []
            ours = runtime.runner.targets_of(run.id) if runtime is not None else None
            if not run.status.finished and ours is not None:
                targets = ours  # exactly the run's devices (an ad-hoc run's chosen few)
            elif not run.status.finished and run.job_id is not None:
                # A run of another process: its job's devices as they are now (the run's own
                # list lives in that process); an ad-hoc run shows its results only.
                try:
                    targets = runs.targets(run.job_id)
                except NotFound:
                    targets = []
        except NetRavenError as error:
            self.post_message(self.Loaded(None, error=str(error)))
            return
        owner = "" if run.status.finished else run_owner(self.services, run)
        self.post_message(self.Loaded(run, list(results), targets, owner))

    def on_run_view_screen_loaded(self, message: Loaded) -> None:
        if message.run is None:
            self.notify(message.error or f"run {self.run_id} not found", severity="error")
            return
        # Events may have overtaken this read: a finished run and known results always win.
        if self.run is None or not self.run.status.finished or message.run.status.finished:
            self.run = message.run
        self.owner = message.owner or self.owner
        for result in message.results:
            self.results[device_key(result)] = result
            self._last_result_id = max(self._last_result_id, result.id)
        self.targets = {t.id: t for t in message.targets} if not self.run.status.finished else {}
        table = self.query_one(RecordTable)
        rows = self._all_rows(message.rows, message.pending)
        if self.loaded:
            table.sync(rows)
        else:
            table.load(rows)
            self.loaded = True
        self._show_summary()
        self.refresh_bindings()

    def _all_rows(
        self, built: dict[Hashable, Row] | None = None, pending: dict[int, Row] | None = None
    ) -> list[Row]:
        """A row per result and per target still pending. ``built``/``pending``: the rows a
        worker made of what it read (the results and targets just taken from its read)."""
        built = built or {}
        pending = pending or {}
        rows = {key: built.get(key) or result_row(result) for key, result in self.results.items()}
        for target in self.targets.values():
            rows.setdefault(target.id, pending.get(target.id) or pending_row(target))
        return list(rows.values())

    def _tick(self) -> None:
        run = self.run
        if run is None or run.status.finished or not self.is_current:
            return
        if self._ours(run):
            self._show_summary()  # the clock moves
        else:
            self.reload()

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        """Apply a batch: rows replaced by key, one repaint, one summary update."""
        fresh: list[DeviceResult] = []
        working: list[Row] = []
        finished = False
        for event in batch.events:
            if getattr(event, "run_id", None) == self.run_id or (
                isinstance(event, RunStarted | RunFinished) and event.run.id == self.run_id
            ):
                self._reported = True
            if isinstance(event, DeviceProgress) and event.run_id == self.run_id:
                target = self.targets.get(event.device_id)
                if target is not None and event.device_id not in self.results:
                    working.append(pending_row(target, event.stage))
            elif isinstance(event, DeviceDone) and event.run_id == self.run_id:
                fresh.append(event.result)
            elif isinstance(event, RunStarted | RunFinished) and event.run.id == self.run_id:
                if self.run is None or not self.run.status.finished:
                    self.run = event.run
                finished = finished or isinstance(event, RunFinished)
        if fresh or working:
            for result in fresh:
                self.results[device_key(result)] = result
            done = {device_key(result) for result in fresh}
            rows = [row for row in working if row.key not in done] + [
                result_row(result) for result in fresh
            ]
            upsert_rows(self.query_one(RecordTable), rows)
        if fresh or finished or any(isinstance(e, RunStarted) for e in batch.events):
            self._show_summary()
        if finished:
            # The event's run is the close as stored (commit, counts, status): no reload. Devices
            # that never reported drop their pending rows.
            self.targets = {}
            self.query_one(RecordTable).sync(self._all_rows())
            self.refresh_bindings()

    def _show_summary(self) -> None:
        run = self.run
        if run is None:
            return
        now = self.host.clock()
        summary = Text()
        summary.append(f"{run.kind} · {run.trigger} by {run.triggered_by} · ")
        summary.append(short_time(run.started_at or run.queued_at))
        summary.append(f" · {duration(run_took(run, now))} · ")
        summary.append_text(status_text(run.status))
        if run.commit:
            summary.append(f" · commit {run.commit[:10]}", style="cyan")
        if run.message and not run.message.startswith("commit "):
            summary.append(f"\n{run.message}", style="yellow")
        self.query_one("#run-summary", Static).update(summary)
        tally = RunTally.of(run, self.results.values())
        tally.total = max(tally.total, len(self.targets), tally.done)
        self.query_one("#run-progress", Static).update(progress_line(tally))
        self.set_status(self.status_text())

    def status_text(self) -> str:
        run = self.run
        if run is None:
            return ""
        if run.status.finished:
            return f"finished {short_time(run.finished_at)}"
        return f"{run.status} in " + ("this console" if self._ours(run) else self.owner)

    def _ours(self, run: JobRun) -> bool:
        runtime = self.host.runtime
        return runtime is not None and (self._reported or run.id in runtime.runner.active_runs())

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_run":
            return self.role.can_edit and self.run is not None and not self.run.status.finished
        if action in ("logs", "open"):
            return self.query_one(RecordTable).cursor_key is not None
        return super().check_action(action, parameters)

    def on_record_table_highlighted(self, message: RecordTable.Highlighted) -> None:
        # The cursor is re-set after every batch: repaint the footer only when `enter` changes.
        if (message.key is None) != self._no_row:
            self._no_row = message.key is None
            self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        """Enter goes deeper: a changed device opens the diff this run made, a failed one the
        device's page; any other row its log lines in this run."""
        key = self.query_one(RecordTable).cursor_key
        result = self.results.get(key) if key is not None else None
        # A result published live has no commit yet: the run makes one commit for all of them.
        commit = result.commit or (self.run.commit if self.run else None) if result else None
        if result is not None and result.changed and commit:
            from netraven_tui.tui.screens.config_text import ConfigDiffScreen

            self.app.push_screen(ConfigDiffScreen(result.hostname, None, commit))
        elif result is not None and result.status is ResultStatus.FAILED and result.device_id:
            from netraven_tui.tui.screens.device_page import open_device

            open_device(self, result.device_id, result.hostname)
        else:
            self.action_logs()

    def action_logs(self) -> None:
        key = self.query_one(RecordTable).cursor_key
        if key is None:
            return
        result = self.results.get(key)
        target = self.targets.get(key) if isinstance(key, int) else None
        hostname = result.hostname if result else target.hostname if target else str(key)
        device_id = key if isinstance(key, int) else None
        self.app.push_screen(RunLogsModal(self.services, self.run_id, device_id, hostname, result))

    def action_cancel_run(self) -> None:
        run = self.run
        runtime = self.host.runtime
        if run is None or run.status.finished:
            return
        if runtime is None or not self._ours(run):
            self.notify(
                f"run {run.id} belongs to {self.owner}: cancel it there",
                severity="warning",
                timeout=8,
            )
            return

        def confirmed(yes: bool | None) -> None:
            if yes and runtime.runner.cancel(run.id):
                self.notify(f"cancelling run {run.id}: devices not started yet are skipped")

        self.app.push_screen(
            ConfirmModal(
                f"Cancel run {run.id} of {run.job_name}?",
                "Devices in progress finish or time out; the rest are skipped.",
                yes="Cancel run",
            ),
            confirmed,
        )


def run_now(screen: AreaScreen, job: Job) -> None:
    """`r`: start a run of ``job`` in this process (in a worker: it writes the run's row), then
    show it live."""
    runtime = screen.host.runtime
    if runtime is None:
        return
    actor = screen.actor

    def started(run_id: int) -> None:
        screen.notify(f"run {run_id} of {job.name} started")
        screen.app.push_screen(RunViewScreen(run_id, job.name))

    screen.write_in_thread(
        lambda: runtime.runner.start(job.id, "manual", actor.name, actor=actor),
        started,
        doing=f"run {job.name}",
    )


def run_owner(services: Services, run: JobRun) -> str:
    """host:pid of the process running ``run`` (recorded with the run)."""
    return run.owner or "another process"
