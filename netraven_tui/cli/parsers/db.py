"""The db command group: database maintenance."""

from __future__ import annotations

from netraven_tui.cli import app


def add_commands(commands) -> None:
    db = commands.add_parser("db", help="database maintenance").add_subparsers(
        title="db commands", metavar="ACTION"
    )
    db.required = True
    db.add_parser("upgrade", help="migrate the database to the latest schema").set_defaults(
        handler=app.cmd_db_upgrade
    )
