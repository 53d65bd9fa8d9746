"""Host keys and key exchange: seeded/file keys across restarts on one port, IOS 15 style kex."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import asyncssh
import paramiko
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from netmiko import NetmikoTimeoutException

from netraven_tui.lab import LabFleet
from netraven_tui.lab.ssh_options import fingerprint
from tests.lab.helpers import fetch

pytestmark = [
    pytest.mark.lab,
    pytest.mark.filterwarnings("ignore:Diffie-Hellman over finite fields"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _presented_key(address: str, port: int) -> paramiko.PKey:
    """The host key a plain paramiko client sees (no authentication needed)."""
    with socket.create_connection((address, port), timeout=5) as sock:
        transport = paramiko.Transport(sock)
        try:
            transport.start_client(timeout=5)
            return transport.get_remote_server_key()
        finally:
            transport.close()


# A refused negotiation, as either side may report it first.
NEGOTIATION_FAILED = (asyncssh.KeyExchangeFailed, asyncssh.ConnectionLost)


def _sha256(key: paramiko.PKey) -> str:
    return fingerprint(f"{key.get_name()} {key.get_base64()}")


async def _connect(lab: LabFleet, device, **options) -> None:
    async with asyncssh.connect(
        device.address,
        device.port,
        username=lab.username,
        password=lab.password,
        known_hosts=None,
        kex_algs=["diffie-hellman-group14-sha1"],
        **options,
    ):
        pass


def test_two_fleets_on_one_port_present_their_own_keys() -> None:
    port = _free_port()
    seen = []
    for seed in ("fleet-a", "fleet-b", "fleet-a"):
        with LabFleet(devices=1, seed=1, port_base=port, host_key=seed) as lab:
            device = lab.devices[0]
            assert device.port == port
            key = _presented_key(device.address, device.port)
            assert _sha256(key) == lab.host_key_fingerprint
            seen.append(lab.host_key_fingerprint)
    assert seen[0] != seen[1]  # another fleet on the same address and port
    assert seen[0] == seen[2]  # the same seed, the same key, in a new process


def test_host_key_from_a_file(tmp_path: Path) -> None:
    private = ed25519.Ed25519PrivateKey.generate()
    path = tmp_path / "lab_host_key"
    path.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    with LabFleet(devices=1, host_key=path) as lab:
        assert lab.host_key_fingerprint == fingerprint(public.decode())
        key = _presented_key(lab.devices[0].address, lab.devices[0].port)
        assert _sha256(key) == fingerprint(public.decode())


def test_a_missing_host_key_file_is_refused_before_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        LabFleet(devices=1, host_key=tmp_path / "nope")


def test_legacy_kex_is_group14_with_an_rsa_host_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="paramiko.transport")
    with LabFleet(devices=2, seed=4, legacy_kex=True, host_key="ios15") as lab:
        device = next(d for d in lab.devices if d.platform == "cisco_ios")
        with socket.create_connection((device.address, device.port), timeout=5) as sock:
            transport = paramiko.Transport(sock)
            try:
                transport.start_client(timeout=5)
                assert transport.get_remote_server_key().get_name() == "ssh-rsa"
            finally:
                transport.close()
        # paramiko 5 dropped group14-sha1; the lab offers sha256 beside it (IOS 15.5 does too).
        assert "Kex: diffie-hellman-group14-sha256" in caplog.text
        assert lab.host_public_key.startswith("ssh-rsa ")
        assert len(fetch(lab, device).splitlines()) >= 300  # Netmiko works over it

        async def kex_with(algs: list[str]) -> str:
            async with asyncssh.connect(
                device.address,
                device.port,
                username=lab.username,
                password=lab.password,
                known_hosts=None,
                kex_algs=algs,
            ) as conn:
                return str(conn.get_extra_info("recv_mac"))

        assert asyncio.run(kex_with(["diffie-hellman-group14-sha1"])) in (
            "hmac-sha1",
            "hmac-sha2-256",
        )
        # No modern key exchange. Which side gives up first is a race: the client
        # (KeyExchangeFailed) or the server, which drops the connection (ConnectionLost).
        with pytest.raises(NEGOTIATION_FAILED):
            asyncio.run(kex_with(["curve25519-sha256"]))
        assert asyncio.run(kex_with(["diffie-hellman-group14-sha256"]))  # the server still answers


def test_sha1_only_kex_is_out_of_reach_for_paramiko_5() -> None:
    with LabFleet(devices=1, seed=4, legacy_kex="sha1-only", platforms=["cisco_ios"]) as lab:
        device = lab.devices[0]
        with pytest.raises(NetmikoTimeoutException, match="Incompatible ssh peer"):
            fetch(lab, device)

        async def host_key_alg() -> str:
            async with asyncssh.connect(
                device.address,
                device.port,
                username=lab.username,
                password=lab.password,
                known_hosts=None,
                kex_algs=["diffie-hellman-group14-sha1"],
                server_host_key_algs=["ssh-rsa"],
            ) as conn:
                return str(conn.get_extra_info("recv_cipher"))

        assert asyncio.run(host_key_alg()).startswith("aes")
        # No rsa-sha2-* host key signatures. Which side gives up first is a race: the client
        # (KeyExchangeFailed) or the server, which drops the connection (ConnectionLost).
        with pytest.raises(NEGOTIATION_FAILED):
            asyncio.run(_connect(lab, device, server_host_key_algs=["rsa-sha2-256"]))
        # ... and it was the negotiation, not a server gone: ssh-rsa still gets in.
        assert asyncio.run(host_key_alg()).startswith("aes")
