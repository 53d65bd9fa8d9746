"""The platform command group: the supported platforms (Netmiko device types)."""

from __future__ import annotations

from netraven_tui.cli import platforms
from netraven_tui.cli.parsers.common import command_group, json_option


def add_commands(commands) -> None:
    group = command_group(commands, "platform", "the supported platforms (Netmiko device types)")
    lst = group.add_parser(
        "list",
        help="list the platforms: commands, enable, end marker, rule family, where each came from",
        description="The built-in platform table plus the [platforms.*] rows of config.toml.",
    )
    json_option(lst)
    lst.set_defaults(handler=platforms.cmd_list)
