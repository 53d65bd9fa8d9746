"""The dashboard's scheduler panel as a Rich renderable, and the rows of its recent changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

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


def scheduler_panel(state: SchedulerState, now: datetime) -> SchedulerPanel:
    """'this console leads' / 'led by host:pid' / 'no scheduler', then the next fire times."""
    return SchedulerPanel(state, now)


class SchedulerPanel:
    """The scheduler panel's lines for the width it is given. At 80 columns it has about 21
    characters: the time zone moves up to the title, the leader line is said shorter, the fire
    times' column narrows, and a line still too long is cut with an ellipsis rather than wrapped
    (the panel has seven lines, and wrapped lines pushed the later fire times out of it). Only
    what someone must act on wraps: how to start a scheduler, a failed push."""

    def __init__(self, state: SchedulerState, now: datetime) -> None:
        self.state, self.now = state, now

    def __rich_console__(self, console, options):
        yield from self.lines(options.max_width)

    def lines(self, width: int) -> list[Text]:
        """The panel's lines at ``width`` characters."""
        state, now = self.state, self.now
        title = Text("Scheduler", style="bold")
        leader = leader_text(state, now)
        if leader.cell_len > width and (state.leading_here or state.leader is not None):
            if state.timezone:
                title.append(f" ({state.timezone})", style="not bold")
            leader = leader_text(state, now, short=True)
        leader.no_wrap = state.leading_here or state.leader is not None
        lines = [title, leader]
        if state.upcoming:
            counts = [countdown(when, now) for when, _ in state.upcoming]
            longest = max(len(job.name) for _, job in state.upcoming)
            column = 12 if 12 + longest <= width else max(len(c) for c in counts) + 1
            for count, (_, job) in zip(counts, state.upcoming, strict=True):
                line = Text(f"{count:<{column}}", style="cyan", no_wrap=True)
                line.append(job.name)
                lines.append(line)
        else:
            lines.append(Text("nothing scheduled", style="dim"))
        for line in lines:
            line.overflow = "ellipsis"
        title.no_wrap = True
        if state.push is not None and not state.push.ok:
            lines.append(
                Text(
                    f"git push failed {age(state.push.at, now)} ago: {state.push.message}",
                    "bold red",
                )
            )
        return lines


def leader_text(state: SchedulerState, now: datetime, short: bool = False) -> Text:
    """Who leads; ``short`` leaves out the time zone (the narrow panel's title has it)."""
    zone = f" ({state.timezone})" if state.timezone and not short else ""
    if state.leading_here:
        return Text(
            "this console leads" if short else f"this console is the leader{zone}", style="green"
        )
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
