"""`netraven-tui log tail [-f]`: the newest log entries, and follow new ones."""

from __future__ import annotations

import sys
import time

from netraven_tui.cli.common import open_cli_services
from netraven_tui.domain import LogEntry, LogFilter, LogLevel, ValidationError

FOLLOW_POLL_SECONDS = 1.0


def cmd_tail(args) -> int:
    services = open_cli_services()
    if args.lines < 0:
        raise ValidationError("-n", f"must be 0 or more, got {args.lines}")
    where = LogFilter(
        level=LogLevel(args.level) if args.level else None,
        device_id=services.devices.get(args.device).id if args.device else None,
        job_id=services.jobs.get(args.job).id if args.job else None,
    )
    last_id = 0
    if args.lines:
        for entry in reversed(services.logs.recent(limit=args.lines, where=where)):
            _print(entry)
            last_id = max(last_id, entry.id)
    if not args.follow:
        return 0
    last_id = max(last_id, services.logs.newest_id())
    try:
        while True:
            for entry in services.logs.after(last_id, where=where):
                _print(entry)
                last_id = entry.id
            sys.stdout.flush()
            time.sleep(FOLLOW_POLL_SECONDS)
    except KeyboardInterrupt:
        return 0


def format_entry(entry: LogEntry) -> str:
    """One log entry on one line: local time, level, kind, device, message."""
    stamp = entry.ts.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    where = f" {entry.hostname}" if entry.hostname else ""
    actor = f" [{entry.actor}]" if entry.actor and entry.kind == "audit" else ""
    message = " ".join(entry.message.split("\n"))
    return f"{stamp} {entry.level.value.upper():7} {entry.kind.value:10}{where}{actor} {message}"


def _print(entry: LogEntry) -> None:
    print(format_entry(entry))
