"""The run command group: job runs and their device results."""

from __future__ import annotations

from netraven_tui.cli import runs
from netraven_tui.cli.parsers.common import command_group, json_option


def add_commands(commands) -> None:
    group = command_group(commands, "run", "job runs and their device results")
    lst = group.add_parser("list", help="list runs, newest first")
    lst.add_argument("--job", metavar="NAME", help="only runs of this job")
    lst.add_argument("--limit", type=int, default=20, help="at most N runs (default 20)")
    json_option(lst)
    lst.set_defaults(handler=runs.cmd_list)
    show = group.add_parser("show", help="a run and each device's result (why it failed)")
    show.add_argument("id", help="run id (see run list)")
    json_option(show)
    show.set_defaults(handler=runs.cmd_show)
