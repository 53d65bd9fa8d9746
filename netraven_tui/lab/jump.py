"""The lab's jump host (bastion): an SSH server that only forwards to the lab's own devices.

It authenticates one account (password and/or public keys), refuses shells, exec and remote
forwarding, and accepts ``direct-tcpip`` channels (what ``ssh -J`` and paramiko's
``open_channel("direct-tcpip", ...)`` ask for) only to the fleet's device ports on their
addresses; anything else is refused as "administratively prohibited", as an OpenSSH
bastion with ``PermitOpen`` does. A device port nobody listens on (the ``refused`` fault)
gives the client a "Connection refused" channel failure.
"""

from __future__ import annotations

from collections.abc import Iterable

import asyncssh

_ALIASES = {"127.0.0.1": ("localhost",)}


class JumpPolicy:
    """Who may log in, and where they may go."""

    def __init__(
        self,
        username: str,
        password: str,
        authorized_keys: str,
        targets: Iterable[tuple[str, int]],
    ) -> None:
        self.username = username
        self.password = password
        self.keys = {
            asyncssh.import_public_key(line).public_data
            for line in authorized_keys.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        }
        self.targets: set[tuple[str, int]] = set()
        for host, port in targets:
            self.targets.add((host, port))
            for alias in _ALIASES.get(host, ()):
                self.targets.add((alias, port))


class JumpServer(asyncssh.SSHServer):
    """One connection to the jump host."""

    def __init__(self, policy: JumpPolicy) -> None:
        self.policy = policy

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return bool(self.policy.password)

    def validate_password(self, username: str, password: str) -> bool:
        return username == self.policy.username and password == self.policy.password

    def public_key_auth_supported(self) -> bool:
        return bool(self.policy.keys)

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        return username == self.policy.username and key.public_data in self.policy.keys

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        if (dest_host, dest_port) in self.policy.targets:
            return True  # asyncssh opens the TCP connection and relays the bytes
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
            f"forwarding to {dest_host}:{dest_port} is not allowed from this jump host",
        )

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False


async def listen_jump(
    address: str, port: int, key: asyncssh.SSHKey, policy: JumpPolicy
) -> asyncssh.SSHAcceptor:
    """Start the jump host on ``address:port`` (0 picks a free port)."""
    return await asyncssh.listen(
        address,
        port,
        server_factory=lambda: JumpServer(policy),
        server_host_keys=[key],
        allow_scp=False,
        agent_forwarding=False,
        x11_forwarding=False,
        login_timeout=30,
        backlog=256,
    )
