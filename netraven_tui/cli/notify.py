"""`netraven-tui notify add|list|remove|test|deliveries`: where notifications go.

Targets may hold tokens: they are read from the argument (or standard input with ``-``), stored
encrypted, and printed only masked (scheme and host).
"""

from __future__ import annotations

import sys

from netraven_tui.cli.common import as_json, open_cli_services, print_json, print_table, split_list
from netraven_tui.domain import DeliveryStatus, ValidationError


def cmd_add(args) -> int:
    target = args.target
    if target == "-":
        target = sys.stdin.readline().strip()
        if not target:
            raise ValidationError("target", "expected the target on standard input")
    channel = open_cli_services().notifications.add(
        args.name, target, split_list(args.events), split_list(args.tags)
    )
    print(
        f"channel {channel.name} added: {channel.target} "
        f"(events {','.join(channel.events)}; tags {','.join(channel.tags) or 'any'})"
    )
    return 0


def cmd_list(args) -> int:
    channels = open_cli_services().notifications.list()
    if args.json:
        print_json([as_json(channel) for channel in channels])
        return 0
    print_table(
        ("name", "kind", "target", "events", "tags", "last", "error"),
        (
            (
                c.name,
                c.kind,
                c.target,
                c.events,
                c.tags or "any",
                f"{c.last_status} {c.last_attempt_at.astimezone():%Y-%m-%d %H:%M}"
                if c.last_status and c.last_attempt_at
                else None,
                c.last_error or None,
            )
            for c in channels
        ),
    )
    return 0


def cmd_remove(args) -> int:
    open_cli_services().notifications.remove(args.name)
    print(f"channel {args.name} removed")
    return 0


def cmd_test(args) -> int:
    from netraven_tui.runtime.notify.notifier import Notifier

    services = open_cli_services()
    channel = services.notifications.get(args.name)
    delivery_id = services.notifications.enqueue_test(channel.name)
    delivery = Notifier(services).send_now(delivery_id)
    if delivery.status is DeliveryStatus.SENT:
        print(f"test notification sent to {channel.name} ({channel.target})")
        return 0
    print(f"error: {channel.name} ({channel.target}): {delivery.last_error}", file=sys.stderr)
    return 1


def cmd_deliveries(args) -> int:
    if args.limit < 1:
        raise ValidationError("--limit", f"must be at least 1, got {args.limit}")
    services = open_cli_services()
    if args.channel:
        services.notifications.get(args.channel)  # an unknown name is an error, not an empty list
    deliveries = services.notifications.outbox.recent(args.limit, args.channel)
    if args.json:
        print_json([as_json(d) for d in deliveries])
        return 0
    print_table(
        ("id", "channel", "event", "run", "status", "tries", "when", "about", "error"),
        (
            (
                d.id,
                d.channel,
                d.event,
                d.run_id,
                d.status,
                d.attempts,
                d.last_attempt_at or d.created_at,
                d.summary[:60],
                d.last_error[:80] or None,
            )
            for d in deliveries
        ),
    )
    return 0
