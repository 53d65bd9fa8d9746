"""Live counts of a job run and how they read: a stacked progress bar and per-state figures.

A run's stored counts (succeeded, failed, …) are filled in only when it finishes, so a run in
progress is tallied from its device results as they arrive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text

from netraven_tui.domain import DeviceResult, JobRun, ResultStatus, RunStatus

BAR_WIDTH = 24

RUN_STYLES = {
    RunStatus.QUEUED: "dim",
    RunStatus.RUNNING: "bold cyan",
    RunStatus.SUCCESS: "green",
    RunStatus.PARTIAL: "yellow",
    RunStatus.FAILED: "bold red",
    RunStatus.NO_DEVICES: "dim",
    RunStatus.CANCELLED: "yellow",
    RunStatus.INTERRUPTED: "bold red",
    RunStatus.SKIPPED: "dim",
    RunStatus.MISSED: "yellow",
}


@dataclass
class RunTally:
    """Devices of one run by outcome so far."""

    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    changed: int = 0

    @property
    def done(self) -> int:
        return self.ok + self.failed + self.skipped

    @property
    def pending(self) -> int:
        return max(self.total - self.done, 0)

    def add(self, result: DeviceResult) -> None:
        """Count one device result."""
        if result.status is ResultStatus.SUCCESS:
            self.ok += 1
        elif result.status is ResultStatus.FAILED:
            self.failed += 1
        elif result.status is ResultStatus.SKIPPED:
            self.skipped += 1
        if result.changed:
            self.changed += 1

    @classmethod
    def of(cls, run: JobRun, results: Iterable[DeviceResult] = ()) -> RunTally:
        """The tally of ``run``: its stored counts once finished, else counted from ``results``."""
        if run.status.finished and run.status is not RunStatus.INTERRUPTED:
            return cls(run.total, run.succeeded, run.failed, run.skipped, run.changed)
        tally = cls(run.total)
        for result in results:
            tally.add(result)
        tally.total = max(tally.total, tally.done)
        return tally


def status_text(status: RunStatus) -> Text:
    """A run status, coloured ('no devices' instead of 'no_devices')."""
    return Text(str(status).replace("_", " "), style=RUN_STYLES.get(status, ""))


def progress_bar(tally: RunTally, width: int = BAR_WIDTH) -> Text:
    """A bar with one coloured segment per outcome (ok, failed, skipped) and the rest pending."""
    total = max(tally.total, tally.done, 1)
    bar = Text()
    used = 0
    for count, style in ((tally.ok, "green"), (tally.failed, "red"), (tally.skipped, "yellow")):
        cells = min(round(count * width / total), width - used)
        if count and not cells and used < width:
            cells = 1  # a single failure among thousands must still show
        bar.append("█" * cells, style=style)
        used += cells
    bar.append("░" * (width - used), style="dim")
    return bar


def progress_line(tally: RunTally, width: int = BAR_WIDTH) -> Text:
    """'██████░░░░ 45/100  ok 40  failed 5  changed 12  pending 55'."""
    line = progress_bar(tally, width)
    line.append(f" {tally.done}/{tally.total}  ", style="bold")
    line.append_text(counts_text(tally))
    return line


def counts_text(tally: RunTally) -> Text:
    """Per-state counts, coloured when non-zero; skipped and pending only when there are any."""
    text = Text()
    parts = [
        ("ok", tally.ok, "green"),
        ("failed", tally.failed, "bold red"),
        ("changed", tally.changed, "cyan"),
    ]
    parts += [
        (label, count, style)
        for label, count, style in (
            ("skipped", tally.skipped, "yellow"),
            ("pending", tally.pending, ""),
        )
        if count
    ]
    for index, (label, count, style) in enumerate(parts):
        if index:
            text.append("  ")
        text.append(f"{label} {count}", style=style if count else "dim")
    return text
