"""Helpers for the lab tests: Netmiko sessions with short timeouts, raw asyncssh sessions."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncssh
from netmiko import BaseConnection, ConnectHandler

from netraven_tui.lab import LabDevice, LabFleet
from netraven_tui.lab.dialects import DIALECTS
from netraven_tui.platforms import BUILTIN_PLATFORMS

# Short enough that a broken test fails fast, long enough for a loaded 2-core CI box.
TIMEOUTS = {"conn_timeout": 5, "banner_timeout": 5, "auth_timeout": 5}


def backup_command(platform: str) -> str:
    """The command that prints the platform's configuration."""
    return DIALECTS[platform].command


def needs_enable(platform: str) -> bool:
    spec = BUILTIN_PLATFORMS.get(platform)
    return bool(spec and spec.needs_enable)


def connect(lab: LabFleet, device: LabDevice, **extra: object) -> BaseConnection:
    """A Netmiko session to ``device`` with the fleet's credentials and short timeouts."""
    return ConnectHandler(**lab.connect_args(device, **{**TIMEOUTS, **extra}))


def fetch(lab: LabFleet, device: LabDevice, read_timeout: float = 30, **extra: object) -> str:
    """Log in, enable if the platform needs it, and return the config command's output."""
    conn = connect(lab, device, **extra)
    try:
        if needs_enable(device.platform):
            conn.enable()
        output = conn.send_command(backup_command(device.platform), read_timeout=read_timeout)
        assert isinstance(output, str)
        return output
    finally:
        conn.disconnect()


class RawSession:
    """A plain asyncssh shell on a lab device: write keys, read until a text shows up."""

    def __init__(self, process: asyncssh.SSHClientProcess[str]) -> None:
        self.process = process
        self.seen = ""

    def write(self, text: str) -> None:
        self.process.stdin.write(text)

    async def until(self, needle: str, timeout: float = 10) -> str:
        """Everything read until ``needle`` (inclusive); raises TimeoutError after ``timeout``."""
        text = await asyncio.wait_for(self.process.stdout.readuntil(needle), timeout)
        self.seen += text
        return text

    async def quiet(self, seconds: float) -> str:
        """Whatever arrives within ``seconds`` ("" if nothing)."""
        try:
            text = await asyncio.wait_for(self.process.stdout.read(65536), seconds)
        except TimeoutError:
            return ""
        self.seen += text
        return text


async def raw_session(lab: LabFleet, device: LabDevice, **options: Any):
    """Open an asyncssh connection and shell to ``device``; returns (connection, RawSession)."""
    conn = await asyncssh.connect(
        device.address,
        device.port,
        username=lab.username,
        password=lab.password,
        known_hosts=None,
        **options,
    )
    process = await conn.create_process(term_type="vt100")
    return conn, RawSession(process)
