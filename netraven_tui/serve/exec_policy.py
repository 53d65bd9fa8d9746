"""Which CLI commands an SSH user may run with ``ssh -p 2222 alice@host COMMAND``.

The command runs as the app user who logged in (their role is checked by the services), but
in a process of the server's system account: so only the commands about the app's own data
are offered, and none that reads or writes a file on the server (``-`` streams over SSH
instead). No shell ever sees the command line; it is split like a shell would and handed to
the CLI's own parser.
"""

from __future__ import annotations

import shlex

from netraven_tui.domain import ValidationError

GROUPS = ("user", "tag", "device", "credential", "job", "run", "log", "config")


def exec_argv(command: str) -> list[str]:
    """The CLI arguments for an SSH exec request; ValidationError with one line if refused."""
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise ValidationError("command", f"cannot be split into words: {error}") from None
    if argv and argv[0] in ("netraven-tui", "netraven"):
        argv = argv[1:]  # `ssh host netraven-tui job list` reads naturally too
    if not argv or argv[0] in ("help", "-h", "--help"):
        return ["--help"]
    if argv[0] == "--version":
        return argv[:1]
    group = argv[0]
    if group not in GROUPS:
        raise ValidationError(
            "command",
            f"{group!r} is not available over SSH (available: {', '.join(GROUPS)}; "
            "without a command you get the console)",
        )
    return argv  # file arguments are refused by the CLI itself, once parsed (cli/served.py)
