"""Console users, their roles and SSH keys, and the actor a request is made for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    VIEWER = "viewer"

    @property
    def can_edit(self) -> bool:
        """Operators and admins edit the inventory and run jobs."""
        return self in (Role.ADMIN, Role.OPERATOR)

    @property
    def can_manage_users(self) -> bool:
        return self is Role.ADMIN


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    active: bool
    failed_logins: int
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class UserKey:
    """An SSH public key that logs its user in to `netraven-tui serve` (never a private key)."""

    id: int
    username: str
    algorithm: str  # ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, …
    fingerprint: str  # SHA256:… as `ssh-keygen -lf` prints it
    comment: str
    created_at: datetime
    last_used_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking: a logged-in user, or the program itself (``Actor.system``).

    A system actor (the runner, the scheduler, housekeeping, the local command line, which
    can read the key file anyway) may do what an admin may, and also call the engine's own
    methods: record results, close runs, write log lines, read decrypted credentials.
    """

    name: str
    role: Role
    is_system: bool = False

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(name=name, role=Role.ADMIN, is_system=True)
