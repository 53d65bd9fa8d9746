"""The lab command: a simulated device fleet on loopback (its options come from the lab)."""

from __future__ import annotations

import argparse


def add_commands(commands, lab: bool) -> None:
    """``lab=False`` leaves the lab's own options out (importing the lab costs ~0.1 s)."""
    lab_parser = commands.add_parser(
        "lab", help="run a simulated device fleet on loopback in the foreground"
    )
    if lab:
        _add_lab_arguments(lab_parser)


def _add_lab_arguments(parser: argparse.ArgumentParser) -> None:
    try:
        from netraven_tui.lab import command
    except ImportError:
        parser.set_defaults(handler=_lab_missing)
        return
    command.add_arguments(parser)
    parser.set_defaults(handler=command.run)


def _lab_missing(_args) -> int:
    from netraven_tui.domain import NetRavenError

    raise NetRavenError("the lab needs the 'lab' extra: pip install 'netraven-tui[lab]'")
