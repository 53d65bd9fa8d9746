"""Plain data shared by every layer: enums, frozen dataclasses and the error hierarchy.

Nothing here imports another part of netraven_tui, SQLAlchemy or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

SYSTEM_TAG = "all"
SYSTEM_JOB = "reachability"


# --------------------------------------------------------------------------- enums


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


class JobKind(StrEnum):
    BACKUP = "backup"
    REACHABILITY = "reachability"


class ScheduleKind(StrEnum):
    MANUAL = "manual"
    INTERVAL = "interval"
    CRON = "cron"
    ONCE = "once"


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILED = "failed"
    NO_DEVICES = "no_devices"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    SKIPPED = "skipped"

    @property
    def finished(self) -> bool:
        return self not in (RunStatus.QUEUED, RunStatus.RUNNING)


class ResultStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"
    SKIPPED = "skipped"


class ErrorKind(StrEnum):
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    AUTH = "auth"
    PROMPT = "prompt"
    DISCONNECTED = "disconnected"
    COMMAND = "command"
    INTERNAL = "internal"


class LogLevel(StrEnum):
    DEBUG = "debug"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class LogKind(StrEnum):
    JOB = "job"
    CONNECTION = "connection"
    SYSTEM = "system"
    AUDIT = "audit"


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Tag:
    id: int
    name: str
    description: str
    is_system: bool
    device_count: int = 0
    credential_count: int = 0
    job_count: int = 0


@dataclass(frozen=True, slots=True)
class Device:
    id: int
    hostname: str
    address: str
    platform: str
    port: int
    tags: tuple[str, ...]
    description: str = ""
    serial: str = ""
    model: str = ""
    enabled: bool = True
    last_backup_at: datetime | None = None
    last_backup_status: str | None = None
    last_backup_error: str | None = None
    last_reach_at: datetime | None = None
    last_reach_ok: bool | None = None
    last_reach_latency_ms: float | None = None
    last_credential: str | None = None


@dataclass(frozen=True, slots=True)
class DeviceInput:
    """What a user types to create or update a device (strings, validated by the service)."""

    hostname: str
    address: str
    platform: str
    port: int | str = 22
    tags: tuple[str, ...] = ()
    description: str = ""
    serial: str = ""
    model: str = ""
    enabled: bool = True


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


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    name: str
    kind: JobKind
    schedule_kind: ScheduleKind
    interval_seconds: int | None
    cron: str | None
    run_at: datetime | None
    enabled: bool
    is_system: bool
    tags: tuple[str, ...]
    devices: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class JobRun:
    id: int
    job_id: int | None
    job_name: str
    kind: JobKind
    status: RunStatus
    trigger: str
    triggered_by: str
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    commit: str | None = None
    message: str = ""
    owner: str = ""  # host:pid of the process that runs it


@dataclass(frozen=True, slots=True)
class DeviceResult:
    id: int
    run_id: int
    device_id: int | None
    hostname: str
    status: ResultStatus
    error_kind: ErrorKind | None
    message: str
    credential: str | None
    attempts: int
    duration_ms: int | None
    changed: bool
    sha256: str | None
    commit: str | None
    latency_ms: float | None = None


@dataclass(frozen=True, slots=True)
class DeviceTarget:
    """A device as a job run sees it: where to connect and how to talk to it."""

    id: int
    hostname: str
    address: str
    port: int
    platform: str


@dataclass(frozen=True, slots=True)
class DeviceOutcome:
    """What one device task reports back to the run (before it is stored as a DeviceResult)."""

    device: DeviceTarget
    status: ResultStatus
    started_at: datetime
    finished_at: datetime
    error_kind: ErrorKind | None = None
    message: str = ""
    credential_id: int | None = None
    credential_name: str | None = None
    failed_credential_ids: tuple[int, ...] = ()
    attempts: int = 0
    changed: bool = False
    sha256: str | None = None
    size: int | None = None
    lines: int | None = None
    lines_added: int = 0
    lines_removed: int = 0
    latency_ms: float | None = None

    @property
    def duration_ms(self) -> int:
        return int((self.finished_at - self.started_at).total_seconds() * 1000)


@dataclass(frozen=True, slots=True)
class ConnectionStep:
    """One stage of a connection test (TCP, a login with one credential, the prompt).

    ``detail`` never holds a password or an enable secret.
    """

    label: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ConfigVersion:
    id: int
    device_id: int | None
    hostname: str
    run_id: int | None
    commit: str
    sha256: str
    size: int
    lines: int
    lines_added: int
    lines_removed: int
    created_at: datetime
    path: str = ""


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    ts: datetime
    level: LogLevel
    kind: LogKind
    message: str
    actor: str | None = None
    job_id: int | None = None
    run_id: int | None = None
    device_id: int | None = None
    hostname: str | None = None


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
    """Who is asking: a logged-in user, or the local command line (trusted as admin)."""

    name: str
    role: Role

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(name=name, role=Role.ADMIN)


@dataclass(frozen=True, slots=True)
class ImportProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: tuple[str, ...]
    updated: tuple[str, ...]
    problems: tuple[ImportProblem, ...]
    tags_created: tuple[str, ...] = ()

    @property
    def skipped(self) -> int:
        return len(self.problems)


# --------------------------------------------------------------------------- errors


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

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
