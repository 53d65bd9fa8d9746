"""The runs of one job, newest first; `enter` opens a run, `r` starts another one. Without a
job: every run, ad-hoc backups (a device page's `b`, `device backup`) included.

Runs of this process are followed through the runtime events; runs of another process (the
headless scheduler, a second console) are read again every second while they are going.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message

from netraven_tui.domain import Job, JobRun, NetRavenError
from netraven_tui.runtime.events import DeviceDone, RunFinished, RunStarted
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.formatting import plural
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.run_view import RunViewScreen, run_now
from netraven_tui.tui.widgets.job_rows import targets_text
from netraven_tui.tui.widgets.record_table import RecordTable
from netraven_tui.tui.widgets.run_progress import RunTally
from netraven_tui.tui.widgets.run_rows import RUN_COLUMNS, run_row

RUNS_SHOWN = 200
POLL_SECONDS = 1.0


class RunsScreen(AreaScreen):
    """Pushed over the jobs area; `q`/`escape` go back to the jobs."""

    AREA = "jobs"
    FOLLOWS_RUNTIME = True
    BINDINGS = [
        Binding("enter", "open", "Open run"),
        Binding("r", "run", "Run now"),
        Binding("escape", "back", "Back", show=False),
    ]

    class Loaded(Message):
        """The job and its latest runs, newest first (``job`` None when it could not be read)."""

        def __init__(self, job: Job | None, runs: list[JobRun], error: str | None = None) -> None:
            super().__init__()
            self.job = job
            self.runs = runs
            self.error = error

    def __init__(self, job: Job | None) -> None:
        super().__init__()
        self.job = job
        self.TITLE = f"Runs of {job.name}" if job is not None else "All runs"  # type: ignore[misc]
        self.runs: dict[int, JobRun] = {}
        self.tallies: dict[int, RunTally] = {}

    def compose_body(self) -> ComposeResult:
        yield RecordTable(
            RUN_COLUMNS, empty_text="No runs yet. Press r to run the job now.", id="runs-table"
        )

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)

    def on_screen_resume(self) -> None:
        if self.runs:
            self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        try:
            job = self.services.jobs.get(self.job.id) if self.job is not None else None
            runs = self.services.runs.list(job.id if job else None, limit=RUNS_SHOWN)
        except NetRavenError as error:
            self.post_message(self.Loaded(None, [], str(error)))
            return
        self.post_message(self.Loaded(job, runs))

    def on_runs_screen_loaded(self, message: Loaded) -> None:
        if message.error or (self.job is not None and message.job is None):
            self.notify(message.error or "job not found", severity="error")
            return
        self.job = message.job
        self.runs = {run.id: run for run in message.runs}
        for run_id in [
            key for key in self.tallies if key not in self.runs or self.runs[key].status.finished
        ]:
            del self.tallies[run_id]
        self._show_rows()

    def _show_rows(self) -> None:
        now = self.host.clock()
        rows = [
            run_row(run, self.tallies.get(run.id) or RunTally.of(run), now, self.job is None)
            for run in self.runs.values()
        ]
        self.query_one(RecordTable).sync(rows)
        self.set_status(self.status_text())

    def _poll(self) -> None:
        """Runs of other processes are not in our events: read them again while they go."""
        going = [run.id for run in self.runs.values() if not run.status.finished]
        if not going or not self.is_current:
            return
        runtime = self.host.runtime
        ours = set(runtime.runner.active_runs()) if runtime is not None else set()
        if any(run_id not in ours for run_id in going):
            self.reload()
        else:
            self._show_rows()  # the 'took' column of our own running runs

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        """This job's runs start, move and finish in place; a finished one is read again (now
        when on view, else when shown again)."""
        reload = False
        touched = False
        for event in batch.events:
            if isinstance(event, RunStarted | RunFinished) and self._mine(event.run):
                self.runs[event.run.id] = event.run
                if isinstance(event, RunStarted):
                    self.tallies[event.run.id] = RunTally(event.run.total)
                else:
                    self.tallies.pop(event.run.id, None)
                    reload = True
                touched = True
            elif isinstance(event, DeviceDone) and event.run_id in self.tallies:
                self.tallies[event.run_id].add(event.result)
                touched = True
        if touched:
            self._show_rows()
        if reload and self.is_current:
            self.reload()

    def _mine(self, run: JobRun) -> bool:
        return self.job is None or run.job_id == self.job.id

    def status_text(self) -> str:
        job = self.job
        shown = plural(len(self.runs), "run")
        if job is None:
            return f"every job's, and the devices backed up on their own · {shown} shown"
        return f"{job.kind} on {targets_text(job)} · {shown} shown"

    @property
    def current(self) -> JobRun | None:
        key = self.query_one(RecordTable).cursor_key
        return self.runs.get(key) if key is not None else None  # type: ignore[arg-type]

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action == "run":
            return self.host.runtime is not None and self.job is not None
        return allowed

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        run = self.current
        if run is not None:
            self.app.push_screen(RunViewScreen(run.id, run.job_name))

    def action_run(self) -> None:
        if self.job is not None:
            run_now(self, self.job)
