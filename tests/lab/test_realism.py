"""Real-device behaviours the lab plays on demand: enable re-prompts, MOTD, paging, slow
preambles, huge configs, Junos ``{master:0}`` — each driven by plain Netmiko or asyncssh.

Where Netmiko itself trips over a behaviour (re-prompted enable, refused paging) the test
pins what Netmiko does, because that is what the engine has to handle.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator

import pytest
from netmiko.exceptions import ReadTimeout

from netraven_tui.lab import ALL_PLATFORMS, Fault, LabFleet
from netraven_tui.lab.dialects import DIALECTS
from tests.lab.helpers import backup_command, connect, fetch, raw_session

pytestmark = pytest.mark.lab

PREAMBLE_S = 1.5


@pytest.fixture(scope="module")
def real_fleet() -> Iterator[LabFleet]:
    """One device of each realistic kind, two healthy ones."""
    with LabFleet(
        devices=7,
        seed=17,
        faults="banner:1,paging:1,preamble:1,master:1,enable:1",
        preamble_seconds=PREAMBLE_S,
    ) as lab:
        yield lab


def _one(lab: LabFleet, fault: Fault):
    (device,) = lab.with_fault(fault)
    return device


@pytest.mark.parametrize(
    ("mode", "refusal"), [("bad-secrets", "% Bad secrets"), ("access-denied", "% Access denied")]
)
def test_wrong_enable_secret_is_asked_three_times_like_ios(mode: str, refusal: str) -> None:
    with LabFleet(devices=2, seed=3, faults="enable:1", enable_reject=mode) as lab:
        device = _one(lab, Fault.ENABLE)
        conn = connect(lab, device, read_timeout_override=2)
        try:
            conn.write_channel("enable\n")
            for _ in range(3):
                conn.read_until_pattern(r"Password: ", read_timeout=5)
                conn.write_channel(lab.enable_secret + "\n")  # the fleet's secret: wrong here
            tail = conn.read_until_pattern(re.escape(f"{device.hostname}>"), read_timeout=5)
            assert refusal in tail and "Password:" not in tail
            assert not conn.check_enable_mode()
            # Netmiko answers the first Password: only, then waits for a prompt: ReadTimeout.
            with pytest.raises(ReadTimeout):
                conn.enable()
        finally:
            conn.disconnect()


def test_default_enable_refusal_is_the_real_ios_one(real_fleet: LabFleet) -> None:
    device = _one(real_fleet, Fault.ENABLE)
    assert device.enable_reject == "bad-secrets"
    conn = connect(real_fleet, device, read_timeout_override=2)
    try:
        with pytest.raises(ReadTimeout):  # Netmiko waits for a prompt after "Password:" again
            conn.enable()
    finally:
        conn.disconnect()


def test_once_refuses_with_a_single_access_denied() -> None:
    with LabFleet(devices=2, seed=3, faults="enable:1", enable_reject="once") as lab:
        device = _one(lab, Fault.ENABLE)
        conn = connect(lab, device)
        try:
            with pytest.raises(ValueError, match="Failed to enter enable mode"):
                conn.enable()
        finally:
            conn.disconnect()


def test_motd_that_looks_like_prompts_does_not_fool_netmiko(real_fleet: LabFleet) -> None:
    device = _one(real_fleet, Fault.BANNER)
    host = device.hostname

    async def login_text() -> str:
        conn, shell = await raw_session(real_fleet, device)
        async with conn:
            return await shell.until(f"\n{host}>")

    banner = asyncio.run(login_text())
    assert f"{host}#" in banner and f"{host}>" in banner
    assert any(line.rstrip().endswith("#") for line in banner.splitlines()[:-1])
    conn = connect(real_fleet, device)
    try:
        assert conn.base_prompt == host
        conn.enable()
        output = conn.send_command(backup_command(device.platform))
    finally:
        conn.disconnect()
    assert real_fleet.strip_noise(host, output) == real_fleet.strip_noise(
        host, real_fleet.expected_config(host)
    )


def test_refused_paging_makes_the_client_press_space(real_fleet: LabFleet) -> None:
    device = _one(real_fleet, Fault.PAGING)
    host = device.hostname
    conn = connect(real_fleet, device)  # Netmiko's own 'terminal length 0' was refused
    try:
        conn.enable()
        assert "Command authorization failed." in conn.send_command("terminal length 0")
        conn.write_channel(backup_command(device.platform) + "\n")
        pages = [conn.read_until_pattern(r" --More-- ", read_timeout=5)]
        prompt = re.escape(f"{host}#")
        while not re.search(prompt + r"\s*$", pages[-1]):
            conn.write_channel(" ")
            pages.append(conn.read_until_pattern(rf"(?: --More-- |{prompt})", read_timeout=5))
            assert len(pages) < 500
    finally:
        conn.disconnect()
    pager = DIALECTS[device.platform].pager
    assert pager is not None
    text = "".join(pages).replace(pager.marker + pager.erase, "")
    lines = text.splitlines()[1:-1]  # without the echo and the prompt
    assert real_fleet.strip_noise(host, "\n".join(lines)) == real_fleet.strip_noise(
        host, real_fleet.expected_config(host)
    )
    assert len(pages) == -(-len(lines) // 23)  # 23 lines a screen, the last one shorter


def test_send_command_on_a_paged_device_times_out(real_fleet: LabFleet) -> None:
    device = _one(real_fleet, Fault.PAGING)
    conn = connect(real_fleet, device, read_timeout_override=2)  # disconnect() waits too
    try:
        conn.enable()
        with pytest.raises(ReadTimeout):
            conn.send_command(backup_command(device.platform), read_timeout=2)
    finally:
        conn.disconnect()


def test_building_configuration_then_silence(real_fleet: LabFleet) -> None:
    device = _one(real_fleet, Fault.PREAMBLE)

    async def timings() -> tuple[float, str]:
        conn, shell = await raw_session(real_fleet, device)
        async with conn:
            await shell.until(f"{device.hostname}>")
            shell.write("terminal length 0\nenable\n")
            await shell.until("Password: ")
            shell.write(real_fleet.enable_secret + "\n")
            await shell.until(f"{device.hostname}#")
            shell.write(backup_command(device.platform) + "\n")
            await shell.until("Building configuration...")
            started = time.monotonic()
            rest = await shell.until("\nend", timeout=PREAMBLE_S + 10)
            return time.monotonic() - started, rest

    gap, rest = asyncio.run(timings())
    assert gap >= 0.8 * PREAMBLE_S
    assert "Current configuration :" in rest
    # Netmiko waits for the prompt, so it just gets the whole text later.
    output = fetch(real_fleet, device)
    assert output.lstrip().startswith("Building configuration...")


def test_junos_master_lines_around_the_prompt(real_fleet: LabFleet) -> None:
    device = _one(real_fleet, Fault.MASTER)
    prompt = f"{real_fleet.username}@{device.hostname}> "

    async def talk() -> str:
        conn, shell = await raw_session(real_fleet, device)
        async with conn:
            await shell.until(prompt)
            shell.write("show version\n")
            return await shell.until(prompt)

    reply = asyncio.run(talk())
    assert reply.replace("\r", "").endswith("\n\n{master:0}\n" + prompt)
    output = fetch(real_fleet, device)
    assert "{master:0}" not in output  # Netmiko's Junos driver strips context lines
    host = device.hostname
    assert real_fleet.strip_noise(host, output) == real_fleet.strip_noise(
        host, real_fleet.expected_config(host)
    )


def test_huge_config_is_five_megabytes_and_complete() -> None:
    with LabFleet(devices=1, seed=2, faults="huge:1", platforms=["cisco_ios"]) as lab:
        (device,) = lab.devices
        output = fetch(lab, device, read_timeout=120)
        assert len(output) >= 5_000_000
        assert output.rstrip().endswith("\nend")
        host = device.hostname
        assert lab.strip_noise(host, output) == lab.strip_noise(host, lab.expected_config(host))


def test_paging_fleet_option_pages_until_netmiko_turns_it_off() -> None:
    platforms = list(ALL_PLATFORMS)
    with LabFleet(devices=len(platforms), seed=6, platforms=platforms, paging=True) as lab:
        ios = next(d for d in lab.devices if d.platform == "cisco_ios")

        async def first_screen() -> str:
            conn, shell = await raw_session(lab, ios)
            async with conn:
                await shell.until(f"{ios.hostname}>")
                shell.write("enable\n")
                await shell.until("Password: ")
                shell.write(lab.enable_secret + "\n")
                await shell.until(f"{ios.hostname}#")
                shell.write(backup_command("cisco_ios") + "\n")
                return await shell.until(" --More-- ")

        assert len(asyncio.run(first_screen()).splitlines()) <= 25
        for device in lab.devices:  # every driver turns paging off before it reads
            output = fetch(lab, device)
            assert lab.strip_noise(device.hostname, output) == lab.strip_noise(
                device.hostname, lab.expected_config(device.hostname)
            ), device.platform
