"""The six newer dialects against plain Netmiko (``ConnectHandler(device_type=...)``) and asyncssh.

Each driver must log in, prepare the session (paging off, width) and get the configuration
with ``send_command`` of the platform's backup command; the raw-session tests check the
quirks a driver has to cope with (XR timestamps, FortiOS paging, ProCurve's key press).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest

from netraven_tui.lab import NEW_PLATFORMS, LabFleet
from netraven_tui.platforms import BUILTIN_PLATFORMS
from tests.lab.helpers import backup_command, connect, fetch, raw_session

pytestmark = pytest.mark.lab

END_MARKERS = {
    "cisco_xr": r"^end$",
    "cisco_asa": r"^: end$",
    "paloalto_panos": r"^\}$",
    "fortinet": r"^end$",
    "hp_comware": r"^return$",
    "hp_procurve": None,
}
XR_TIME = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3} UTC$")


@pytest.fixture(scope="module")
def new_fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=len(NEW_PLATFORMS), seed=13, platforms=NEW_PLATFORMS) as lab:
        yield lab


def _device(lab: LabFleet, platform: str):
    return next(d for d in lab.devices if d.platform == platform)


def test_end_markers_match_the_platform_table() -> None:
    for platform, marker in END_MARKERS.items():
        spec = BUILTIN_PLATFORMS.get(platform)
        if spec is not None:  # hp_comware is not in the table yet
            assert spec.end_marker == marker, platform


@pytest.mark.parametrize("platform", NEW_PLATFORMS)
def test_netmiko_driver_gets_the_config(new_fleet: LabFleet, platform: str) -> None:
    device = _device(new_fleet, platform)
    output = fetch(new_fleet, device)
    host = device.hostname
    assert new_fleet.strip_noise(host, output) == new_fleet.strip_noise(
        host, new_fleet.expected_config(host)
    )
    assert 300 <= len(output.splitlines()) <= 3000
    marker = END_MARKERS[platform]
    if marker:
        assert re.search(marker, [line for line in output.splitlines() if line.strip()][-1])
    for secret in new_fleet.secrets(host):
        assert secret in output


def test_xr_prints_a_timestamp_before_every_show_command(new_fleet: LabFleet) -> None:
    conn = connect(new_fleet, _device(new_fleet, "cisco_xr"))
    try:
        assert conn.base_prompt.startswith("RP/0/RSP0/CPU0:")
        for command in ("show version", "show running-config"):
            first = conn.send_command(command).lstrip("\n").splitlines()[0]
            assert XR_TIME.match(first), (command, first)
        assert "% Invalid input detected" in conn.send_command("show bogus")
    finally:
        conn.disconnect()


def test_asa_enables_and_frames_its_config(new_fleet: LabFleet) -> None:
    conn = connect(new_fleet, _device(new_fleet, "cisco_asa"))
    try:
        assert conn.check_enable_mode()  # the driver's session_preparation enabled already
        assert "Current privilege level : 15" in conn.send_command("show curpriv")
        text = conn.send_command("show running-config")
    finally:
        conn.disconnect()
    lines = text.strip("\n").splitlines()
    assert lines[0] == ": Saved" and lines[-1] == ": end"
    assert re.match(r"^Cryptochecksum:[0-9a-f]{32}$", lines[-2])
    assert " ikev2 local-authentication pre-shared-key *****" in lines  # masked by the ASA


def test_fortigate_pages_until_the_console_is_set_to_standard(new_fleet: LabFleet) -> None:
    device = _device(new_fleet, "fortinet")

    async def talk() -> tuple[str, str]:
        conn, shell = await raw_session(new_fleet, device)
        async with conn:
            prompt = f"{device.hostname} # "
            await shell.until(prompt)
            shell.write("get system console\n")
            console = await shell.until(prompt)
            shell.write(backup_command("fortinet") + "\n")
            paged = await shell.until("--More-- ")
            shell.write("q")
            await shell.until(prompt)
            return console, paged

    console, paged = asyncio.run(talk())
    assert re.search(r"output\s+: more", console)
    assert len(paged.splitlines()) <= 25


def test_procurve_waits_for_a_key_and_wraps_prompts_in_escape_codes(new_fleet: LabFleet) -> None:
    device = _device(new_fleet, "hp_procurve")

    async def talk() -> tuple[str, str]:
        conn, shell = await raw_session(new_fleet, device)
        async with conn:
            banner = await shell.until("Press any key to continue")
            early = await shell.quiet(0.3)  # no prompt until a key is pressed
            shell.write(" ")
            prompt = await shell.until(f"{device.hostname}# ")
            col = len(device.hostname) + 3
            prompt += await shell.until(f"\x1b[?25h\x1b[24;{col}H")
            shell.write("logout\n")
            await shell.until("Do you want to log out (y/n)? ")
            shell.write("y")
            await asyncio.wait_for(shell.process.wait_closed(), 5)
            return banner + early, prompt

    before, prompt = asyncio.run(talk())
    assert "Copyright" in before and f"{device.hostname}#" not in before
    assert "\x1b[2K" in prompt  # escape codes before and after the prompt text
    col = len(device.hostname) + 3  # the cursor goes right after "host# "
    assert prompt.endswith(
        f"{device.hostname}# \x1b[24;1H\x1b[24;{col}H\x1b[24;1H\x1b[?25h\x1b[24;{col}H"
    )


def test_comware_prompt_and_system_view(new_fleet: LabFleet) -> None:
    device = _device(new_fleet, "hp_comware")
    conn = connect(new_fleet, device)
    try:
        assert conn.base_prompt == device.hostname
        conn.config_mode()  # system-view
        assert conn.check_config_mode()
        conn.exit_config_mode()
        assert "Unrecognized command" in conn.send_command("display bogus")
    finally:
        conn.disconnect()


def test_panos_logs_in_with_keyboard_interactive_auth(new_fleet: LabFleet) -> None:
    device = _device(new_fleet, "paloalto_panos")
    conn = connect(new_fleet, device)
    try:
        transport = conn.remote_conn.get_transport()
        assert transport.auth_handler.auth_method == "keyboard-interactive"
        assert conn.base_prompt == f"{new_fleet.username}@{device.hostname}"
        assert "operational-mode: normal" in conn.send_command("show system info")
    finally:
        conn.disconnect()
