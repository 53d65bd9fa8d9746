"""Pieces several command groups share: a group of sub-commands, --json, the jump host options."""

from __future__ import annotations

import argparse


def command_group(commands, name: str, help_text: str):
    """A command ``name`` whose sub-commands are required (``netraven-tui NAME ACTION``)."""
    sub = commands.add_parser(name, help=help_text).add_subparsers(
        title=f"{name} commands", metavar="ACTION"
    )
    sub.required = True
    return sub


def json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def jump_arguments(parser) -> None:
    parser.add_argument(
        "--jump-host",
        metavar="[USER@]HOST[:PORT]",
        help="reach the devices through this SSH jump host (bastion)",
    )
    parser.add_argument(
        "--jump-credential",
        metavar="NAME",
        default="",
        help="the credential that logs in to the jump host (its SSH key, else its password)",
    )
