"""The serve command: the console over SSH (and a web door), with the scheduler."""

from __future__ import annotations

from netraven_tui.cli import serve


def add_commands(commands) -> None:
    cmd = commands.add_parser(
        "serve",
        help="serve the console over SSH to the app's users (and a web door); runs the scheduler",
        description="One long-running process: the scheduler (a leader candidate, as "
        "`netraven-tui scheduler`), an SSH server where each app user logs in (password or "
        "`user key add`) and gets their own console, and optionally the console in a browser. "
        "Stops cleanly on SIGTERM or SIGINT.",
    )
    cmd.add_argument(
        "--ssh", metavar="HOST:PORT", help="where SSH listens (default: serve_ssh, 127.0.0.1:2222)"
    )
    cmd.add_argument(
        "--web", metavar="HOST:PORT", help="also serve the console in a browser here (default off)"
    )
    cmd.set_defaults(handler=serve.cmd_serve)
