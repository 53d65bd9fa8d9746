"""``netraven-tui lab``: serve a simulated fleet in the foreground and write its inventory.

The fleet listens on 127.0.0.1, one port per device, until Ctrl-C or SIGTERM (exit 0).
Platforms are mixed round-robin; no device is faulty unless ``--faults`` asks.

--faults SPEC: comma-separated KIND[:COUNT] items (COUNT defaults to 1), e.g.
``auth:2,refused:1,hang:1,drop:1,slow:1,enable:1,drift:3``. Kinds: auth (wrong password
rejected), refused (port closed), hang (TCP accepted, no SSH), drop (session closed half-way
through the config), slow (output at --slow-bps), enable (enable secret rejected),
drift (config changes after every read), priv (login lands in privileged mode). Devices are
picked deterministically from the seed; each gets tag ``fault-KIND`` and hostname suffix
``-KIND``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from netraven_tui.lab.configs import SUPPORTED_PLATFORMS
from netraven_tui.lab.faults import SPEC_HELP
from netraven_tui.lab.inventory import write_inventory
from netraven_tui.lab.plan import (
    DEFAULT_ENABLE_SECRET,
    DEFAULT_PASSWORD,
    DEFAULT_PLATFORMS,
    DEFAULT_SLOW_BPS,
    DEFAULT_USERNAME,
    build_plan,
)


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
        help=f"comma-separated Netmiko device types to mix, from {', '.join(SUPPORTED_PLATFORMS)}",
    )
    parser.add_argument("--username", default=DEFAULT_USERNAME)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--enable-secret", default=DEFAULT_ENABLE_SECRET)
    parser.add_argument(
        "--slow-bps", type=int, default=DEFAULT_SLOW_BPS, help="output speed of 'slow' devices"
    )
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
        )
    except ValueError as error:
        print(f"netraven-tui lab: {error}", file=sys.stderr)
        return 2

    def ready(ports: dict[str, int]) -> None:
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
        lines.append("Press Ctrl-C to stop.")
        print("\n".join(lines), flush=True)

    from netraven_tui.lab.server import serve  # asyncssh only when serving

    try:
        return serve(devices, args.seed, ready)
    except OSError as error:
        print(f"netraven-tui lab: cannot listen: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
