"""The user command group: console users, their roles and their SSH keys (user key ...)."""

from __future__ import annotations

from netraven_tui.cli import user_keys, users
from netraven_tui.cli.parsers.common import command_group, json_option


def add_commands(commands) -> None:
    group = command_group(commands, "user", "console users and roles")
    add = group.add_parser("add", help="add a user (password from a prompt or --password-stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["admin", "operator", "viewer"])
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(handler=users.cmd_add)
    lst = group.add_parser("list", help="list users")
    json_option(lst)
    lst.set_defaults(handler=users.cmd_list)
    passwd = group.add_parser("passwd", help="set a user's password")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(handler=users.cmd_passwd)
    role = group.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=["admin", "operator", "viewer"])
    role.set_defaults(handler=users.cmd_role)
    _user_key_commands(group)
    for action, help_text in (
        ("unlock", "clear a lockout"),
        ("disable", "deactivate a user"),
        ("enable", "reactivate a user"),
        ("delete", "delete a user"),
    ):
        sub = group.add_parser(action, help=help_text)
        sub.add_argument("name")
        sub.set_defaults(handler=getattr(users, f"cmd_{action}"))


def _user_key_commands(users_group) -> None:
    keys = users_group.add_parser(
        "key", help="SSH public keys that log a user in to `netraven-tui serve`"
    ).add_subparsers(title="user key commands", metavar="ACTION")
    keys.required = True
    add = keys.add_parser("add", help="add a public key (an OpenSSH .pub line) for a user")
    add.add_argument("name")
    add.add_argument("file", help="the .pub file, or - to read the line from standard input")
    add.set_defaults(handler=user_keys.cmd_key_add)
    lst = keys.add_parser("list", help="list a user's keys with their fingerprints")
    lst.add_argument("name")
    json_option(lst)
    lst.set_defaults(handler=user_keys.cmd_key_list)
    remove = keys.add_parser("remove", help="remove a user's key by its fingerprint")
    remove.add_argument("name")
    remove.add_argument("fingerprint", help="SHA256:… as `user key list` shows it")
    remove.set_defaults(handler=user_keys.cmd_key_remove)
