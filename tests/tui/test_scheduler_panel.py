"""The dashboard's scheduler panel at the widths it gets: 21 characters at 80 columns, 41 at 100.
Nothing a reader needs wraps off the panel's seven lines (rendered by Rich, no app)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.console import Console

from netraven_tui.domain import Job, JobKind, LeaderState, ScheduleKind
from netraven_tui.tui.widgets.run_panels import SchedulerState, scheduler_panel

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def job(name: str) -> Job:
    return Job(
        1, name, JobKind.BACKUP, ScheduleKind.INTERVAL, 3600, None, None, True, False, (), ()
    )


def rendered(state: SchedulerState, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(scheduler_panel(state, NOW))
    return console.export_text().splitlines()


UPCOMING = [
    (NOW + timedelta(minutes=4), job("backup-lab")),
    (NOW + timedelta(minutes=14), job("reachability")),
    (NOW + timedelta(hours=14), job("nightly-core")),
]


def test_at_80_columns_each_line_fits_and_the_zone_moves_to_the_title() -> None:
    here = SchedulerState(leading_here=True, timezone="Etc/UTC", upcoming=UPCOMING)
    assert rendered(here, 21) == [
        "Scheduler (Etc/UTC)",
        "this console leads",
        "in 4 min  backup-lab",
        "in 14 min reachabili…",
        "in 14h00  nightly-co…",
    ]
    leader = LeaderState(
        "collector-host-7:4242/ab12", NOW, NOW + timedelta(seconds=30), "collector-host-7", 4242
    )
    other = SchedulerState(leader=leader, timezone="Europe/Paris", upcoming=UPCOMING[:1])
    assert rendered(other, 21)[:2] == ["Scheduler (Europe/Pa…", "led by collector-hos…"]


def test_at_100_columns_nothing_changes_and_how_to_start_a_scheduler_still_wraps() -> None:
    here = SchedulerState(leading_here=True, timezone="Etc/UTC", upcoming=UPCOMING[:2])
    assert rendered(here, 41) == [
        "Scheduler",
        "this console is the leader (Etc/UTC)",
        "in 4 min    backup-lab",
        "in 14 min   reachability",
    ]
    nobody = rendered(SchedulerState(upcoming=UPCOMING[:1]), 21)
    assert (
        " ".join(line.strip() for line in nobody[1:4])
        == "no scheduler running: `netraven-tui scheduler`"
    )
