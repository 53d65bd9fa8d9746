"""The log command group: the log of jobs, connections, the system and changes."""

from __future__ import annotations

from netraven_tui.cli import logs
from netraven_tui.cli.parsers.common import command_group


def add_commands(commands) -> None:
    group = command_group(commands, "log", "the log of jobs, connections, the system and changes")
    tail = group.add_parser("tail", help="print the newest log entries (-f: keep following)")
    tail.add_argument("-f", "--follow", action="store_true", help="keep printing new entries")
    tail.add_argument("-n", "--lines", type=int, default=20, help="entries to show (default 20)")
    tail.add_argument(
        "--level", choices=["debug", "info", "warning", "error"], help="this level and above"
    )
    tail.add_argument("--device", metavar="HOST", help="only entries about this device")
    tail.add_argument("--job", metavar="NAME", help="only entries of this job")
    tail.set_defaults(handler=logs.cmd_tail)
