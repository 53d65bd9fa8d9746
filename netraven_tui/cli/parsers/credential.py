"""The credential command group: device logins attached to tags."""

from __future__ import annotations

from netraven_tui.cli import inventory
from netraven_tui.cli.parsers.common import command_group, json_option


def add_commands(commands) -> None:
    group = command_group(commands, "credential", "device logins attached to tags")
    add = group.add_parser("add", help="add a credential (secrets from prompts or standard input)")
    add.add_argument("name")
    add.add_argument("--username", required=True)
    add.add_argument("--priority", default="100", help="lower is tried first (default 100)")
    add.add_argument("--tags", default="", help="comma-separated tags this credential applies to")
    add.add_argument("--description", default="")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.add_argument(
        "--enable-secret-stdin",
        action="store_true",
        help="read the enable secret from standard input (the line after the password)",
    )
    add.add_argument(
        "--no-enable-secret", action="store_true", help="do not ask for an enable secret"
    )
    add.add_argument(
        "--ssh-key-file",
        metavar="FILE",
        help="an SSH private key (no passphrase) stored encrypted, for key logins to jump "
        "hosts; the password is then optional",
    )
    add.set_defaults(handler=inventory.cmd_credential_add)
    lst = group.add_parser("list", help="list credentials (never shows a secret)")
    json_option(lst)
    lst.set_defaults(handler=inventory.cmd_credential_list)
    delete = group.add_parser("delete", help="delete a credential")
    delete.add_argument("name")
    delete.set_defaults(handler=inventory.cmd_credential_delete)
