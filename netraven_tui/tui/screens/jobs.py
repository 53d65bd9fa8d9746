"""Jobs: what runs, on which targets, when (in words and as a countdown), and how it went last.

`a` add, `e` edit, `enter` the job's runs, `space` enable/disable, `r` run now (in this
process, whoever leads the scheduler), `d` delete (never offered for the system job).
"""

from __future__ import annotations

import time
from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message

from netraven_tui.domain import Job, JobRun, NetRavenError
from netraven_tui.runtime.console import ConsoleRuntime
from netraven_tui.runtime.events import RunFinished, RunStarted
from netraven_tui.runtime.triggers import planned_next_runs
from netraven_tui.services import Services
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.formatting import plural
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.job_form import job_form
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.run_view import run_now
from netraven_tui.tui.screens.runs import RunsScreen
from netraven_tui.tui.widgets.job_rows import JOB_COLUMNS, job_row
from netraven_tui.tui.widgets.record_table import RecordTable

TICK_SECONDS = 1.0  # the countdown column
RELOAD_SECONDS = 15.0  # other processes' changes and runs
DUE_RELOAD_GAP = 3.0  # after a countdown reaches 'due', read the next fire time again


class JobsScreen(AreaScreen):
    AREA = "jobs"
    TITLE = "Jobs"
    FOLLOWS_RUNTIME = True
    BINDINGS = [
        Binding("enter", "open", "Runs"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("space", "toggle", "On/off"),
        Binding("r", "run", "Run now"),
        Binding("R", "all_runs", "All runs", show=False),  # in ? help: the footer is full at 80
        Binding("d", "delete", "Delete"),
    ]

    class Loaded(Message):
        """Jobs with their latest run and next fire time, read off the UI thread."""

        def __init__(
            self,
            jobs: list[Job],
            last_runs: dict[int, JobRun],
            next_times: dict[int, datetime],
            seen: int,
            error: str | None = None,
        ) -> None:
            super().__init__()
            self.seen = seen  # the screen's change count when the load began
            self.jobs = jobs
            self.last_runs = last_runs
            self.next_times = next_times
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[int, Job] = {}
        self.last_runs: dict[int, JobRun] = {}
        self.next_times: dict[int, datetime] = {}
        self._loaded_at = 0.0
        self._highlighted: object = None

    def compose_body(self) -> ComposeResult:
        yield RecordTable(JOB_COLUMNS, empty_text="No jobs. Press a to add one.", id="jobs-table")

    def on_mount(self) -> None:
        self.set_interval(TICK_SECONDS, self._tick)

    def on_screen_resume(self) -> None:
        if self._loaded_at and time.monotonic() - self._loaded_at > 1.0:
            self.reload()  # back from a run: its 'last run' cell

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self._loaded_at = time.monotonic()
        self._load(self.changes)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self, seen: int) -> None:
        services = self.services
        host = self.host
        try:
            jobs = services.jobs.list()
            last = dict(services.runs.last_per_job())
            upcoming = next_run_times(host.runtime, services, host.clock())
        except NetRavenError as error:
            self.post_message(self.Loaded([], {}, {}, seen, str(error)))
            return
        self.post_message(self.Loaded(jobs, last, upcoming, seen))

    def on_jobs_screen_loaded(self, message: Loaded) -> None:
        if message.error:
            self.notify(message.error, severity="error")
            return
        if self.is_stale(message.seen):  # read before a change of ours went through
            self.reload()
            return
        self.jobs = {job.id: job for job in message.jobs}
        self.last_runs = message.last_runs
        self.next_times = message.next_times
        self._show_rows()
        self.refresh_bindings()

    def _show_rows(self) -> None:
        now = self.host.clock()
        rows = [
            job_row(job, self.last_runs.get(job.id), self.next_times.get(job.id), now)
            for job in self.jobs.values()
        ]
        self.query_one(RecordTable).sync(rows)
        self.set_status(self.status_text())

    def _tick(self) -> None:
        """Move the countdowns; read again when one is due or the data is getting old."""
        if not self.jobs or not self.is_current:
            return
        self._show_rows()
        now = self.host.clock()
        due = any(when <= now for when in self.next_times.values())
        waited = time.monotonic() - self._loaded_at
        if waited >= RELOAD_SECONDS or (due and waited >= DUE_RELOAD_GAP):
            self.reload()

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        """A run started or finished: its job's 'last run' cell changes."""
        changed = False
        for event in batch.events:
            if isinstance(event, RunStarted | RunFinished) and event.run.job_id is not None:
                self.last_runs[event.run.job_id] = event.run
                changed = True
        if changed:
            self._show_rows()

    def status_text(self) -> str:
        enabled = sum(1 for job in self.jobs.values() if job.enabled)
        return f"{plural(len(self.jobs), 'job')}, {enabled} enabled" + _leader_note(
            self.host.runtime
        )

    @property
    def current(self) -> Job | None:
        key = self.query_one(RecordTable).cursor_key
        return self.jobs.get(key) if key is not None else None  # type: ignore[arg-type]

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed:
            return allowed
        job = self.current
        if action == "delete":
            return job is not None and not job.is_system
        if action == "run":
            return self.host.runtime is not None
        return True

    def on_record_table_highlighted(self, message: RecordTable.Highlighted) -> None:
        if message.key != self._highlighted:
            self._highlighted = message.key
            self.refresh_bindings()  # delete is not offered on the system job's row

    def action_open(self) -> None:
        job = self.current
        if job is not None:
            self.app.push_screen(RunsScreen(job))

    def action_all_runs(self) -> None:
        """Every run, the ad-hoc backups of single devices included (they have no job)."""
        self.app.push_screen(RunsScreen(None))

    def action_add(self) -> None:
        self.app.push_screen(job_form(self.services, now=self.host.clock()), self._saved)

    def action_edit(self) -> None:
        job = self.current
        if job is None:
            return
        self.read_in_thread(  # as stored now, not as listed
            lambda: self.services.jobs.get(job.id),
            lambda fresh: self.app.push_screen(
                job_form(self.services, fresh, now=self.host.clock()), self._saved
            ),
            doing="edit",
        )

    def _saved(self, job: Job | None) -> None:
        if job is None:
            return
        self.note_change()
        self.jobs[job.id] = job
        self._show_rows()
        self.query_one(RecordTable).move_to(job.id)
        self.notify(f"job {job.name} saved")
        self.reload()  # its next fire time

    def action_toggle(self) -> None:
        job = self.current
        if job is None:
            return

        def toggled(updated: Job) -> None:
            self.jobs[updated.id] = updated
            self._show_rows()
            self.notify(f"job {updated.name} {'enabled' if updated.enabled else 'disabled'}")
            self.reload()

        self.write_in_thread(
            lambda: self.services.jobs.set_enabled(job.id, not job.enabled),
            toggled,
            doing="enable/disable",
        )

    def action_run(self) -> None:
        job = self.current
        if job is not None:
            run_now(self, job)

    def action_delete(self) -> None:
        job = self.current
        if job is None or job.is_system:
            return

        def deleted(_: object) -> None:
            self.jobs.pop(job.id, None)
            self.query_one(RecordTable).remove(job.id)
            self.set_status(self.status_text())
            self.notify(f"job {job.name} deleted")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write_in_thread(
                    lambda: self.services.jobs.delete(job.id), deleted, doing="delete"
                )

        self.app.push_screen(
            ConfirmModal(f"Delete job {job.name}?", "Its past runs and logs stay."), confirmed
        )


def next_run_times(
    runtime: ConsoleRuntime | None, services: Services, now: datetime
) -> dict[int, datetime]:
    """Next fire time per job: the live scheduler's when this process leads, else computed from
    the triggers (every process computes the same grid). Call from a worker thread."""
    if runtime is not None and runtime.scheduler is not None and runtime.scheduler.is_leader:
        return runtime.scheduler.next_run_times()
    return planned_next_runs(services, now=now)


def _leader_note(runtime: ConsoleRuntime | None) -> str:
    if runtime is None or runtime.scheduler is None:
        return ""
    return (
        " · this console fires them"
        if runtime.scheduler.is_leader
        else " · another process fires them"
    )
