"""The device command group: the inventory, backups now, jump hosts and host keys."""

from __future__ import annotations

from netraven_tui.cli import hostkeys, inventory, job_run
from netraven_tui.cli.parsers.common import command_group, json_option, jump_arguments


def add_commands(commands) -> None:
    group = command_group(commands, "device", "the device inventory")
    imp = group.add_parser(
        "import", help="import devices from CSV (hostname,address,platform,port,tags,description)"
    )
    imp.add_argument("file", help="the CSV file, or - to read it from standard input")
    imp.add_argument("--update", action="store_true", help="overwrite devices that already exist")
    imp.set_defaults(handler=inventory.cmd_device_import)
    exp = group.add_parser("export", help="write the inventory as CSV (to FILE or standard output)")
    exp.add_argument("file", nargs="?")
    exp.add_argument("--tag", help="only devices with this tag")
    exp.set_defaults(handler=inventory.cmd_device_export)
    lst = group.add_parser("list", help="list devices")
    lst.add_argument("--tag", help="only devices with this tag")
    lst.add_argument("--site", help="only devices of this site ('-': those without a site)")
    json_option(lst)
    lst.set_defaults(handler=inventory.cmd_device_list)
    add = group.add_parser("add", help="add one device")
    add.add_argument("hostname")
    add.add_argument("address")
    add.add_argument("--platform", required=True, help="Netmiko device type, e.g. cisco_ios")
    add.add_argument("--port", default="22")
    add.add_argument("--tags", default="", help="comma-separated tags (created if missing)")
    add.add_argument("--description", default="")
    add.add_argument("--site", default="", help="the site whose collector reaches it")
    jump_arguments(add)
    add.set_defaults(handler=inventory.cmd_device_add)
    edit = group.add_parser("edit", help="change some fields of a device (the others stay)")
    edit.add_argument("hostname")
    edit.add_argument("--hostname", dest="new_hostname", metavar="NAME", help="rename it")
    edit.add_argument("--address")
    edit.add_argument("--platform")
    edit.add_argument("--port")
    edit.add_argument("--tags", help="comma-separated tags, replacing its tags")
    edit.add_argument("--description")
    edit.add_argument("--site", help="its site ('' or '-': no site)")
    jump_arguments(edit)
    edit.add_argument(
        "--no-jump-host", action="store_true", help="no jump host of its own (its tags decide)"
    )
    edit.set_defaults(handler=inventory.cmd_device_edit)
    delete = group.add_parser("delete", help="delete a device (its history stays in git)")
    delete.add_argument("hostname")
    delete.set_defaults(handler=inventory.cmd_device_delete)
    backup = group.add_parser(
        "backup", help="back up these devices now, as one run (exit 0 success, 1 partial/failed)"
    )
    backup.add_argument("hostnames", nargs="+", metavar="HOST")
    json_option(backup)
    backup.set_defaults(handler=job_run.cmd_device_backup)
    jump = group.add_parser("jump", help="set (or clear) the jump host of one device")
    jump.add_argument("hostname")
    jump_arguments(jump)
    jump.add_argument(
        "--no-jump-host", action="store_true", help="no jump host of its own (its tags decide)"
    )
    jump.set_defaults(handler=inventory.cmd_device_jump)
    trust = group.add_parser(
        "trust",
        help="pin the SSH host key the device presents now (after a deliberate change)",
        description="Connects (a key exchange, no login), reads the host key the device presents "
        "and pins it, replacing the pinned one; audited. Compare the fingerprint with the one "
        "the device shows on its console (e.g. IOS: show ip ssh), or pass it with --fingerprint.",
    )
    trust.add_argument("hostname")
    trust.add_argument(
        "--fingerprint",
        metavar="SHA256:...",
        help="refuse unless the device presents exactly this key",
    )
    trust.add_argument(
        "--jump-host", action="store_true", help="trust the key of the device's jump host instead"
    )
    trust.set_defaults(handler=hostkeys.cmd_device_trust)
    keys = group.add_parser("hostkey", help="show the SSH host key pinned for a device")
    keys.add_argument("hostname")
    json_option(keys)
    keys.set_defaults(handler=hostkeys.cmd_device_hostkey)
