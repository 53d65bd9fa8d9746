"""SSH host keys at the paramiko level: checked after the key exchange, before any password.

paramiko's ``SSHClient.connect`` runs the key exchange, then compares the server's key with the
client's known host keys (a mismatch raises ``BadHostKeyException``) or, when it knows none,
asks the client's ``MissingHostKeyPolicy``, and only then authenticates. A :class:`HostKeyGuard`
uses both hooks: the pinned key goes into the client's host keys (so paramiko also prefers that
key's algorithm when the device has several) and the guard is the policy for a device with no
pin (``strict`` refuses it, ``tofu`` takes it). Either way a refused key ends the connection
before the username or password is sent.
"""

from __future__ import annotations

import base64
import hashlib
import socket
from dataclasses import dataclass

from netraven_tui.domain import DeviceError, ErrorKind, HostKeyPolicy, HostKeySeen


@dataclass(frozen=True, slots=True)
class HostKeyCheck:
    """What a device's host key must be: the policy and the pinned key (None: none yet)."""

    policy: HostKeyPolicy
    pinned: HostKeySeen | None = None
    # The command that accepts a new key, for the refusal's message ("" : none shown).
    trust_hint: str = ""


class HostKeyRefused(DeviceError):
    """The key the device presented is not acceptable; raised inside paramiko's connect."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorKind.HOSTKEY, message)


def fingerprint(blob: bytes) -> str:
    """``SHA256:...`` of a key blob, as ``ssh-keygen -l`` prints it."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def seen_key(key) -> HostKeySeen:
    """A paramiko ``PKey`` as plain data."""
    blob = key.asbytes()
    return HostKeySeen(key.get_name(), fingerprint(blob), base64.b64encode(blob).decode())


class HostKeyGuard:
    """One connection's host key check, installed on the paramiko client Netmiko builds."""

    def __init__(self, check: HostKeyCheck) -> None:
        import paramiko

        self.check = check
        self.presented: HostKeySeen | None = None
        # The key this check let through when no pin matched it in paramiko (a first use, or
        # a pin paramiko could not load): what a failure after the key exchange still pins.
        self.accepted: HostKeySeen | None = None

        guard = self

        class _Policy(paramiko.MissingHostKeyPolicy):
            def missing_host_key(self, client, hostname, key) -> None:
                guard.missing(key)

        self.policy = _Policy()

    def install(self, client, address: str, port: int) -> None:
        """Put the pinned key and this guard's policy on ``client`` before it connects."""
        client.set_missing_host_key_policy(self.policy)
        pinned = self.check.pinned
        if pinned is None or self.check.policy is HostKeyPolicy.ACCEPT:
            return
        name = address if port == 22 else f"[{address}]:{port}"
        key = _pkey(pinned)
        if key is not None:
            client.get_host_keys().add(name, pinned.algorithm, key)

    def missing(self, key) -> None:
        """paramiko found no known key for the host: compare, refuse or take it."""
        presented = seen_key(key)
        self.presented = presented
        check = self.check
        if check.policy is HostKeyPolicy.ACCEPT:
            return
        pinned = check.pinned
        if pinned is not None:  # a pin paramiko could not load: compare the fingerprints
            if pinned.fingerprint != presented.fingerprint:
                from netraven_tui.backup.errors import host_key_changed

                refusal = host_key_changed(pinned, presented, check.trust_hint)
                raise HostKeyRefused(str(refusal))
            self.accepted = presented
            return
        if check.policy is HostKeyPolicy.STRICT:
            hint = f"; to accept it: {check.trust_hint}" if check.trust_hint else ""
            raise HostKeyRefused(
                f"unknown host key {presented.describe()} (host_key_policy = strict){hint}"
            )
        self.accepted = presented

    def seen_after_login(self, client) -> HostKeySeen | None:
        """The key of the session that is now up (the pinned one when paramiko matched it)."""
        transport = client.get_transport() if client is not None else None
        if transport is None:
            return self.presented
        return seen_key(transport.get_remote_server_key())


def read_host_key(address: str, port: int, timeout: float, sock=None) -> HostKeySeen:
    """The host key a device presents now: a key exchange and nothing more (no login).

    ``sock``: an open channel to the device (through a jump host). Raises DeviceError by kind.
    """
    import paramiko

    from netraven_tui.backup.errors import login_failure

    where = f"{address}:{port}"
    own = None
    try:
        if sock is None:
            own = sock = socket.create_connection((address, port), timeout=timeout)
        transport = paramiko.Transport(sock)
        try:
            transport.banner_timeout = timeout
            transport.start_client(timeout=timeout)
            return seen_key(transport.get_remote_server_key())
        finally:
            transport.close()
    except Exception as error:  # noqa: BLE001 - classified into one line
        raise login_failure(error, where, "-", timeout) from None
    finally:
        if own is not None:
            own.close()


def _pkey(seen: HostKeySeen):
    import paramiko

    try:
        return paramiko.PKey.from_type_string(seen.algorithm, base64.b64decode(seen.public_key))
    except Exception:  # noqa: BLE001 - an algorithm paramiko cannot load: compared by fingerprint
        return None
