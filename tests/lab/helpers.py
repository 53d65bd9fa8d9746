"""Helpers for the lab tests: Netmiko sessions with short timeouts."""

from __future__ import annotations

from netmiko import BaseConnection, ConnectHandler

from netraven_tui.lab import LabDevice, LabFleet
from netraven_tui.platforms import BUILTIN_PLATFORMS

# Short enough that a broken test fails fast, long enough for a loaded 2-core CI box.
TIMEOUTS = {"conn_timeout": 5, "banner_timeout": 5, "auth_timeout": 5}


def connect(lab: LabFleet, device: LabDevice, **extra: object) -> BaseConnection:
    """A Netmiko session to ``device`` with the fleet's credentials and short timeouts."""
    return ConnectHandler(**lab.connect_args(device, **{**TIMEOUTS, **extra}))


def fetch(lab: LabFleet, device: LabDevice, read_timeout: float = 30) -> str:
    """Log in, enable if the platform needs it, and return the config command's output."""
    spec = BUILTIN_PLATFORMS[device.platform]
    conn = connect(lab, device)
    try:
        if spec.needs_enable:
            conn.enable()
        output = conn.send_command(spec.commands[0], read_timeout=read_timeout)
        assert isinstance(output, str)
        return output
    finally:
        conn.disconnect()
