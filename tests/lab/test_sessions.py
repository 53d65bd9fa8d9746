"""Real Netmiko against the lab: each platform gives its config, each fault its error."""

from __future__ import annotations

import re
import time

import pytest
from netmiko import NetmikoAuthenticationException, NetmikoTimeoutException
from netmiko.exceptions import ReadTimeout

from netraven_tui.lab import SUPPORTED_PLATFORMS, Fault, LabFleet
from netraven_tui.platforms import BUILTIN_PLATFORMS
from tests.lab.helpers import connect, fetch

pytestmark = pytest.mark.lab


@pytest.mark.parametrize("platform", SUPPORTED_PLATFORMS)
def test_each_platform_returns_its_full_config(fleet: LabFleet, platform: str) -> None:
    device = next(d for d in fleet.devices if d.platform == platform)
    output = fetch(fleet, device)
    expected = fleet.expected_config(device.hostname)
    assert fleet.strip_noise(device.hostname, output) == fleet.strip_noise(
        device.hostname, expected
    )
    assert 300 <= len(output.splitlines()) <= 3000
    end_marker = BUILTIN_PLATFORMS[platform].end_marker
    if end_marker:
        last = [line for line in output.splitlines() if line.strip()][-1]
        assert re.search(end_marker, last)
    for secret in fleet.secrets(device.hostname):
        assert secret in output


def test_two_reads_without_drift_differ_only_in_noise(fleet: LabFleet) -> None:
    device = next(d for d in fleet.devices if d.platform == "cisco_ios")
    first, second = fetch(fleet, device), fetch(fleet, device)
    assert first != second  # the noise lines moved on
    assert fleet.strip_noise(device.hostname, first) == fleet.strip_noise(device.hostname, second)


def test_unknown_command_is_answered_like_ios(fleet: LabFleet) -> None:
    device = next(d for d in fleet.devices if d.platform == "cisco_ios")
    conn = connect(fleet, device)
    try:
        conn.enable()
        assert "% Invalid input detected at '^' marker." in conn.send_command("show bogus")
    finally:
        conn.disconnect()


def test_ios_user_mode_cannot_read_the_config(fleet: LabFleet) -> None:
    device = next(d for d in fleet.devices if d.platform == "cisco_ios")
    conn = connect(fleet, device)
    try:
        assert not conn.check_enable_mode()
        assert "% Invalid input" in conn.send_command("show running-config")
        conn.enable()
        assert conn.check_enable_mode()
    finally:
        conn.disconnect()


def test_junos_unknown_command(fleet: LabFleet) -> None:
    device = next(d for d in fleet.devices if d.platform == "juniper_junos")
    conn = connect(fleet, device)
    try:
        assert "unknown command." in conn.send_command("show bogus")
    finally:
        conn.disconnect()


def test_wrong_password_is_an_authentication_failure(fleet: LabFleet) -> None:
    device = fleet.devices[0]
    with pytest.raises(NetmikoAuthenticationException):
        connect(fleet, device, password="not-the-password")


def test_auth_fault_rejects_the_fleet_credentials(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.AUTH)
    with pytest.raises(NetmikoAuthenticationException):
        connect(faulty_fleet, device)


def test_refused_port_is_a_tcp_failure(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.REFUSED)
    with pytest.raises(NetmikoTimeoutException, match="TCP connection to device failed") as info:
        connect(faulty_fleet, device)
    errors = getattr(info.value.__context__, "errors", {})
    assert any(isinstance(e, ConnectionRefusedError) for e in errors.values())


def test_hang_times_out_within_the_banner_timeout(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.HANG)
    # the banner timeout (1 s), not the connect timeout (4 s), ends it: the message says which
    with pytest.raises(NetmikoTimeoutException, match="SSH protocol banner"):
        connect(faulty_fleet, device, conn_timeout=4, banner_timeout=1)


def test_drop_closes_the_session_mid_config(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.DROP)
    spec = BUILTIN_PLATFORMS[device.platform]
    conn = connect(faulty_fleet, device)
    try:
        if spec.needs_enable:
            conn.enable()
        with pytest.raises(ReadTimeout):
            conn.send_command(spec.commands[0], read_timeout=2)
        assert conn.remote_conn.closed
        assert not conn.is_alive()
    finally:
        conn.disconnect()


def test_wrong_enable_secret_fails_enable(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.ENABLE)
    assert device.enable_reject == "bad-secrets"  # the default: a real IOS asks again
    conn = connect(faulty_fleet, device, read_timeout_override=2)
    try:
        # Netmiko answers the first "Password:" only, then waits for a prompt until its
        # read timeout (the engine stops at the re-prompt: tests/integration).
        with pytest.raises(ReadTimeout):
            conn.enable()
    finally:
        conn.disconnect()


def test_privileged_login_needs_no_enable(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.PRIV)
    conn = connect(faulty_fleet, device, secret="")
    try:
        conn.enable()  # a no-op: already privileged (or a platform without enable)
        output = conn.send_command(BUILTIN_PLATFORMS[device.platform].commands[0])
    finally:
        conn.disconnect()
    assert faulty_fleet.strip_noise(device.hostname, output) == faulty_fleet.strip_noise(
        device.hostname, faulty_fleet.expected_config(device.hostname)
    )


def test_slow_device_delivers_at_its_rate(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.SLOW)
    start = time.monotonic()
    output = fetch(faulty_fleet, device, read_timeout=120)
    elapsed = time.monotonic() - start
    assert elapsed >= 0.5 * len(output) / device.slow_bps
    assert faulty_fleet.strip_noise(device.hostname, output) == faulty_fleet.strip_noise(
        device.hostname, faulty_fleet.expected_config(device.hostname)
    )


def test_drift_changes_a_few_lines_between_reads(faulty_fleet: LabFleet) -> None:
    (device,) = faulty_fleet.with_fault(Fault.DRIFT)
    host = device.hostname
    first = faulty_fleet.strip_noise(host, fetch(faulty_fleet, device)).splitlines()
    second = faulty_fleet.strip_noise(host, fetch(faulty_fleet, device)).splitlines()
    assert len(first) == len(second)
    changed = sum(a != b for a, b in zip(first, second, strict=True))
    assert 1 <= changed <= 2
    assert (
        second == faulty_fleet.strip_noise(host, faulty_fleet.expected_config(host, 1)).splitlines()
    )


def test_stopped_fleet_leaves_nothing_listening() -> None:
    lab = LabFleet(devices=2, seed=1).start()
    device = lab.devices[0]
    pid = lab.pid
    assert lab.running and pid
    lab.stop()
    assert not lab.running
    with pytest.raises(NetmikoTimeoutException, match="TCP connection"):
        connect(lab, device)
