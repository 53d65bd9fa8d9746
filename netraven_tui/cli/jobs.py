"""`netraven-tui job …`"""

from __future__ import annotations

from netraven_tui.cli.common import as_json, open_cli_services, print_json, print_table, split_list
from netraven_tui.domain import ScheduleKind
from netraven_tui.services.schedules import describe


def cmd_add(args) -> int:
    from netraven_tui.services.jobs import JobInput

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
    print(f"job {job.name} added ({job.kind}, {_schedule(job)}, targets {_targets(job)})")
    return 0


def cmd_list(args) -> int:
    jobs = open_cli_services().jobs.list()
    if args.json:
        print_json([{**as_json(j), "schedule": _schedule(j)} for j in jobs])
        return 0
    print_table(
        ("job", "kind", "schedule", "enabled", "targets"),
        ((j.name, j.kind, _schedule(j), j.enabled, _targets(j)) for j in jobs),
    )
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


def _schedule(job) -> str:
    return describe(job.schedule_kind, job.interval_seconds, job.cron, job.run_at)


def _targets(job) -> str:
    return ",".join([*job.tags, *job.devices]) or "-"
