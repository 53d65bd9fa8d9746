"""SSH host keys: the policy, a key as presented, a key as pinned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class HostKeyPolicy(StrEnum):
    """What a device's SSH host key must be (setting ``host_key_policy``)."""

    TOFU = "tofu"  # the first key seen is pinned; a different one is refused
    STRICT = "strict"  # only a key someone trusted (``device trust``) is accepted
    ACCEPT = "accept"  # any key, nothing stored (logged as a warning on every run)


@dataclass(frozen=True, slots=True)
class HostKeySeen:
    """An SSH host key as a device presented it (the public half only)."""

    algorithm: str  # ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...
    fingerprint: str  # SHA256:... as ssh-keygen -l prints it
    public_key: str  # base64 of the key blob (OpenSSH known_hosts' second field)

    def describe(self) -> str:
        return f"{self.fingerprint} ({self.algorithm})"


@dataclass(frozen=True, slots=True)
class HostKey:
    """A pinned host key: the key a device (or a jump host) must keep presenting."""

    algorithm: str
    fingerprint: str
    public_key: str
    first_seen: datetime
    last_seen: datetime
    device_id: int | None = None  # None for a jump host's key
    endpoint: str = ""  # "host:port" of a jump host ("" for a device)
    trusted_by: str | None = None  # who accepted it with `device trust` (None: first use)

    @property
    def seen(self) -> HostKeySeen:
        return HostKeySeen(self.algorithm, self.fingerprint, self.public_key)

    def describe(self) -> str:
        return f"{self.fingerprint} ({self.algorithm})"
