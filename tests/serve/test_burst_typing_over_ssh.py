"""A form typed in one burst over SSH (a real client, the server's real pty) saves what was typed.

The report: 8 backspaces then `core` sent in one write left `cor` in a completion field while
the screen showed `core`, and a fast Enter landed in the wrong field. Here a whole device form,
Enters, backspaces and ctrl+s included, goes in one write; the saved device must hold exactly it.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from netraven_tui.domain import NetRavenError
from tests.serve.conftest import Served, Terminal, connect

pytestmark = pytest.mark.timeout(120)


def saved_device(served: Served, hostname: str):
    services = served.services()
    try:
        return services.devices.get(hostname)
    except NetRavenError:
        return None
    finally:
        services.close()


async def test_a_device_form_typed_in_one_write_saves_every_key_in_order(served: Served) -> None:
    services = served.services()
    for tag in ("core", "edge"):
        if tag not in {t.name for t in services.tags.list()}:
            services.tags.create(tag)
    services.close()
    conn, _ = await connect(served, "alice")
    async with conn:
        term = await Terminal.open(conn, 80, 24)
        await term.wait_for("signed in as alice")
        term.press("2")
        await term.wait_for("Devices ·")
        term.press(
            "a"  # opens the form; the rest of the write goes into its fields
            "pty-burst-1\r"
            "10.7.7.7\r"
            "cisco_iox\x7fs\r"
            "\x152222\r"
            "edgexxxx" + "\x7f" * 8 + "core\r"
            "\r"
            "one write\x13"
        )
        deadline = time.monotonic() + 20
        device = None
        while device is None and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            device = saved_device(served, "pty-burst-1")
        assert device is not None, f"the form did not save pty-burst-1:\n{term.screen.text}"
        assert (device.address, device.platform, device.port) == ("10.7.7.7", "cisco_ios", 2222)
        assert "core" in device.tags and "edge" not in device.tags
        assert device.description == "one write"
        term.press("q")
        term.press("\x11")  # ctrl+q
