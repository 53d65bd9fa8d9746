"""The console's own commands: tui (the default), locate and demo."""

from __future__ import annotations

import argparse

from netraven_tui.cli import app


def add_commands(commands) -> None:
    tui = commands.add_parser("tui", help="start the console (the default)")
    tui.add_argument("--user", metavar="NAME", help="pre-fill the login screen")
    tui.add_argument(
        "--no-lease",
        action="store_true",
        help="never compete for the scheduler lease (another process fires the jobs)",
    )
    # Only for the consoles `serve` starts: who is logged in comes over the server's link.
    tui.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    tui.set_defaults(handler=app.cmd_tui)

    commands.add_parser("locate", help="print the folders and files in use").set_defaults(
        handler=app.cmd_locate
    )

    demo = commands.add_parser(
        "demo", help="start a simulated fleet, seed a demo folder and open the console"
    )
    demo.add_argument(
        "--home", metavar="DIR", help="demo folder (default: <data>/demo or $NETRAVEN_HOME)"
    )
    demo.add_argument(
        "--devices", type=int, default=20, help="number of simulated devices (default 20)"
    )
    demo.set_defaults(handler=app.cmd_demo)
