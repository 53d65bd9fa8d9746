"""Command line: parses, dispatches, and turns every expected error into one line and an exit code.

Heavy imports (textual, netmiko, SQLAlchemy) happen inside the commands that need them so that
`--help` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
# Errors in what was typed on the command line (not in the data) exit 2, like argparse.
USAGE_FIELDS = ("arguments", "pattern")


def main(argv: Sequence[str] | None = None) -> int:
    from netraven_tui.config import private_umask

    # Before anything is created: the database, its WAL, git objects and logs stay private.
    previous_umask = private_umask()
    try:
        return _dispatch(argv)
    finally:
        os.umask(previous_umask)  # matters only when called in-process (tests)


def _dispatch(argv: Sequence[str] | None) -> int:
    from netraven_tui.cli.parser import build_parser
    from netraven_tui.domain import NetRavenError, ValidationError

    words = sys.argv[1:] if argv is None else list(argv)
    # The lab's options are read only when the lab is asked for (importing it costs ~0.1 s).
    args = build_parser(lab="lab" in words).parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from netraven_tui.cli.app import cmd_tui

        handler = cmd_tui
    try:
        from netraven_tui.cli.served import check_served_arguments

        check_served_arguments(args)
        return int(handler(args) or EXIT_OK)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except ValidationError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE if error.field in USAGE_FIELDS else EXIT_ERROR
    except NetRavenError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the traceback goes to the log file, not the terminal
        from netraven_tui.logs import log_unexpected

        where = log_unexpected(error)
        print(
            f"error: unexpected {type(error).__name__}: {error} (details in {where})",
            file=sys.stderr,
        )
        return EXIT_ERROR
