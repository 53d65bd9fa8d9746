"""The compliance command group: policies (TOML) and their results."""

from __future__ import annotations

from netraven_tui.cli import compliance
from netraven_tui.cli.parsers.common import command_group, json_option


def add_commands(commands) -> None:
    group = command_group(commands, "compliance", "compliance policies (TOML) and their results")
    imp = group.add_parser(
        "import",
        help="create or replace (by name) the policies of a TOML file, then evaluate them",
        description="A bad file is refused whole with FILE:LINE: reason. See README "
        "'Compliance policies' for the format.",
    )
    imp.add_argument("file")
    imp.set_defaults(handler=compliance.cmd_import)
    exp = group.add_parser("export", help="write the policies as TOML (to FILE or standard output)")
    exp.add_argument("file", nargs="?")
    exp.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="NAME",
        help="only this policy (repeatable)",
    )
    exp.set_defaults(handler=compliance.cmd_export)
    lst = group.add_parser("list", help="policies with their result counts")
    json_option(lst)
    lst.set_defaults(handler=compliance.cmd_list)
    check = group.add_parser("check", help="evaluate the policies now on the latest configurations")
    check.add_argument("--policy", metavar="NAME", help="only this policy")
    check.set_defaults(handler=compliance.cmd_check)
    report = group.add_parser(
        "report", help="the stored results per device x rule (exit 1 when any is non-compliant)"
    )
    report.add_argument("--policy", metavar="NAME", help="only this policy")
    json_option(report)
    report.set_defaults(handler=compliance.cmd_report)
    delete = group.add_parser("delete", help="delete a policy and its results (history stays)")
    delete.add_argument("name")
    delete.set_defaults(handler=compliance.cmd_delete)
