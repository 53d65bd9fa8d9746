"""The dashboard's scheduler panel as a Rich renderable, and the rows of its recent changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rich.console import Group
from rich.text import Text

from netraven_tui.domain import ConfigVersion, Job, LeaderState, PushState
from netraven_tui.tui.formatting import age
from netraven_tui.tui.widgets.job_rows import countdown
from netraven_tui.tui.widgets.record_table import Column, Row

CHANGE_COLUMNS = (
    Column("When", 16),
    Column("Device"),
    Column("Lines", 12),
    Column("Run", 6),
    Column("Commit", 10),
)


@dataclass
class SchedulerState:
    """Who fires scheduled jobs, and what fires next."""

    leading_here: bool = False
    leader: LeaderState | None = None
    timezone: str = ""
    upcoming: list[tuple[datetime, Job]] = field(default_factory=list)
    push: PushState | None = None  # the last push to git_remote, if any


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
        return Text(f"no leader ({info.owner} expired {_ago(info.expires, now)})", style="yellow")
    return Text(f"led by {info.owner}{zone}")


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


def _ago(then: datetime, now: datetime) -> str:
    """'5 min ago', or 'just now' (not 'now ago')."""
    text = age(then, now)
    return "just now" if text == "now" else f"{text} ago"
