"""The tag command group: tags that group devices."""

from __future__ import annotations

from netraven_tui.cli import inventory
from netraven_tui.cli.parsers.common import command_group, json_option, jump_arguments


def add_commands(commands) -> None:
    group = command_group(commands, "tag", "tags that group devices")
    add = group.add_parser("add", help="add a tag")
    add.add_argument("name")
    add.add_argument("--description", default="")
    jump_arguments(add)
    add.set_defaults(handler=inventory.cmd_tag_add)
    edit = group.add_parser("edit", help="change a tag's description or jump host")
    edit.add_argument("name")
    edit.add_argument("--description", help="new description")
    jump_arguments(edit)
    edit.add_argument(
        "--no-jump-host", action="store_true", help="its devices are reached directly again"
    )
    edit.set_defaults(handler=inventory.cmd_tag_edit)
    lst = group.add_parser("list", help="list tags with device, credential and job counts")
    json_option(lst)
    lst.set_defaults(handler=inventory.cmd_tag_list)
    delete = group.add_parser("delete", help="delete a tag")
    delete.add_argument("name")
    delete.set_defaults(handler=inventory.cmd_tag_delete)
