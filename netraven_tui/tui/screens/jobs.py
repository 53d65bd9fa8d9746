"""Jobs (read-only for now): what runs, on which tags and devices, and when — in words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult

from netraven_tui.domain import Job
from netraven_tui.services.schedules import describe
from netraven_tui.tui.formatting import plural
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (Column("Job", 22), Column("Kind", 12), Column("Schedule", 16), Column("Targets"),
           Column("Enabled", 7))


def job_row(job: Job) -> Row:
    targets = ", ".join([*(f"#{t}" for t in job.tags), *job.devices]) or "-"
    name = f"{job.name} (system)" if job.is_system else job.name
    schedule = describe(job.schedule_kind, job.interval_seconds, job.cron, job.run_at)
    enabled = Text("yes", style="green") if job.enabled else Text("no", style="dim")
    return Row(job.id, (name, str(job.kind), schedule, targets, enabled), sort_key=job.name,
               search=f"{job.name} {job.kind} {schedule} {targets}".lower())


class JobsScreen(AreaScreen):
    AREA = "jobs"
    TITLE = "Jobs"

    def compose_body(self) -> ComposeResult:
        yield RecordTable(COLUMNS, empty_text="No jobs.", id="jobs-table")

    def reload(self) -> None:
        with self.guard("load jobs"):
            jobs = self.services.jobs.list()
            self.query_one(RecordTable).sync(job_row(job) for job in jobs)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        table = self.query_one(RecordTable)
        return f"{plural(table.total_count, 'job')} (running and editing jobs arrive with the engine)"
