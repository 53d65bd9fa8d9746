"""The config command group: configuration history from the git repository."""

from __future__ import annotations

import argparse

from netraven_tui.cli import configs
from netraven_tui.cli.parsers.common import command_group, json_option

MAX_CONTEXT_LINES = 10_000


def add_commands(commands) -> None:
    group = command_group(commands, "config", "configuration history from the git repository")
    show = group.add_parser("show", help="print a device's configuration (latest, or --version)")
    show.add_argument("host")
    show.add_argument(
        "--version", metavar="N|COMMIT", help="version number (1 = oldest) or commit id"
    )
    show.set_defaults(handler=configs.cmd_show)
    history = group.add_parser("history", help="list a device's configuration versions")
    history.add_argument("host")
    json_option(history)
    history.set_defaults(handler=configs.cmd_history)
    diff = group.add_parser(
        "diff", help="unified diff between two versions (default: the last change)"
    )
    diff.add_argument("host")
    diff.add_argument(
        "old", nargs="?", help="version number or commit (default: the one before NEW)"
    )
    diff.add_argument("new", nargs="?", help="version number or commit (default: latest)")
    diff.add_argument(
        "-U", "--context", type=_context_lines, default=3, help="lines of context (default 3)"
    )
    diff.set_defaults(handler=configs.cmd_diff)
    search = group.add_parser(
        "search", help="search the latest configurations with a regular expression"
    )
    search.add_argument("pattern")
    search.add_argument("--tag", help="only devices with this tag (an unknown tag is an error)")
    search.add_argument(
        "--missing",
        action="store_true",
        help="list devices whose configuration has no match, and devices never backed up as "
        "'HOST (no configuration)' (--json: \"unconfigured\"); exit 1 if there is any",
    )
    search.add_argument(
        "-C", "--context", type=_context_lines, default=1, help="lines of context (default 1)"
    )
    search.add_argument("-i", "--ignore-case", action="store_true")
    json_option(search)
    search.set_defaults(handler=configs.cmd_search)


def _context_lines(text: str) -> int:
    """-U/-C: a number of lines from 0 (argparse turns the error into one usage line)."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_CONTEXT_LINES:
        raise argparse.ArgumentTypeError(
            f"expected a number of lines from 0 to {MAX_CONTEXT_LINES}, got {text!r}"
        )
    return number
