"""Scheduled fires that came due while no scheduler was leading, found when one takes the lead.

APScheduler only looks forward: a job handed to a fresh scheduler fires at its next time from
now. A fire due while the previous leader was stopped (SIGSTOP, a hung host, a lease that had
not yet expired) or in the gap between one leader releasing and the next taking over would be
lost without a word. So when a scheduler takes the lead it lists, per interval or cron job, the
fires due since the job's last scheduled run (or its last change) up to now: the newest is run
at once when it is within the misfire grace (any others within the grace are coalesced into it,
as APScheduler coalesces), and the older ones are recorded as one `missed` run.

`once` jobs need none of this: their trigger keeps its past date, so APScheduler itself runs a
late one within the grace and reports it missed beyond it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from netraven_tui.domain import JobSchedule, NetRavenError, ScheduleKind

MAX_FIRES = 10_000  # an every-minute job a week long; beyond it the count is "at least"
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class CatchUp:
    """What a new leader does about one job's fires that nobody made."""

    job_id: int
    name: str
    run_now: datetime | None  # the newest fire within the grace: run it at once
    coalesced: int  # fires within the grace the one run stands for
    missed: int  # fires past the grace (at least, when ``more``)
    first_missed: datetime | None
    last_missed: datetime | None
    more: bool = False

    def describe_run_now(self, tz: tzinfo) -> str:
        """The log line of the catch-up run: which fire it makes, and how many it stands for."""
        due = self.run_now.astimezone(tz).isoformat(timespec="seconds") if self.run_now else "?"
        coalesced = (
            f" (with {self.coalesced - 1} earlier fires coalesced)" if self.coalesced > 1 else ""
        )
        return (
            f"job {self.name}: the fire due at {due} was made by no scheduler{coalesced}; "
            "running it now, within the misfire grace"
        )

    def describe_missed(self, grace_seconds: float) -> str:
        """The `missed` run's message: how many, when, and why they did not run."""
        at_least = "at least " if self.more else ""
        plural = "s" if self.missed != 1 or self.more else ""
        first = _clock(self.first_missed)
        if self.more:
            when = f"due from {first} on"
        elif self.missed == 1:
            when = f"due at {first}"
        else:
            when = f"due from {first} to {_clock(self.last_missed)}"
        return (
            f"{at_least}{self.missed} scheduled fire{plural} {when}, more than "
            f"{grace_seconds:g} s before a scheduler took the lead (no scheduler was leading then)"
        )


def plan_catch_ups(
    schedules: Sequence[JobSchedule],
    last_fires: Mapping[int, datetime],
    trigger_of: Callable[[JobSchedule], object],
    now: datetime,
    grace_seconds: float,
) -> list[CatchUp]:
    """The catch-up of every job that has one; ``trigger_of`` builds a job's trigger (a job
    whose schedule is not understood is left out: the scheduler has said so already)."""
    plans = []
    for schedule in schedules:
        try:
            trigger = trigger_of(schedule)
        except NetRavenError:
            continue
        plan = plan_catch_up(
            schedule,
            trigger,
            last_fires.get(schedule.job_id),
            now,
            timedelta(seconds=grace_seconds),
        )
        if plan is not None:
            plans.append(plan)
    return plans


def plan_catch_up(
    schedule: JobSchedule,
    trigger,
    last_fire: datetime | None,
    now: datetime,
    grace: timedelta,
) -> CatchUp | None:
    """The catch-up for one job, or None when no fire of it came due unmade.

    ``trigger`` is the job's APScheduler trigger; ``last_fire`` when its last scheduled run
    (of any outcome) was recorded. Only interval and cron jobs are planned here.
    """
    if schedule.schedule_kind not in (ScheduleKind.INTERVAL, ScheduleKind.CRON) or trigger is None:
        return None
    after = max(schedule.updated_at, last_fire) if last_fire else schedule.updated_at
    fires, more = due_fires(trigger, after, now)
    if not fires:
        return None
    late = [fire for fire in fires if now - fire <= grace]
    missed = fires[: len(fires) - len(late)]
    if more:
        # The list stopped short of now: list the grace window on its own, from its start.
        late, _ = due_fires(trigger, max(after, now - grace - _TICK), now)
    return CatchUp(
        job_id=schedule.job_id,
        name=schedule.name,
        run_now=late[-1] if late else None,
        coalesced=len(late),
        missed=len(missed),
        first_missed=missed[0] if missed else None,
        last_missed=missed[-1] if missed else None,
        more=more,
    )


def due_fires(trigger, after: datetime, now: datetime) -> tuple[list[datetime], bool]:
    """The trigger's fire times in (``after``, ``now``], oldest first, at most MAX_FIRES; and
    whether there were more."""
    fires: list[datetime] = []
    fire = trigger.get_next_fire_time(None, after + _TICK)
    while fire is not None and after < fire <= now:
        if len(fires) == MAX_FIRES:
            return fires, True
        fires.append(fire)
        fire = trigger.get_next_fire_time(fire, fire + _TICK)
    return fires, False


def _clock(when: datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S") if when else "?"
