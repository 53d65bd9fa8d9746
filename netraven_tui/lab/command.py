"""``netraven-tui lab``: serve a simulated fleet in the foreground and write its inventory.

The fleet listens on 127.0.0.1, one port per device, until Ctrl-C or SIGTERM (exit 0).
Platforms are mixed round-robin; no device is faulty unless ``--faults`` asks.

--faults SPEC: comma-separated KIND[:COUNT] items (COUNT defaults to 1), e.g.
``auth:2,refused:1,hang:1,drop:1,slow:1,enable:1,drift:3``. Kinds: auth (wrong password
rejected), refused (port closed), hang (TCP accepted, no SSH), drop (session closed half-way
through the config), slow (output at --slow-bps), enable (enable secret rejected, the way
--enable-reject says), drift (config changes after every read), priv (login lands in
privileged mode), banner (a message of the day full of '#', '>' and the hostname), paging
(AAA refuses 'terminal length 0': output stops at --More--), preamble ('Building
configuration...' then --preamble-seconds of silence), huge (a --huge-bytes config),
master (Junos '{master:0}' before every prompt). Devices are picked deterministically from
the seed; each gets tag ``fault-KIND`` and hostname suffix ``-KIND``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from netraven_tui.lab.configs import ALL_PLATFORMS
from netraven_tui.lab.faults import ENABLE_REJECTS, SPEC_HELP
from netraven_tui.lab.inventory import write_inventory
from netraven_tui.lab.plan import (
    DEFAULT_ENABLE_SECRET,
    DEFAULT_HUGE_BYTES,
    DEFAULT_PASSWORD,
    DEFAULT_PLATFORMS,
    DEFAULT_PREAMBLE_SECONDS,
    DEFAULT_SLOW_BPS,
    DEFAULT_USERNAME,
    build_plan,
)
from netraven_tui.lab.ssh_options import (
    DEFAULT_JUMP_PASSWORD,
    DEFAULT_JUMP_USERNAME,
    LEGACY_MODES,
    fingerprint,
    server_options,
)

if TYPE_CHECKING:
    from netraven_tui.lab.server import LabServer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``lab`` options to ``parser``."""
    parser.add_argument("--devices", type=int, default=12, help="number of devices (default 12)")
    parser.add_argument(
        "--port-base",
        type=int,
        default=0,
        help="device i listens on PORT_BASE+i; 0 (default) lets the OS pick free ports",
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before every reply")
    parser.add_argument("--faults", default="", metavar="SPEC", help=f"faulty devices: {SPEC_HELP}")
    parser.add_argument(
        "--drift-rate",
        type=float,
        default=0.0,
        help="probability (0..1) that a device's config changes a little after each read",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated configs")
    parser.add_argument(
        "--platforms",
        default=",".join(DEFAULT_PLATFORMS),
        help=f"comma-separated Netmiko device types to mix, from {', '.join(ALL_PLATFORMS)}",
    )
    parser.add_argument("--username", default=DEFAULT_USERNAME)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--enable-secret", default=DEFAULT_ENABLE_SECRET)
    parser.add_argument(
        "--slow-bps", type=int, default=DEFAULT_SLOW_BPS, help="output speed of 'slow' devices"
    )
    parser.add_argument(
        "--enable-reject",
        choices=ENABLE_REJECTS,
        default="bad-secrets",
        help="how 'enable' devices refuse the secret: bad-secrets (a real IOS, the default: "
        "Password: three times, then '%% Bad secrets'), access-denied (three times, then "
        "'%% Access denied', as with AAA), once ('%% Access denied' at the first try)",
    )
    parser.add_argument(
        "--paging",
        action="store_true",
        help="every device pages its output until the client turns paging off",
    )
    parser.add_argument(
        "--preamble-seconds",
        type=float,
        default=DEFAULT_PREAMBLE_SECONDS,
        help="pause of 'preamble' devices after 'Building configuration...' (default 3)",
    )
    parser.add_argument(
        "--huge-bytes",
        type=int,
        default=DEFAULT_HUGE_BYTES,
        help="config size of 'huge' devices (default 5000000)",
    )
    parser.add_argument(
        "--host-key",
        metavar="SEED|FILE",
        help="the devices' host key: a private key file, or a seed (same seed, same key); "
        "default: a new key at every start",
    )
    parser.add_argument(
        "--legacy-kex",
        nargs="?",
        const="group14",
        choices=LEGACY_MODES,
        help="old SSH like IOS 15: DH group14 key exchange with an RSA host key "
        "(sha1-only: group14-sha1 and ssh-rsa only)",
    )
    parser.add_argument(
        "--jump-host",
        action="store_true",
        help="also run a jump host that forwards only to these devices",
    )
    parser.add_argument("--jump-port", type=int, default=0, help="its port (default: any free)")
    parser.add_argument("--jump-username", default=DEFAULT_JUMP_USERNAME)
    parser.add_argument("--jump-password", default=DEFAULT_JUMP_PASSWORD)
    parser.add_argument(
        "--inventory",
        type=Path,
        default=Path("lab-inventory.csv"),
        metavar="FILE.csv",
        help="where to write the inventory CSV (default ./lab-inventory.csv)",
    )


def run(args: argparse.Namespace) -> int:
    """Serve the fleet until Ctrl-C/SIGTERM; 0 on a clean stop, 2 on bad options."""
    platforms = [p.strip() for p in args.platforms.split(",") if p.strip()]
    try:
        devices = build_plan(
            args.devices,
            seed=args.seed,
            platforms=platforms,
            faults=args.faults,
            port_base=args.port_base,
            username=args.username,
            password=args.password,
            enable_secret=args.enable_secret,
            latency_ms=args.latency_ms,
            slow_bps=args.slow_bps,
            drift_rate=args.drift_rate,
            enable_reject=args.enable_reject,
            preamble_seconds=args.preamble_seconds,
            huge_bytes=args.huge_bytes,
            paging=args.paging,
        )
        options = server_options(
            args.host_key,
            args.legacy_kex or False,
            args.jump_host,
            args.jump_port,
            args.jump_username,
            args.jump_password,
        )
    except ValueError as error:
        print(f"netraven-tui lab: {error}", file=sys.stderr)
        return 2

    def ready(ports: dict[str, int], server: LabServer) -> None:
        served = [replace(d, port=ports[d.hostname]) for d in devices]
        path = write_inventory(served, args.inventory).resolve()
        faulty = [d for d in served if d.fault]
        lines = [
            f"NetRaven lab: {len(served)} devices on 127.0.0.1"
            + (f", ports {min(ports.values())}-{max(ports.values())}" if ports else ""),
            f"  username:      {args.username}",
            f"  password:      {args.password}",
            f"  enable secret: {args.enable_secret}",
            f"  inventory:     {path}",
        ]
        if faulty:
            lines.append("  faulty:        " + ", ".join(d.hostname for d in faulty))
        lines.append(f"  host key:      {fingerprint(server.host_key)}")
        if server.jump:
            lines.append(
                f"  jump host:     {args.jump_username}@{server.jump['address']}:"
                f"{server.jump['port']} (password: {args.jump_password})"
            )
        lines.append("Press Ctrl-C to stop.")
        print("\n".join(lines), flush=True)

    from netraven_tui.lab.server import serve  # asyncssh only when serving

    try:
        return serve(devices, args.seed, ready, options=options)
    except OSError as error:
        print(f"netraven-tui lab: cannot listen: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # e.g. a host key file asyncssh cannot read
        print(f"netraven-tui lab: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
