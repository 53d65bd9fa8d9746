"""`netraven-tui tag|device|credential …`"""

from __future__ import annotations

import sys
from pathlib import Path

from netraven_tui.cli.common import (
    as_json,
    open_cli_services,
    print_json,
    print_table,
    prompt_secret,
    read_stdin_lines,
    split_list,
)
from netraven_tui.domain import DeviceInput

EXIT_PARTIAL_IMPORT = 2

# ------------------------------------------------------------------ tags


def cmd_tag_add(args) -> int:
    tag = open_cli_services().tags.create(args.name, args.description)
    print(f"tag {tag.name} added")
    return 0


def cmd_tag_list(args) -> int:
    tags = open_cli_services().tags.list()
    if args.json:
        print_json([as_json(t) for t in tags])
        return 0
    print_table(
        ("tag", "devices", "credentials", "jobs", "description"),
        ((t.name, t.device_count, t.credential_count, t.job_count, t.description) for t in tags),
    )
    return 0


def cmd_tag_delete(args) -> int:
    open_cli_services().tags.delete(args.name)
    print(f"tag {args.name} deleted")
    return 0


# ------------------------------------------------------------------ devices


def cmd_device_import(args) -> int:
    # `-`: standard input (how `ssh … device import - < lab.csv` sends it)
    source = sys.stdin if args.file == "-" else Path(args.file)
    report = open_cli_services().devices.import_csv(source, update=args.update)
    for problem in report.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    parts = [f"{len(report.created)} imported"]
    if report.updated:
        parts.append(f"{len(report.updated)} updated")
    parts.append(f"{report.skipped} skipped")
    if report.tags_created:
        parts.append(f"tags created: {', '.join(report.tags_created)}")
    print(", ".join(parts))
    return EXIT_PARTIAL_IMPORT if report.skipped else 0


def cmd_device_export(args) -> int:
    devices = open_cli_services().devices
    if not args.file or args.file == "-":
        devices.export_csv(sys.stdout, tag=args.tag)
        return 0
    count = devices.export_csv(Path(args.file), tag=args.tag)
    print(f"{count} devices written to {args.file}", file=sys.stderr)
    return 0


def cmd_device_list(args) -> int:
    site = None if args.site is None else ("" if args.site == "-" else args.site)
    devices = open_cli_services().devices.list(tag=args.tag, site=site)
    if args.json:
        print_json([as_json(d) for d in devices])
        return 0
    print_table(
        ("hostname", "address", "platform", "port", "site", "tags", "last backup", "state"),
        (
            (
                d.hostname,
                d.address,
                d.platform,
                d.port,
                d.site or "-",
                d.tags,
                d.last_backup_at,
                d.last_backup_status,
            )
            for d in devices
        ),
    )
    return 0


def cmd_device_add(args) -> int:
    data = DeviceInput(
        args.hostname,
        args.address,
        args.platform,
        args.port,
        split_list(args.tags),
        args.description,
        site=args.site,
    )
    device = open_cli_services().devices.create(data, create_missing_tags=True)
    site = f", site {device.site}" if device.site else ""
    print(
        f"device {device.hostname} added ({device.address}, {device.platform}, "
        f"tags {','.join(device.tags)}{site})"
    )
    return 0


def cmd_device_edit(args) -> int:
    services = open_cli_services()
    old = services.devices.get(args.hostname)
    data = DeviceInput(
        hostname=args.new_hostname if args.new_hostname is not None else old.hostname,
        address=args.address if args.address is not None else old.address,
        platform=args.platform if args.platform is not None else old.platform,
        port=args.port if args.port is not None else old.port,
        tags=split_list(args.tags) if args.tags is not None else old.tags,
        description=args.description if args.description is not None else old.description,
        serial=old.serial,
        model=old.model,
        enabled=old.enabled,
        site=("" if args.site == "-" else args.site) if args.site is not None else old.site,
    )
    device = services.devices.update(old.id, data, create_missing_tags=True)
    print(f"device {device.hostname} updated (site {device.site or '-'})")
    return 0


def cmd_device_delete(args) -> int:
    open_cli_services().devices.delete(args.hostname)
    print(f"device {args.hostname} deleted")
    return 0


# ------------------------------------------------------------------ credentials


def cmd_credential_add(args) -> int:
    from netraven_tui.domain import CredentialInput

    password, enable = _credential_secrets(args)
    data = CredentialInput(
        args.name,
        args.username,
        password,
        enable,
        args.priority,
        split_list(args.tags),
        args.description,
    )
    credential = open_cli_services(need_key=True).credentials.create(data)
    extra = ", with enable secret" if credential.has_enable_secret else ""
    print(
        f"credential {credential.name} added (priority {credential.priority}, "
        f"tags {','.join(credential.tags) or '-'}{extra})"
    )
    return 0


def _credential_secrets(args) -> tuple[str, str | None]:
    if args.password_stdin or args.enable_secret_stdin:
        wanted = int(args.password_stdin) + int(args.enable_secret_stdin)
        lines = read_stdin_lines(wanted)
        password = lines.pop(0) if args.password_stdin else prompt_secret("Password", confirm=True)
        enable = lines.pop(0) if args.enable_secret_stdin else None
        return password or "", enable or None
    password = prompt_secret("Password", confirm=True) or ""
    enable = None if args.no_enable_secret else prompt_secret("Enable secret", optional=True)
    return password, enable


def cmd_credential_list(args) -> int:
    credentials = open_cli_services().credentials.list()
    if args.json:
        print_json([as_json(c) for c in credentials])
        return 0
    print_table(
        ("name", "username", "priority", "tags", "enable", "ok", "failed", "last used"),
        (
            (
                c.name,
                c.username,
                c.priority,
                c.tags,
                c.has_enable_secret,
                c.success_count,
                c.failure_count,
                c.last_used_at,
            )
            for c in credentials
        ),
    )
    return 0


def cmd_credential_delete(args) -> int:
    open_cli_services().credentials.delete(args.name)
    print(f"credential {args.name} deleted")
    return 0
