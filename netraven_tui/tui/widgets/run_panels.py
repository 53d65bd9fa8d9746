"""The dashboard's panels as Rich renderables: backups, scheduler, runs in progress, changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text

from netraven_tui.domain import ConfigVersion, Device, Job, JobRun, LeaderState, PushState
from netraven_tui.tui.formatting import age
from netraven_tui.tui.widgets.job_rows import countdown
from netraven_tui.tui.widgets.record_table import Column, Row
from netraven_tui.tui.widgets.run_progress import RunTally, progress_bar

CHANGE_COLUMNS = (
    Column("When", 16),
    Column("Device"),
    Column("Lines", 12),
    Column("Run", 6),
    Column("Commit", 10),
)
NAMES_SHOWN = 3


@dataclass
class SchedulerState:
    """Who fires scheduled jobs, and what fires next."""

    leading_here: bool = False
    leader: LeaderState | None = None
    timezone: str = ""
    upcoming: list[tuple[datetime, Job]] = field(default_factory=list)
    push: PushState | None = None  # the last push to git_remote, if any


def backups_panel(figures: Sequence[tuple[str, int, str]], failing: Sequence[Device]) -> Table:
    """Devices by last backup state; the ones failing for more than a day by name."""
    table = _grid("Backups")
    for label, value, style in figures:
        table.add_row(label, Text(str(value), style=style if value else "dim"))
    if failing:
        names = ", ".join(d.hostname for d in failing[:NAMES_SHOWN])
        more = f" +{len(failing) - NAMES_SHOWN}" if len(failing) > NAMES_SHOWN else ""
        table.add_row(Text(names + more, style="red"), "")
    return table


def scheduler_panel(state: SchedulerState, now: datetime) -> Group:
    """'this console leads' / 'led by host:pid' / 'no scheduler', then the next fire times."""
    title = Text("Scheduler", style="bold")
    lines = [title, leader_text(state, now)]
    if state.upcoming:
        for when, job in state.upcoming:
            line = Text(f"{countdown(when, now):<12}", style="cyan")
            line.append(job.name)
            lines.append(line)
    else:
        lines.append(Text("nothing scheduled", style="dim"))
    if state.push is not None and not state.push.ok:
        lines.append(
            Text(f"git push failed {age(state.push.at, now)} ago: {state.push.message}", "bold red")
        )
    return Group(*lines)


def leader_text(state: SchedulerState, now: datetime) -> Text:
    zone = f" ({state.timezone})" if state.timezone else ""
    if state.leading_here:
        return Text(f"this console is the leader{zone}", style="green")
    info = state.leader
    if info is None:
        return Text("no scheduler running: `netraven-tui scheduler`", style="yellow")
    if info.expires < now:
        return Text(
            f"no leader ({info.owner} expired {age(info.expires, now)} ago)", style="yellow"
        )
    return Text(f"led by {info.owner}{zone}")


def runs_panel(running: Sequence[tuple[JobRun, RunTally]], width: int = 80) -> Group | Text:
    """One line per run in progress: number, job, bar, done/total, ok/failed/changed."""
    if not running:
        return Text("No runs in progress.", style="dim italic")
    bar = max(8, min(30, width - 60))
    lines = []
    for run, tally in running:
        line = Text(f"#{run.id:<4} ", style="bold", no_wrap=True, overflow="ellipsis")
        line.append(f"{run.job_name[:18]:<18} ")
        line.append_text(progress_bar(tally, bar))
        line.append(f" {tally.done}/{tally.total}  ", style="bold")
        for label, count, style in (
            ("ok", tally.ok, "green"),
            ("failed", tally.failed, "bold red"),
            ("changed", tally.changed, "cyan"),
        ):
            line.append(f"{label} {count}  ", style=style if count else "dim")
        lines.append(line)
    return Group(*lines)


def change_row(version: ConfigVersion) -> Row:
    """A configuration change: when, which device, lines added/removed, run and commit."""
    lines = Text(f"+{version.lines_added}", style="green")
    lines.append(f" -{version.lines_removed}", style="red")
    run = f"#{version.run_id}" if version.run_id is not None else "-"
    when = version.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return Row(
        version.id,
        (when, version.hostname, lines, run, version.commit[:10]),
        sort_key=-version.id,
        search=f"{version.hostname} {version.commit}".lower(),
    )


def _grid(title: str) -> Table:
    table = Table.grid(padding=(0, 2))
    table.title = title
    table.title_style = "bold"
    table.title_justify = "left"
    table.add_column()
    table.add_column(justify="right")
    return table
