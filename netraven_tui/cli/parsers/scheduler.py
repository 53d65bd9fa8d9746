"""The scheduler command: fire the scheduled jobs in the foreground, without the console."""

from __future__ import annotations

from netraven_tui.cli import scheduler


def add_commands(commands) -> None:
    sched = commands.add_parser(
        "scheduler",
        help="run the job scheduler in the foreground, without the console (for systemd or tmux)",
        description="Fire scheduled jobs while this process holds the leader lease; stops cleanly "
        "on SIGTERM or SIGINT. Logs go to the log file and standard error.",
    )
    sched.set_defaults(handler=scheduler.cmd_scheduler)
