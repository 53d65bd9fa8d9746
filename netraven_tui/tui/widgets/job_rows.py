"""Rows of the jobs table: targets, schedule in words, last run and a countdown to the next."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from netraven_tui.domain import Job, JobKind, JobRun
from netraven_tui.services.schedules import describe
from netraven_tui.tui.formatting import age
from netraven_tui.tui.widgets.record_table import Column, Row
from netraven_tui.tui.widgets.run_progress import RUN_STYLES

JOB_COLUMNS = (
    Column("Job"),
    Column("Kind", 6),
    Column("Targets"),
    Column("Schedule", 15),
    Column("On", 3),
    Column("Last run", 14),
    Column("Next", 9),
)
KIND_WORDS = {JobKind.BACKUP: "backup", JobKind.REACHABILITY: "reach"}
RUN_WORDS = {"success": "ok", "no_devices": "empty", "interrupted": "halted"}


def targets_text(job: Job) -> str:
    """'#core, #edge, r1' — tags with a hash, single devices by name."""
    return ", ".join([*(f"#{tag}" for tag in job.tags), *job.devices]) or "-"


def countdown(when: datetime | None, now: datetime) -> str:
    """'in 45 s', 'in 14 min', 'in 3h05', 'in 2 d', 'due' or '-'."""
    if when is None:
        return "-"
    seconds = int((when - now).total_seconds())
    if seconds <= 0:
        return "due"
    if seconds < 60:
        return f"in {seconds} s"
    if seconds < 3600:
        return f"in {seconds // 60} min"
    if seconds < 86400:
        hours, minutes = divmod(seconds // 60, 60)
        return f"in {hours}h{minutes:02d}"
    return f"in {seconds // 86400} d"


def last_run_text(run: JobRun | None, now: datetime) -> Text:
    """'ok 2 h', 'failed 5 min', 'running 12 s' or 'never'."""
    if run is None:
        return Text("never", style="dim")
    word = RUN_WORDS.get(str(run.status), str(run.status))
    when = run.finished_at or run.started_at or run.queued_at
    return Text(f"{word} {age(when, now)}", style=RUN_STYLES.get(run.status, ""))


def job_row(job: Job, last_run: JobRun | None, next_at: datetime | None, now: datetime) -> Row:
    """A job as the jobs table shows it; the system job says so."""
    name = f"{job.name} (system)" if job.is_system else job.name
    targets = targets_text(job)
    schedule = describe(job.schedule_kind, job.interval_seconds, job.cron, job.run_at)
    enabled = Text("yes", style="green") if job.enabled else Text("no", style="dim")
    upcoming = countdown(next_at, now) if job.enabled else "-"
    return Row(
        job.id,
        (
            name,
            KIND_WORDS.get(job.kind, str(job.kind)),
            targets,
            schedule,
            enabled,
            last_run_text(last_run, now),
            upcoming,
        ),
        sort_key=job.name,
        search=f"{job.name} {job.kind} {schedule} {targets}".lower(),
    )
