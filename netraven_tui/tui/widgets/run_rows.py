"""Rows of the run tables: a job's runs, and the devices of one run (pending until a result)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import datetime

from netraven_tui.domain import DeviceResult, DeviceTarget, JobRun, ResultStatus
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row
from netraven_tui.tui.widgets.run_progress import RunTally, status_text

RUN_COLUMNS = (
    Column("Run", 6),
    Column("Status", 11),
    Column("Trigger"),
    Column("Started", 16),
    Column("Took", 8),
    Column("Tot/OK/Fail/Chg", 15),
)
DEVICE_COLUMNS = (
    Column("Device", min_width=16),  # at 80 columns it gets 16 (the credential's is fixed)
    Column("State", 8),
    Column("Error", 12),
    Column("Credential", 12),
    Column("Tries", 5),
    Column("Took", 7),
    Column("Config", 9),
)

DIM_DASH = ("-", "dim")
RESULT_STYLES = {
    ResultStatus.PENDING: "dim",
    ResultStatus.RUNNING: "cyan",
    ResultStatus.SUCCESS: "green",
    ResultStatus.FAILED: "bold red",
    ResultStatus.SKIPPED: "yellow",
}


def duration(seconds: float | None) -> str:
    """'0.4 s', '12 s', '3:05', '1:02:03' or '-'."""
    if seconds is None:
        return "-"
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = int(seconds)
    if whole < 60:
        return f"{whole} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def run_took(run: JobRun, now: datetime) -> float | None:
    """Seconds a run took, or has been going for."""
    if run.started_at is None:
        return None
    end = run.finished_at or now
    return max((end - run.started_at).total_seconds(), 0.0)


def short_time(value: datetime | None) -> str:
    """A local time to the minute, or '-'."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def run_row(run: JobRun, tally: RunTally, now: datetime, with_job: bool = False) -> Row:
    """A run as a row of the job's runs (newest first); ``with_job``: the list of every run,
    where the trigger cell starts with the job's name (or the ad-hoc run's)."""
    counts = f"{tally.total}/{tally.ok}/{tally.failed}/{tally.changed}"
    trigger = f"{run.trigger} by {run.triggered_by}"
    if with_job:
        trigger = f"{run.job_name} · {trigger}"
    return Row(
        run.id,
        (
            f"#{run.id}",
            status_text(run.status),
            trigger,
            short_time(run.started_at or run.queued_at),
            duration(run_took(run, now)),
            counts,
        ),
        sort_key=-run.id,
        search=f"{run.id} {run.status} {trigger}".lower(),
    )


def device_key(result: DeviceResult) -> Hashable:
    """Results are keyed by device id (pending rows share it); a deleted device by hostname."""
    return result.device_id if result.device_id is not None else f"host:{result.hostname}"


def result_row(result: DeviceResult) -> Row:
    """One device's outcome in a run: (text, style) cells (a 5,000-device run holds no rich
    Text, and its rows can be built in a worker)."""
    state = (str(result.status), RESULT_STYLES.get(result.status, ""))
    error = (str(result.error_kind), "red") if result.error_kind else DIM_DASH
    took = duration(result.duration_ms / 1000) if result.duration_ms is not None else "-"
    if result.status is ResultStatus.SUCCESS:
        config = ("changed", "cyan") if result.changed else ("same", "dim")
    else:
        config = DIM_DASH
    search = (
        f"{result.hostname} {result.status} {result.error_kind or ''} {result.credential or ''}"
    )
    return Row(
        device_key(result),
        (
            result.hostname,
            state,
            error,
            result.credential or "-",
            str(result.attempts),
            took,
            config,
        ),
        sort_key=result.hostname.lower(),
        search=search.lower(),
    )


def pending_row(target: DeviceTarget, stage: str = "pending") -> Row:
    """A device the run has not reported on yet (``stage``: pending, or what it is doing)."""
    state = (stage, "dim" if stage == "pending" else "cyan")
    return Row(
        target.id,
        (target.hostname, state, DIM_DASH, "-", "", "", DIM_DASH),
        sort_key=target.hostname.lower(),
        search=f"{target.hostname} {stage}".lower(),
    )


def upsert_rows(table: RecordTable, rows: Sequence[Row]) -> None:
    """Add or replace ``rows`` by key with one re-filter and one repaint for the whole batch."""
    for row in rows[:-1]:
        table.upsert(row, refilter=False)
    if rows:
        table.upsert(rows[-1])
