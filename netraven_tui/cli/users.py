"""`netraven-tui user …`"""

from __future__ import annotations

from netraven_tui.cli.common import (
    as_json,
    open_cli_services,
    print_json,
    print_table,
    prompt_secret,
    read_stdin_lines,
)


def _password(args) -> str:
    if args.password_stdin:
        return read_stdin_lines(1)[0]
    return prompt_secret("Password", confirm=True) or ""


def cmd_add(args) -> int:
    password = _password(args)
    services = open_cli_services()
    user = services.users.create(args.name, password, args.role)
    print(f"user {user.username} added with role {user.role}")
    return 0


def cmd_list(args) -> int:
    users = open_cli_services().users.list()
    if args.json:
        print_json([as_json(u) for u in users])
        return 0
    print_table(
        ("user", "role", "active", "locked until", "last login"),
        ((u.username, u.role, u.active, u.locked_until, u.last_login_at) for u in users),
    )
    return 0


def cmd_passwd(args) -> int:
    password = _password(args)
    user = open_cli_services().users.reset_password(args.name, password)
    print(f"password of {user.username} changed")
    return 0


def cmd_role(args) -> int:
    user = open_cli_services().users.set_role(args.name, args.role)
    print(f"user {user.username} is now {user.role}")
    return 0


def cmd_unlock(args) -> int:
    user = open_cli_services().users.unlock(args.name)
    print(f"user {user.username} unlocked")
    return 0


def cmd_disable(args) -> int:
    user = open_cli_services().users.set_active(args.name, False)
    print(f"user {user.username} deactivated")
    return 0


def cmd_enable(args) -> int:
    user = open_cli_services().users.set_active(args.name, True)
    print(f"user {user.username} activated")
    return 0


def cmd_delete(args) -> int:
    open_cli_services().users.delete(args.name)
    print(f"user {args.name} deleted")
    return 0
