"""`netraven-tui user key add|list|remove`: SSH public keys for `netraven-tui serve`."""

from __future__ import annotations

import sys
from pathlib import Path

from netraven_tui.cli.common import as_json, open_cli_services, print_json, print_table
from netraven_tui.domain import ValidationError

MAX_KEY_FILE = 64 * 1024  # a public key line is a few hundred bytes


def cmd_key_add(args) -> int:
    text = _read_key(args.file)
    key = open_cli_services().user_keys.add(args.name, text)
    comment = f" ({key.comment})" if key.comment else ""
    print(f"key {key.fingerprint} {key.algorithm}{comment} added for user {key.username}")
    return 0


def cmd_key_list(args) -> int:
    keys = open_cli_services().user_keys.list(args.name)
    if args.json:
        print_json([as_json(k) for k in keys])
        return 0
    print_table(
        ("fingerprint", "type", "comment", "added", "last used"),
        ((k.fingerprint, k.algorithm, k.comment, k.created_at, k.last_used_at) for k in keys),
    )
    return 0


def cmd_key_remove(args) -> int:
    key = open_cli_services().user_keys.remove(args.name, args.fingerprint)
    print(f"key {key.fingerprint} removed from user {key.username}")
    return 0


def _read_key(name: str) -> str:
    if name == "-":
        return sys.stdin.read(MAX_KEY_FILE)
    path = Path(name).expanduser()
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            return handle.read(MAX_KEY_FILE)
    except OSError as error:
        raise ValidationError("file", f"{path}: cannot be read: {error.strerror}") from None
