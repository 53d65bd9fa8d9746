"""The notify command group: notification channels and their deliveries."""

from __future__ import annotations

from netraven_tui.cli import notify
from netraven_tui.cli.parsers.common import command_group, json_option


def add_commands(commands) -> None:
    group = command_group(
        commands, "notify", "notification channels: mail, chat, webhooks, exec hooks"
    )
    add = group.add_parser(
        "add",
        help="add a channel: an Apprise URL (mailto://, slack://, json://, …) or exec:/path",
        description="TARGET is an Apprise URL or exec:/path/to/program ('-' reads it from "
        "standard input, keeping tokens out of the shell history). Events: config_changed, "
        "device_failed, device_recovered, failing_for, run_finished, compliance_changed, or "
        "all (default: all but run_finished).",
    )
    add.add_argument("name")
    add.add_argument("target")
    add.add_argument(
        "--events", default="", metavar="E,…", help="events to send (default: all but run_finished)"
    )
    add.add_argument(
        "--tags", default="", metavar="T,…", help="only devices with one of these tags"
    )
    add.set_defaults(handler=notify.cmd_add)
    lst = group.add_parser("list", help="list channels (targets masked) with their last delivery")
    json_option(lst)
    lst.set_defaults(handler=notify.cmd_list)
    remove = group.add_parser("remove", help="remove a channel")
    remove.add_argument("name")
    remove.set_defaults(handler=notify.cmd_remove)
    test = group.add_parser("test", help="send a test notification now (exit 0 sent, 1 failed)")
    test.add_argument("name")
    test.set_defaults(handler=notify.cmd_test)
    deliveries = group.add_parser("deliveries", help="recent deliveries: status, tries, last error")
    deliveries.add_argument("--channel", metavar="NAME", help="only this channel")
    deliveries.add_argument("--limit", type=int, default=20, help="at most N (default 20)")
    json_option(deliveries)
    deliveries.set_defaults(handler=notify.cmd_deliveries)
