"""Device logins: what a user types, what people see (no secret), what the engine gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CredentialInput:
    """What a user types to create or update a credential (validated by the service)."""

    name: str
    username: str
    password: str | None = field(repr=False)  # None on update: keep the stored one
    enable_secret: str | None = field(default=None, repr=False)
    priority: int | str = 100
    tags: tuple[str, ...] = ()
    description: str = ""
    # An OpenSSH/PEM private key (text) for key logins (jump hosts); None on update: keep.
    ssh_key: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Credential:
    """A credential as shown to people: never carries the password or enable secret."""

    id: int
    name: str
    username: str
    priority: int
    tags: tuple[str, ...]
    has_enable_secret: bool
    description: str = ""
    has_ssh_key: bool = False
    success_count: int = 0
    failure_count: int = 0
    last_used_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CredentialSecret:
    """Decrypted login material, handed only to the backup engine. Its repr hides the values."""

    id: int
    name: str
    username: str
    password: str = field(repr=False)
    enable_secret: str | None = field(default=None, repr=False)
    priority: int = 100
    ssh_key: str | None = field(default=None, repr=False)  # private key text, if any
