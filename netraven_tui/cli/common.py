"""What the CLI commands share: opening the services, reading secrets, printing tables and JSON."""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import Enum
from typing import Any

from netraven_tui.domain import Actor, ValidationError


def open_cli_services(need_key: bool = False):
    """Settings from file and environment, logging to the log file, the migrated database.

    ``need_key``: the command uses credential secrets, so a missing or wrong key stops it before
    it starts. Other commands run without the key (a secret used anyway is the same one line).
    A command an SSH user runs through `serve` acts as that app user.
    """
    from netraven_tui.cli.served import served_link
    from netraven_tui.config import load_settings
    from netraven_tui.logs import setup_logging
    from netraven_tui.services import open_services

    settings = load_settings()
    setup_logging(settings.locations, settings.log_level)
    link = served_link()
    if link is not None:  # a command an SSH user runs through `serve`: acts as that app user
        return open_services(settings, link.actor)
    # Whoever can run the CLI on this host can read the key file: the CLI acts as a local admin.
    services = open_services(settings, Actor.system(f"cli:{_os_user()}"), require_key=need_key)
    print_warnings(services)
    return services


def print_warnings(services) -> None:
    """What the person starting a command should know (a key file others could read)."""
    import logging

    warning = services.ctx.secrets.warning
    if warning:
        logging.getLogger("netraven_tui").warning(warning)
        print(f"warning: {warning}", file=sys.stderr)


def split_list(value: str | None) -> tuple[str, ...]:
    """Comma-separated command-line lists ("core,edge")."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def read_stdin_lines(count: int) -> list[str]:
    """The first ``count`` lines of standard input, without their line endings."""
    lines = []
    for _ in range(count):
        line = sys.stdin.readline()
        if not line:
            break
        lines.append(line.rstrip("\r\n"))
    if len(lines) < count:
        raise ValidationError(
            "stdin", f"expected {count} line(s) on standard input, got {len(lines)}"
        )
    return lines


def prompt_secret(label: str, confirm: bool = False, optional: bool = False) -> str | None:
    if not sys.stdin.isatty():
        raise ValidationError(
            "arguments", f"no terminal to ask for the {label.lower()}; use the --*-stdin options"
        )
    value = getpass.getpass(f"{label}{' (empty for none)' if optional else ''}: ")
    if optional and value == "":
        return None
    if confirm and getpass.getpass(f"{label} again: ") != value:
        raise ValidationError(label.lower(), "the two entries differ")
    return value


def print_json(data: Any) -> None:
    print(json.dumps(data, default=_json_default, indent=2))


def as_json(record: Any) -> Any:
    return json.loads(json.dumps(dataclasses.asdict(record), default=_json_default))


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    text_rows = [[_cell(value) for value in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    print("  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in text_rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, tuple | list):
        return ",".join(str(v) for v in value) or "-"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - containers without a passwd entry
        return str(os.getuid())
