"""The dashboard's tables as rows: the backup counts (each one opens the devices it counts),
the failing devices with their error kind, and the runs in progress with a bar."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from netraven_tui.domain import BackupCounts, JobRun
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.widgets.record_table import Column, Row
from netraven_tui.tui.widgets.run_progress import RunTally, progress_bar

COUNT_COLUMNS = (Column("Backups", min_width=15), Column("", 5))
FAILING_COLUMNS = (
    Column("Failing devices", min_width=16),
    Column("Error", 12),  # 'disconnected', 'unreachable'
    Column("Since", 5, optional=True),
)
RUN_COLUMNS = (
    Column("Run", 6),
    Column("In progress", min_width=10),
    Column("", 12),  # the bar
    Column("Done", 11),
    Column("ok", 6),
    Column("failed", 9),
    Column("changed", 10, optional=True),
)
BAR_CELLS = 12


@dataclass(frozen=True, slots=True)
class Count:
    """One figure of the backups panel and the devices it opens: a filter of the devices table
    (``words``) or, when only the dashboard knows the set, the device ids (``only``)."""

    key: str
    label: str
    value: int
    style: str
    words: str = ""
    only: frozenset[int] | None = None


def counts(figures: BackupCounts, failing_day: Iterable[int]) -> list[Count]:
    """The backups panel's figures; ``failing_day``: the devices failing for more than a day."""
    stuck = frozenset(failing_day)
    return [
        Count("devices", "Devices", figures.total, "bold"),
        Count("ok", "Backup ok", figures.ok, "green", "state:ok"),
        Count("failed", "Backup failed", figures.failed, "bold red", "state:failed"),
        Count("failing", "Failing > 1 day", len(stuck), "bold red", only=stuck),
        Count("never", "Never backed up", figures.never, "yellow", "state:never"),
        Count("unreachable", "Unreachable", figures.unreachable, "bold red", "reach:down"),
    ]


def count_rows(figures: Sequence[Count]) -> list[Row]:
    return [
        Row(
            figure.key,
            (figure.label, (f"{figure.value:>5}", figure.style if figure.value else "dim")),
            sort_key=index,
            search=figure.label.lower(),
            stamp=(figure.value, figure.only),
        )
        for index, figure in enumerate(figures)
    ]


def failing_rows(
    devices: Iterable[fmt.Listed], since: dict[int, datetime], now: datetime
) -> list[Row]:
    """A row per device whose last backup failed: hostname, error kind, for how long (longest
    failing first; a device the last scan did not know yet sorts by its last attempt)."""
    rows = []
    for device in devices:
        began = since.get(device.id) or device.last_backup_at or now
        rows.append(
            Row(
                device.id,
                (
                    device.hostname,
                    (fmt.error_kind(device) or "failed", "bold red"),
                    fmt.age(began, now),
                ),
                sort_key=(began, device.hostname.lower()),
                search=f"{device.hostname} {fmt.error_kind(device)}".lower(),
            )
        )
    return rows


def run_rows(running: Iterable[tuple[JobRun, RunTally]]) -> list[Row]:
    """A row per run in progress: number, job, bar, done/total, ok/failed/changed."""
    rows = []
    for run, tally in running:
        bar = progress_bar(tally, BAR_CELLS).plain
        rows.append(
            Row(
                run.id,
                (
                    f"#{run.id}",
                    run.job_name,
                    (bar, "red" if tally.failed else "green"),
                    (f"{tally.done}/{tally.total}", "bold"),
                    _count("ok", tally.ok, "green"),
                    _count("failed", tally.failed, "bold red"),
                    _count("changed", tally.changed, "cyan"),
                ),
                sort_key=run.id,
                search=run.job_name.lower(),
                stamp=(run.status, tally.done, tally.total, tally.failed, tally.changed),
            )
        )
    return rows


def _count(label: str, count: int, style: str) -> tuple[str, str]:
    return (f"{label} {count}", style if count else "dim")
