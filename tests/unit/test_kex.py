"""Client-side DH group14/16 exponents: 512 bits, fresh each time; the server side unchanged."""

from __future__ import annotations

import paramiko
from paramiko.kex_group14 import KexGroup14SHA256
from paramiko.kex_group16 import KexGroup16SHA512

from netraven_tui.backup.kex import EXPONENT_BITS, short_exponents


class _Transport:
    """Only the attribute the exponent choice reads (no connection is made here)."""

    def __init__(self, server_mode: bool) -> None:
        self.server_mode = server_mode


def _x(kind, server_mode: bool) -> int:
    kex = kind(_Transport(server_mode))
    kex._generate_x()
    return kex.x


def test_client_exponents_are_512_bits_and_fresh() -> None:
    assert short_exponents() and short_exponents()  # once, and again is harmless
    for kind in (KexGroup14SHA256, KexGroup16SHA512):
        values = {_x(kind, server_mode=False) for _ in range(50)}
        assert len(values) == 50
        assert all(x.bit_length() == EXPONENT_BITS for x in values)
        assert all(1 < x < (kind.P - 1) // 2 for x in values)


def test_the_server_side_keeps_paramikos_exponents() -> None:
    short_exponents()
    assert _x(KexGroup14SHA256, server_mode=True).bit_length() > 900


def test_a_key_exchange_still_agrees() -> None:
    # Both halves in this process, over a socket pair: the client (512-bit exponent) and a
    # Paramiko server (its own 1023-bit one) must derive the same key and talk.
    import socket
    import threading

    short_exponents()
    left, right = socket.socketpair()
    host_key = paramiko.RSAKey.generate(2048)
    server = paramiko.Transport(right)
    server.add_server_key(host_key)
    server.get_security_options().kex = ["diffie-hellman-group14-sha256"]

    class _Accept(paramiko.ServerInterface):
        def check_auth_password(self, username, password):
            return paramiko.AUTH_SUCCESSFUL if password == "pw" else paramiko.AUTH_FAILED

        def get_allowed_auths(self, username):
            return "password"

    failures: list[BaseException] = []

    def serve() -> None:
        try:
            server.start_server(server=_Accept())
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    started = threading.Thread(target=serve)
    started.start()
    client = paramiko.Transport(left)
    client.get_security_options().kex = ["diffie-hellman-group14-sha256"]
    try:
        client.connect(username="u", password="pw")
        assert client.is_authenticated()
        assert client.get_remote_server_key().get_fingerprint() == host_key.get_fingerprint()
        # the server's side returns once its negotiation is done: wait for it before closing
        # (closed first, it reads "Negotiation failed" however well the exchange went)
        started.join(timeout=30)
        assert not started.is_alive() and failures == []
    finally:
        client.close()
        server.close()
        started.join(timeout=10)
