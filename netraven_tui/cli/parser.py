"""The argument parser: the top-level options, then each command group in its own module
(``cli/parsers/``), in the order ``--help`` lists them."""

from __future__ import annotations

import argparse

from netraven_tui import __version__
from netraven_tui.cli.parsers.exit_codes import (
    EXIT_CODES,
    SPECIAL_EXIT_CODES,
    TOP_LEVEL_EXIT_CODES,
    document_exit_codes,
)

__all__ = ["EXIT_CODES", "SPECIAL_EXIT_CODES", "build_parser"]


def build_parser(lab: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``lab=False`` leaves the lab command's own options out (the
    CLI passes it when the command line does not name the lab)."""
    from netraven_tui.cli.parsers import (
        collector,
        compliance,
        config,
        console,
        credential,
        db,
        device,
        job,
        log,
        notify,
        platform,
        run,
        scheduler,
        serve,
        tag,
        user,
    )
    from netraven_tui.cli.parsers import lab as lab_command

    parser = argparse.ArgumentParser(
        prog="netraven-tui",
        description="Back up network device configurations into git, from a terminal console.",
        epilog="Without a command the console (TUI) starts. NETRAVEN_HOME=<dir> keeps everything\n"
        "in one folder.\n\n" + TOP_LEVEL_EXIT_CODES,
        # the epilog's lines as written (argparse would run its paragraphs together)
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--user", metavar="NAME", help="pre-fill the login screen with this user name"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    console.add_commands(commands)  # tui, locate, demo
    lab_command.add_commands(commands, lab)
    groups = (db, user, tag, device, platform, credential, job, run, log, notify)
    for group in (*groups, scheduler, serve, collector, config, compliance):
        group.add_commands(commands)
    document_exit_codes(parser)
    return parser
