"""The lab's jump host: forwards to the fleet's devices only, with password or key login."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncssh
import paramiko
import pytest
from netmiko import ConnectHandler

from netraven_tui.lab import Fault, LabFleet, LabJumpHost
from tests.lab.helpers import TIMEOUTS, backup_command

pytestmark = pytest.mark.lab

CLIENT_KEY = asyncssh.generate_private_key("ssh-ed25519")


@pytest.fixture(scope="module")
def jump_fleet() -> Iterator[LabFleet]:
    public = CLIENT_KEY.export_public_key("openssh").decode()
    with LabFleet(
        devices=3,
        seed=9,
        faults="refused:1",
        platforms=["cisco_ios", "juniper_junos"],
        jump_host=True,
        jump_authorized_keys=public,
    ) as lab:
        yield lab


def _jump(lab: LabFleet) -> LabJumpHost:
    assert lab.jump_host is not None
    return lab.jump_host


def _bastion(jump: LabJumpHost, password: str | None = None) -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        jump.address,
        jump.port,
        username=jump.username,
        password=password or jump.password,
        look_for_keys=False,
        allow_agent=False,
        timeout=5,
    )
    return client


def test_netmiko_reaches_a_device_through_the_jump_host(jump_fleet: LabFleet) -> None:
    jump = _jump(jump_fleet)
    assert jump.fingerprint.startswith("SHA256:") and jump.fingerprint != (
        jump_fleet.host_key_fingerprint
    )
    device = next(d for d in jump_fleet.devices if d.platform == "juniper_junos")
    bastion = _bastion(jump)
    try:
        transport = bastion.get_transport()
        assert transport is not None
        channel = transport.open_channel(
            "direct-tcpip", (device.address, device.port), ("127.0.0.1", 0), timeout=5
        )
        conn = ConnectHandler(**jump_fleet.connect_args(device, sock=channel, **TIMEOUTS))
        try:
            output = conn.send_command(backup_command(device.platform))
        finally:
            conn.disconnect()
    finally:
        bastion.close()
    host = device.hostname
    assert jump_fleet.strip_noise(host, output) == jump_fleet.strip_noise(
        host, jump_fleet.expected_config(host)
    )


def test_forwarding_elsewhere_is_prohibited(jump_fleet: LabFleet) -> None:
    jump = _jump(jump_fleet)
    bastion = _bastion(jump)
    try:
        transport = bastion.get_transport()
        assert transport is not None
        for target in ((jump.address, jump.port), ("192.0.2.1", 22), ("127.0.0.2", 22)):
            with pytest.raises(paramiko.ChannelException) as info:
                transport.open_channel("direct-tcpip", target, ("127.0.0.1", 0), timeout=5)
            assert info.value.code == paramiko.common.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED
        # A device port where nothing listens: allowed, but the connection is refused.
        (refused,) = jump_fleet.with_fault(Fault.REFUSED)
        with pytest.raises(paramiko.ChannelException) as info:
            transport.open_channel(
                "direct-tcpip", (refused.address, refused.port), ("127.0.0.1", 0), timeout=5
            )
        assert info.value.code == paramiko.common.OPEN_FAILED_CONNECT_FAILED
    finally:
        bastion.close()


def test_wrong_jump_password_is_rejected(jump_fleet: LabFleet) -> None:
    with pytest.raises(paramiko.AuthenticationException):
        _bastion(_jump(jump_fleet), password="not-it")


def test_key_login_and_asyncssh_tunnel(jump_fleet: LabFleet) -> None:
    jump = _jump(jump_fleet)
    device = next(d for d in jump_fleet.devices if d.platform == "cisco_ios" and not d.fault)

    async def through_tunnel() -> str:
        async with (
            asyncssh.connect(
                jump.address,
                jump.port,
                username=jump.username,
                client_keys=[CLIENT_KEY],
                password=None,
                known_hosts=None,
            ) as tunnel,
            asyncssh.connect(
                device.address,
                device.port,
                tunnel=tunnel,
                username=jump_fleet.username,
                password=jump_fleet.password,
                known_hosts=None,
            ) as conn,
        ):
            result = await conn.run("show running-config", timeout=30)
            return str(result.stdout)

    output = asyncio.run(asyncio.wait_for(through_tunnel(), 60))
    assert output.rstrip().endswith("end")
    assert "hostname " + device.hostname in output

    async def shell_on_jump() -> None:
        async with asyncssh.connect(
            jump.address,
            jump.port,
            username=jump.username,
            client_keys=[CLIENT_KEY],
            known_hosts=None,
        ) as conn:
            await conn.run("id", check=True, timeout=10)

    with pytest.raises((asyncssh.ChannelOpenError, asyncssh.ProcessError)):
        asyncio.run(shell_on_jump())
