"""How a device is reached: its jump host, and the steps of a connection test."""

from __future__ import annotations

from dataclasses import dataclass

from netraven_tui.domain.hostkeys import HostKeySeen


@dataclass(frozen=True, slots=True)
class JumpRoute:
    """A jump host (bastion) a device is reached through: ``user@host:port`` plus the name of
    the credential that logs in to it (its password, or its SSH key)."""

    host: str
    port: int = 22
    username: str = ""  # "" : the credential's username
    credential: str = ""  # credential name; "" : none configured (the session will say so)

    @property
    def endpoint(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def __str__(self) -> str:
        user = f"{self.username}@" if self.username else ""
        return f"{user}{self.endpoint}"


@dataclass(frozen=True, slots=True)
class ConnectionStep:
    """One stage of a connection test (TCP, a login with one credential, the prompt).

    ``detail`` never holds a password or an enable secret.
    """

    label: str
    ok: bool
    detail: str = ""
    # The host key step carries the key presented, so the console can offer to trust it.
    host_key: HostKeySeen | None = None
    pinned: bool = False  # that key is the pinned one
