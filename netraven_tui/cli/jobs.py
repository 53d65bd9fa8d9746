"""`netraven-tui job …`"""

from __future__ import annotations

import sys
from datetime import datetime

from netraven_tui.cli.common import as_json, open_cli_services, print_json, print_table, split_list
from netraven_tui.domain import LeaderState, ScheduleKind


def cmd_add(args) -> int:
    from netraven_tui.domain import JobInput

    schedule = ScheduleKind.MANUAL
    if args.interval:
        schedule = ScheduleKind.INTERVAL
    elif args.cron:
        schedule = ScheduleKind.CRON
    elif args.at:
        schedule = ScheduleKind.ONCE
    data = JobInput(
        name=args.name,
        kind=args.kind,
        schedule_kind=schedule,
        interval_seconds=args.interval,
        cron=args.cron,
        run_at=args.at,
        tags=split_list(args.tags),
        devices=tuple(args.device),
        enabled=not args.disabled,
        description=args.description,
    )
    job = open_cli_services().jobs.create(data)
    print(
        f"job {job.name} added ({job.kind}, {_schedule(job, with_zone=True)}, targets {_targets(job)})"
    )
    return 0


def cmd_list(args) -> int:
    from netraven_tui.runtime.triggers import local_timezone, planned_next_runs, timezone_name

    services = open_cli_services()
    jobs = services.jobs.list()
    # The leader's APScheduler lives in another process; the triggers give the same times.
    zone = local_timezone()
    next_runs = planned_next_runs(services, tz=zone)
    if args.json:
        print_json(
            [
                {
                    **as_json(j),
                    "schedule": _schedule(j),
                    "next_run": next_runs.get(j.id),
                    "timezone": timezone_name(zone),
                }
                for j in jobs
            ]
        )
        return 0
    print_table(
        ("job", "kind", "schedule", "enabled", "next run", "targets"),
        (
            (
                j.name,
                j.kind,
                _schedule(j, with_zone=True),
                j.enabled,
                next_runs.get(j.id),
                _targets(j),
            )
            for j in jobs
        ),
    )
    print(_leader_line(services.leader(), services.now()), file=sys.stderr)
    return 0


def cmd_enable(args) -> int:
    job = open_cli_services().jobs.set_enabled(args.name, True)
    print(f"job {job.name} enabled")
    return 0


def cmd_disable(args) -> int:
    job = open_cli_services().jobs.set_enabled(args.name, False)
    print(f"job {job.name} disabled")
    return 0


def cmd_delete(args) -> int:
    open_cli_services().jobs.delete(args.name)
    print(f"job {args.name} deleted")
    return 0


def _schedule(job, with_zone: bool = False) -> str:
    from netraven_tui.services.schedules import describe

    text = describe(job.schedule_kind, job.interval_seconds, job.cron, job.run_at)
    if with_zone and job.schedule_kind is ScheduleKind.CRON:
        from netraven_tui.runtime.triggers import local_timezone, timezone_name

        text += f" ({timezone_name(local_timezone())})"
    return text


def _leader_line(leader: LeaderState | None, now: datetime) -> str:
    if leader is None or not leader.active(now):
        return (
            "scheduler: not running; scheduled jobs fire while the console or "
            "`netraven-tui scheduler` runs"
        )
    until = leader.expires.astimezone().strftime("%H:%M:%S")
    return f"scheduler: led by {leader.holder} (lease renewed, valid until {until})"


def _targets(job) -> str:
    return ",".join([*job.tags, *job.devices]) or "-"
