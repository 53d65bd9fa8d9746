"""The job command group: backup and reachability jobs, and running one now."""

from __future__ import annotations

from netraven_tui.cli import job_run, jobs
from netraven_tui.cli.parsers.common import command_group, json_option


def add_commands(commands) -> None:
    group = command_group(commands, "job", "backup and reachability jobs")
    add = group.add_parser("add", help="add a job")
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=["backup", "reachability"])
    add.add_argument("--tags", default="", help="comma-separated target tags")
    add.add_argument(
        "--device", action="append", default=[], metavar="HOST", help="a target device (repeatable)"
    )
    when = add.add_mutually_exclusive_group()
    when.add_argument("--interval", metavar="SECONDS", help="run every SECONDS (at least 60)")
    when.add_argument("--cron", metavar="EXPR", help='crontab expression, e.g. "0 2 * * *"')
    when.add_argument(
        "--at", metavar="ISO-TIME", help="run once at this time, e.g. 2026-12-01T02:00"
    )
    add.add_argument("--disabled", action="store_true", help="create it disabled")
    add.add_argument("--description", default="")
    add.set_defaults(handler=jobs.cmd_add)
    lst = group.add_parser("list", help="list jobs")
    json_option(lst)
    lst.set_defaults(handler=jobs.cmd_list)
    for action, help_text in (
        ("enable", "enable a job"),
        ("disable", "disable a job"),
        ("delete", "delete a job"),
    ):
        sub = group.add_parser(action, help=help_text)
        sub.add_argument("name")
        sub.set_defaults(handler=getattr(jobs, f"cmd_{action}"))
    run = group.add_parser(
        "run", help="run a job now in the foreground (exit 0 success, 1 partial/failed)"
    )
    run.add_argument("name")
    json_option(run)
    run.set_defaults(handler=job_run.cmd_run)
