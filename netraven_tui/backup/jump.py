"""Jump hosts: a session to the device through a bastion's ``direct-tcpip`` channel.

paramiko logs in to the bastion (with its own credential: an SSH key when the credential has
one, else its password; the bastion's host key checked like a device's), opens a channel to
the device's address and port, and Netmiko runs over that channel (its ``sock``) exactly as
over TCP. One bastion connection per device session: OpenSSH bastions limit the channels of
one connection (``MaxSessions``, 10 by default), and a shared one would couple devices' fates.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

from netraven_tui.backup.hostkeys import HostKeyCheck, HostKeyGuard
from netraven_tui.domain import (
    CredentialSecret,
    DeviceError,
    ErrorKind,
    HostKeySeen,
    JumpRoute,
)


@dataclass(frozen=True, slots=True)
class JumpHost:
    """A jump host ready to use: where, how to log in, and what its host key must be."""

    route: JumpRoute
    credential: CredentialSecret | None  # None: the route names no (known) credential
    host_key: HostKeyCheck | None = None  # None: any key (host_key_policy = accept)

    @property
    def username(self) -> str:
        return self.route.username or (self.credential.username if self.credential else "")


class RouteError(DeviceError):
    """The way to the device failed (the jump host), not the device or its credential: another
    device credential would not help, so the pipeline does not try one."""

    def __init__(self, kind: ErrorKind, message: str, final: bool = False) -> None:
        super().__init__(kind, message)
        self.final = final  # not worth a retry either (forwarding prohibited, login refused)


@dataclass
class Tunnel:
    """An open channel to the device through the jump host (Netmiko's ``sock``)."""

    channel: object
    jump_key: HostKeySeen | None  # the jump host's key, as presented in this connection
    _client: object

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a dead bastion connection may fail
            self._client.close()  # type: ignore[attr-defined]


@contextlib.contextmanager
def tunnel(jump: JumpHost, address: str, port: int, timeout: float) -> Iterator[Tunnel]:
    """Log in to the jump host and open a channel to ``address:port``; closed after the block.

    Raises RouteError by kind: ``auth`` (the jump credential was rejected), ``hostkey``,
    ``unreachable`` (the jump host is down, or it refuses to forward there), ``timeout``.
    """
    import paramiko

    from netraven_tui.backup.errors import login_failure

    endpoint = jump.route.endpoint
    who = f"jump host {endpoint}"
    if jump.credential is None:
        name = jump.route.credential or "(none set)"
        raise RouteError(
            ErrorKind.AUTH, f"{who}: its credential {name!r} does not exist", final=True
        )
    client = paramiko.SSHClient()
    guard = HostKeyGuard(jump.host_key) if jump.host_key is not None else None
    if guard is not None:
        guard.install(client, jump.route.host, jump.route.port)
    else:
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        client.connect(
            jump.route.host,
            jump.route.port,
            username=jump.username,
            password=None if jump.credential.ssh_key else jump.credential.password,
            pkey=_private_key(jump.credential) if jump.credential.ssh_key else None,
            look_for_keys=False,
            allow_agent=False,
            timeout=timeout,
            banner_timeout=timeout,
            auth_timeout=timeout,
        )
    except Exception as error:  # noqa: BLE001 - classified into one line
        client.close()
        failure = login_failure(error, endpoint, jump.username, timeout)
        final = failure.kind in (ErrorKind.AUTH, ErrorKind.HOSTKEY, ErrorKind.PROTOCOL)
        refused = RouteError(failure.kind, f"{who}: {failure}", final=final)
        refused.jump_key = guard.accepted if guard is not None else None  # first use: pinned
        raise refused from None
    transport = client.get_transport()
    try:
        assert transport is not None
        channel = transport.open_channel(
            "direct-tcpip", (address, port), ("127.0.0.1", 0), timeout=timeout
        )
    except paramiko.ChannelException as error:
        client.close()
        target = f"{address}:{port}"
        if error.code == paramiko.common.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED:
            raise RouteError(
                ErrorKind.UNREACHABLE, f"{who} does not allow forwarding to {target}", final=True
            ) from None
        raise RouteError(
            ErrorKind.UNREACHABLE,
            f"{who} cannot reach {target}: {error.text or 'connection failed'}",
        ) from None
    except Exception as error:  # noqa: BLE001 - the bastion dropped us, or timed out
        client.close()
        failure = login_failure(error, endpoint, jump.username, timeout)
        raise RouteError(failure.kind, f"{who}: {failure}") from None
    opened = Tunnel(channel, guard.seen_after_login(client) if guard else None, client)
    try:
        yield opened
    finally:
        opened.close()


def load_private_key(text: str):
    """A paramiko key from OpenSSH/PEM text (Ed25519, ECDSA or RSA); ValueError if none fits."""
    import paramiko

    last: Exception | None = None
    for kind in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return kind.from_private_key(io.StringIO(text))
        except Exception as error:  # noqa: BLE001 - try the next key type
            last = error
    raise ValueError(f"not a private key paramiko can read ({type(last).__name__})")


def _private_key(credential: CredentialSecret):
    try:
        return load_private_key(credential.ssh_key or "")
    except ValueError as error:
        raise RouteError(
            ErrorKind.AUTH, f"the SSH key of credential {credential.name!r}: {error}", final=True
        ) from None
