"""`netraven-tui device trust|hostkey`: the SSH host keys pinned for devices."""

from __future__ import annotations

from netraven_tui.cli.common import open_cli_services, print_json


def cmd_device_trust(args) -> int:
    from netraven_tui.runtime.host_trust import trust_device_key

    services = open_cli_services(need_key=True)  # a jump host's credential may be needed
    old, new = trust_device_key(services, args.hostname, args.fingerprint, args.jump_host)
    what = f"jump host of {args.hostname}" if args.jump_host else args.hostname
    if old is None:
        print(f"host key of {what} trusted: {new.describe()}")
    elif old.fingerprint == new.fingerprint:
        print(f"host key of {what} unchanged: {new.describe()} (trusted again)")
    else:
        print(f"host key of {what} trusted: {new.describe()} (was {old.describe()})")
    return 0


def cmd_device_hostkey(args) -> int:
    services = open_cli_services()
    key = services.hostkeys.get(args.hostname)
    if args.json:
        print_json(
            None
            if key is None
            else {
                "algorithm": key.algorithm,
                "fingerprint": key.fingerprint,
                "first_seen": key.first_seen,
                "last_seen": key.last_seen,
                "trusted_by": key.trusted_by,
            }
        )
        return 0
    if key is None:
        print(f"{args.hostname}: no host key pinned yet (the next backup pins the one it meets)")
        return 0
    how = f"trusted by {key.trusted_by}" if key.trusted_by else "pinned on first use"
    print(
        f"{args.hostname}: {key.describe()}, {how}, since "
        f"{key.first_seen:%Y-%m-%d %H:%M} UTC, last seen {key.last_seen:%Y-%m-%d %H:%M} UTC"
    )
    return 0
