"""Fleet-wide SSH settings of the lab (host key, key exchange, jump host), as plain data.

No asyncssh here: ``LabFleet`` checks and sends these to the server process, which applies
them (``keys.py``, ``jump.py``).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

DEFAULT_JUMP_USERNAME = "jump"
DEFAULT_JUMP_PASSWORD = "lab-Jump-Passw0rd"
LEGACY_MODES = ("group14", "sha1-only")


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """Fleet-wide SSH settings: host key, key exchange, jump host (see ``keys.py``, ``jump.py``)."""

    host_key_seed: str | None = None  # None and no path: a random key per start
    host_key_path: str | None = None
    legacy_kex: str = ""  # "", "group14" (IOS 15) or "sha1-only"
    jump: bool = False
    jump_port: int = 0
    jump_username: str = DEFAULT_JUMP_USERNAME
    jump_password: str = field(default=DEFAULT_JUMP_PASSWORD, repr=False)
    jump_authorized_keys: str = ""  # OpenSSH public key lines accepted by the jump host

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object] | None) -> ServerOptions:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})  # type: ignore[arg-type]


def legacy_mode(value: bool | str | None) -> str:
    """``True``/``"group14"`` -> ``"group14"``, ``"sha1-only"`` stays, false -> ``""``."""
    if not value:
        return ""
    mode = "group14" if value is True else str(value)
    if mode not in LEGACY_MODES:
        raise ValueError(f"legacy_kex {value!r}: expected True, 'group14' or 'sha1-only'")
    return mode


@dataclass(frozen=True, slots=True)
class LabJumpHost:
    """Where the fleet's jump host listens and how to log in to it."""

    address: str
    port: int
    username: str
    password: str = field(repr=False)
    host_key: str  # OpenSSH public key line
    fingerprint: str  # SHA256:...


def fingerprint(public_key: str) -> str:
    """``SHA256:...`` of an OpenSSH public key line (``ssh-keygen -l`` style)."""
    blob = base64.b64decode(public_key.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def server_options(
    host_key: str | int | os.PathLike[str] | None,
    legacy_kex: bool | str,
    jump_host: bool,
    jump_port: int = 0,
    jump_username: str = DEFAULT_JUMP_USERNAME,
    jump_password: str = DEFAULT_JUMP_PASSWORD,
    jump_authorized_keys: str = "",
) -> ServerOptions:
    """Check and bundle the fleet-wide SSH options; raises ValueError on bad ones.

    ``host_key``: a path (``Path``, or a string naming an existing file) to a private key, or
    any other string/int as a seed, or None for a random key per start.
    """
    path: str | None = None
    seed: str | None = None
    if isinstance(host_key, os.PathLike) or (
        isinstance(host_key, str) and os.sep in host_key and Path(host_key).is_file()
    ):
        path = os.fspath(host_key)
        if not Path(path).is_file():
            raise ValueError(f"host key file {path} does not exist")
    elif host_key is not None:
        seed = str(host_key)
    if not 0 <= jump_port <= 65535:
        raise ValueError(f"jump port {jump_port}: expected 0..65535")
    if jump_host and not (jump_password or jump_authorized_keys.strip()):
        raise ValueError("the jump host needs a password or authorized keys")
    return ServerOptions(
        host_key_seed=seed,
        host_key_path=path,
        legacy_kex=legacy_mode(legacy_kex),
        jump=jump_host,
        jump_port=jump_port,
        jump_username=jump_username,
        jump_password=jump_password,
        jump_authorized_keys=jump_authorized_keys,
    )
