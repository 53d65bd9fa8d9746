"""The error hierarchy: every error a person is expected to read, and how a device
task failed (``ErrorKind``)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from netraven_tui.domain.text import one_line

if TYPE_CHECKING:
    from netraven_tui.domain.hostkeys import HostKeySeen


class ErrorKind(StrEnum):
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    AUTH = "auth"
    PROMPT = "prompt"
    DISCONNECTED = "disconnected"
    COMMAND = "command"
    INTERNAL = "internal"
    NO_COLLECTOR = "no_collector"  # the device's site had no live collector in time
    # Added later: the device presents another SSH host key than the one pinned (or, with the
    # strict policy, one nobody trusted yet); nothing is sent to it, not even the password.
    HOSTKEY = "hostkey"
    # SSH negotiation impossible: no key exchange, host key, cipher or MAC in common.
    PROTOCOL = "protocol"
    # The work was cut off from outside, neither the device nor our code: the process doing it
    # was killed by a signal (kill -9, the OOM killer) before it gave a result.
    INTERRUPTED = "interrupted"


class NetRavenError(Exception):
    """Base of every error a person is expected to read. ``str(error)`` is the message."""


class ValidationError(NetRavenError):
    """A value a user gave is not acceptable; ``field`` names it so a form can show it inline."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Conflict(ValidationError):
    """The value clashes with something already saved (duplicate name, protected object)."""


class NotFound(NetRavenError):
    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} {key!r} not found")
        self.what = what
        self.key = key


class PermissionDenied(NetRavenError):
    pass


class JobBusy(NetRavenError):
    """A job already has a run queued or running, here or in another process: one at a time."""

    def __init__(self, job: str, run_id: int, detail: str) -> None:
        super().__init__(f"job {job!r} is already running: run {run_id} {detail}")
        self.job = job
        self.run_id = run_id
        self.detail = detail


class AuthenticationFailed(NetRavenError):
    pass


class AccountLocked(AuthenticationFailed):
    def __init__(self, username: str, until: datetime) -> None:
        local = until.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        super().__init__(
            f"account {username!r} is locked until {local} after repeated failed logins"
        )
        self.until = until


class SecretKeyError(NetRavenError):
    """The credential key is missing, malformed, or not the one the secrets were encrypted with."""


class ConfigError(NetRavenError):
    """A setting in config.toml or the environment is not acceptable."""


class DatabaseError(NetRavenError):
    """The database cannot be opened or migrated."""


class DeviceError(NetRavenError):
    """A device task failed; ``kind`` says how, for retries and for the people reading it."""

    # The host keys the check accepted before the failure (a first key under trust on first
    # use): pinned even though the task failed. None: no key exchange, a refused key, or a
    # key already pinned.
    host_key: HostKeySeen | None = None
    jump_key: HostKeySeen | None = None

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(one_line(message))
        self.kind = kind
