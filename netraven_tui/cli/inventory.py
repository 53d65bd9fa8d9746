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
from netraven_tui.domain import DeviceInput, ValidationError

EXIT_PARTIAL_IMPORT = 2

# ------------------------------------------------------------------ tags


def cmd_tag_add(args) -> int:
    tag = open_cli_services().tags.create(
        args.name, args.description, args.jump_host or "", args.jump_credential
    )
    via = f" (jump host {tag.jump_host}, credential {tag.jump_credential})" if tag.jump_host else ""
    print(f"tag {tag.name} added{via}")
    return 0


def cmd_tag_edit(args) -> int:
    services = open_cli_services()
    if args.no_jump_host and args.jump_host:
        raise ValidationError("jump_host", "give --jump-host or --no-jump-host, not both")
    if args.description is None and args.jump_host is None and not args.no_jump_host:
        raise ValidationError("tag", "nothing to change: give --description or a jump host option")
    if args.description is not None:
        services.tags.update(args.name, args.description)
    if args.jump_host is not None or args.no_jump_host:
        services.jumps.set_for_tag(args.name, args.jump_host or "", args.jump_credential)
    tag = services.tags.get(args.name)
    via = (
        f"jump host {tag.jump_host} (credential {tag.jump_credential})"
        if tag.jump_host
        else ("no jump host")
    )
    print(f"tag {tag.name} saved: {via}")
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
        jump_host=args.jump_host or "",
        jump_credential=args.jump_credential,
    )
    device = open_cli_services().devices.create(data, create_missing_tags=True)
    site = f", site {device.site}" if device.site else ""
    via = f", jump host {device.jump_host}" if device.jump_host else ""
    print(
        f"device {device.hostname} added ({device.address}, {device.platform}, "
        f"tags {','.join(device.tags)}{site}{via})"
    )
    return 0


def cmd_device_jump(args) -> int:
    if args.no_jump_host == bool(args.jump_host):
        raise ValidationError(
            "jump_host", "give either --jump-host (with --jump-credential) or --no-jump-host"
        )
    services = open_cli_services()
    services.jumps.set_for_device(args.hostname, args.jump_host or "", args.jump_credential)
    device = services.devices.get(args.hostname)
    print(
        f"device {device.hostname}: jump host {device.jump_host} (credential "
        f"{device.jump_credential})"
        if device.jump_host
        else f"device {device.hostname}: no jump host of its own"
    )
    return 0


def cmd_device_edit(args) -> int:
    if args.no_jump_host and args.jump_host:
        raise ValidationError("jump_host", "give --jump-host or --no-jump-host, not both")
    if args.jump_credential and not args.jump_host:
        raise ValidationError("jump_credential", "give it with --jump-host")
    services = open_cli_services()
    old = services.devices.get(args.hostname)
    # None keeps the device's jump host; "" clears it (--no-jump-host).
    jump_host = "" if args.no_jump_host else args.jump_host
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
        jump_host=jump_host,
        jump_credential=args.jump_credential,
    )
    device = services.devices.update(old.id, data, create_missing_tags=True)
    via = f", jump host {device.jump_host}" if device.jump_host else ", no jump host of its own"
    print(f"device {device.hostname} updated (site {device.site or '-'}{via})")
    return 0


def cmd_device_delete(args) -> int:
    open_cli_services().devices.delete(args.hostname)
    print(f"device {args.hostname} deleted")
    return 0


# ------------------------------------------------------------------ credentials


def cmd_credential_add(args) -> int:
    from netraven_tui.domain import CredentialInput

    ssh_key = _read_key_file(args.ssh_key_file) if args.ssh_key_file else None
    password, enable = _credential_secrets(args, optional_password=ssh_key is not None)
    data = CredentialInput(
        args.name,
        args.username,
        password,
        enable,
        args.priority,
        split_list(args.tags),
        args.description,
        ssh_key=ssh_key,
    )
    credential = open_cli_services(need_key=True).credentials.create(data)
    extra = ", with enable secret" if credential.has_enable_secret else ""
    extra += ", with SSH key" if credential.has_ssh_key else ""
    print(
        f"credential {credential.name} added (priority {credential.priority}, "
        f"tags {','.join(credential.tags) or '-'}{extra})"
    )
    return 0


def _read_key_file(name: str) -> str:
    path = Path(name).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError("ssh_key_file", f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError("ssh_key_file", f"{path} cannot be read: {error}") from None


def _credential_secrets(args, optional_password: bool = False) -> tuple[str, str | None]:
    if args.password_stdin or args.enable_secret_stdin:
        wanted = int(args.password_stdin) + int(args.enable_secret_stdin)
        lines = read_stdin_lines(wanted)
        if args.password_stdin:
            password = lines.pop(0)
        elif optional_password:
            password = ""
        else:
            password = prompt_secret("Password", confirm=True)
        enable = lines.pop(0) if args.enable_secret_stdin else None
        return password or "", enable or None
    if optional_password:  # the key logs in; a password is only asked on a terminal
        password = (prompt_secret("Password", optional=True) if sys.stdin.isatty() else "") or ""
        if args.no_enable_secret or not sys.stdin.isatty():
            return password, None
    else:
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
