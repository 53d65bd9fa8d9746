"""Plain data shared by every layer: enums, frozen dataclasses and the error hierarchy.

Nothing here imports another part of netraven_tui, SQLAlchemy or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple

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
    MISSED = "missed"  # scheduled fires past the misfire grace when a scheduler took the lead

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
    NO_COLLECTOR = "no_collector"  # the device's site had no live collector in time
    # Added later: the device presents another SSH host key than the one pinned (or, with the
    # strict policy, one nobody trusted yet); nothing is sent to it, not even the password.
    HOSTKEY = "hostkey"
    # SSH negotiation impossible: no key exchange, host key, cipher or MAC in common.
    PROTOCOL = "protocol"


class HostKeyPolicy(StrEnum):
    """What a device's SSH host key must be (setting ``host_key_policy``)."""

    TOFU = "tofu"  # the first key seen is pinned; a different one is refused
    STRICT = "strict"  # only a key someone trusted (``device trust``) is accepted
    ACCEPT = "accept"  # any key, nothing stored (logged as a warning on every run)


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
    jump_host: str = ""  # user@host:port its devices are reached through ("" : direct)
    jump_credential: str = ""


MESSAGE_LIMIT = 200


def one_line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` as one line of at most ``limit`` characters: whitespace runs (newlines
    included) become one space, and a longer text is cut with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


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
    site: str = ""  # where its collector runs; "" = no site (the default queue)
    last_backup_at: datetime | None = None
    last_backup_status: str | None = None
    last_backup_error: str | None = None
    last_reach_at: datetime | None = None
    last_reach_ok: bool | None = None
    last_reach_latency_ms: float | None = None
    last_credential: str | None = None
    jump_host: str = ""  # user@host:port set on the device itself ("" : from its tags, if any)
    jump_credential: str = ""


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
    site: str = ""
    # "user@bastion:22", "" for none on the device (its tags may name one), None: on an update,
    # leave the device's jump host as it is (on a create: none).
    jump_host: str | None = None
    jump_credential: str = ""  # the credential (name) that logs in to the jump host


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
class JobInput:
    """What a user types to create or update a job (strings, validated by the service)."""

    name: str
    kind: JobKind | str = JobKind.BACKUP
    schedule_kind: ScheduleKind | str = ScheduleKind.MANUAL
    interval_seconds: int | str | None = None
    cron: str | None = None
    run_at: datetime | str | None = None
    tags: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    enabled: bool = True
    description: str = ""


@dataclass(frozen=True, slots=True)
class LogFilter:
    """Which log entries to show; every field left None matches everything."""

    level: LogLevel | None = None  # this level and above
    kind: LogKind | None = None
    job_id: int | None = None
    run_id: int | None = None
    device_id: int | None = None
    text: str | None = None


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
    site: str = ""


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
    # The host key the device presented in a successful session (pinned on first use, its
    # "last seen" moved otherwise); None when not checked (policy accept) or not reached.
    host_key: HostKeySeen | None = None
    jump_key: HostKeySeen | None = None  # the jump host's key, when reached through one
    jump_endpoint: str = ""  # that jump host's host:port

    @property
    def duration_ms(self) -> int:
        return int((self.finished_at - self.started_at).total_seconds() * 1000)

    @classmethod
    def failed(
        cls,
        device: DeviceTarget,
        started_at: datetime,
        kind: ErrorKind,
        message: str,
        *,
        attempts: int = 1,
        failed_credential_ids: tuple[int, ...] = (),
    ) -> DeviceOutcome:
        """A device task that failed with ``kind`` and ended now; ``message`` is kept to one
        line of at most 200 characters (results, logs, the CLI and the screen show it)."""
        return cls(
            device=device,
            status=ResultStatus.FAILED,
            started_at=started_at,
            finished_at=datetime.now(UTC),
            error_kind=kind,
            message=one_line(message),
            attempts=attempts,
            failed_credential_ids=failed_credential_ids,
        )


@dataclass(frozen=True, slots=True)
class DeviceCapture:
    """A device's work done somewhere else (a worker process, a site's collector).

    For a backup, ``outcome`` says how the capture went (credential, attempts, times, or the
    failure) and ``text`` is the configuration already cleaned and masked; the run's owner
    compares it with the last version and stages it. Other job kinds send a finished outcome
    and no text. ``worker`` names who did it (``host:pid`` or the collector's name).
    """

    outcome: DeviceOutcome
    text: str | None = field(default=None, repr=False)
    worker: str = ""


@dataclass(frozen=True, slots=True)
class CollectorState:
    """A collector as its heartbeat row shows it."""

    name: str
    host: str
    pid: int
    sites: tuple[str, ...]  # "" is the default queue (devices without a site)
    started_at: datetime
    heartbeat: datetime
    concurrency: int = 0

    def alive(self, now: datetime, stall_seconds: float) -> bool:
        """It renewed its heartbeat within ``stall_seconds``."""
        return (now - self.heartbeat).total_seconds() <= stall_seconds


@dataclass(frozen=True, slots=True)
class PushState:
    """The last push of the configuration repository to its remote (``git_remote``)."""

    ok: bool
    at: datetime
    commit: str
    message: str = ""
    run_id: int | None = None


@dataclass(frozen=True, slots=True)
class NewConfigVersion:
    """A configuration a run committed to git, indexed when the run closes."""

    device: DeviceTarget
    path: str  # configs/<hostname>.cfg in the repository
    sha256: str
    size: int
    lines: int
    lines_added: int
    lines_removed: int

    @classmethod
    def of(cls, outcome: DeviceOutcome, path: str) -> NewConfigVersion:
        """The version a successful, changed backup outcome wrote at ``path``."""
        return cls(
            device=outcome.device,
            path=path,
            sha256=outcome.sha256 or "",
            size=outcome.size or 0,
            lines=outcome.lines or 0,
            lines_added=outcome.lines_added,
            lines_removed=outcome.lines_removed,
        )


@dataclass(frozen=True, slots=True)
class JobSchedule:
    """The part of a job the scheduler needs to build its trigger."""

    job_id: int
    name: str
    schedule_kind: ScheduleKind
    interval_seconds: int | None
    cron: str | None
    run_at: datetime | None
    enabled: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LeaderState:
    """Who holds the scheduler lease, as stored (it may have expired since its last heartbeat)."""

    holder: str  # host:pid/instance
    heartbeat: datetime
    expires: datetime
    host: str = ""
    pid: int = 0
    acquired: datetime | None = None

    @property
    def owner(self) -> str:
        """``host:pid``, the way job runs name the process that runs them."""
        return f"{self.host}:{self.pid}"

    def active(self, now: datetime) -> bool:
        """Still valid at ``now`` (the holder renewed it in time)."""
        return self.expires >= now


@dataclass(frozen=True, slots=True)
class LeaseGrant:
    """A successful take or renewal; ``previous`` is the expired holder it displaced, if any."""

    expires: datetime
    previous: LeaderState | None = None


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
class DeviceConfigs:
    """A device as the configs list shows it: how many versions it has and its last change."""

    device_id: int
    hostname: str
    platform: str
    tags: tuple[str, ...]
    versions: int
    last_change_at: datetime | None


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


# --------------------------------------------------------------------------- notifications


class NotifyEventKind(StrEnum):
    CONFIG_CHANGED = "config_changed"
    DEVICE_FAILED = "device_failed"
    DEVICE_RECOVERED = "device_recovered"
    FAILING_FOR = "failing_for"
    RUN_FINISHED = "run_finished"
    COMPLIANCE_CHANGED = "compliance_changed"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # queued, or waiting for its next try
    SENT = "sent"
    FAILED = "failed"  # every try failed


@dataclass(frozen=True, slots=True)
class FailedDevice:
    hostname: str
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class NotifyEvent:
    """Something worth telling people about; only masked text ever goes in ``diff``."""

    kind: NotifyEventKind
    job: str = ""
    run_id: int | None = None
    hostname: str = ""
    device_id: int | None = None
    commit: str | None = None
    status: str = ""
    error_kind: str | None = None
    message: str = ""
    diff: str = ""
    first_version: bool = False
    failing_since: datetime | None = None
    counts: tuple[tuple[str, int], ...] = ()  # run_finished: ("total", 8), ("failed", 1), …
    failed: tuple[FailedDevice, ...] = ()
    compliance: ComplianceChange | None = None


@dataclass(frozen=True, slots=True)
class Channel:
    """A notification channel as shown to people: ``target`` is masked, never the real URL."""

    id: int
    name: str
    kind: str  # "apprise" or "exec"
    target: str
    events: tuple[str, ...]
    tags: tuple[str, ...]
    enabled: bool
    created_at: datetime
    last_status: DeliveryStatus | None = None
    last_error: str = ""
    last_attempt_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message to one channel (a run's digest, or one event for an exec hook)."""

    id: int
    channel: str
    event: str  # an event kind, "digest" or "test"
    summary: str
    run_id: int | None
    hostname: str | None
    status: DeliveryStatus
    attempts: int
    last_error: str
    created_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None


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

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(one_line(message))
        self.kind = kind


# --------------------------------------------------------------------------- compliance
# (policies as data: netraven_tui.policy_file reads them, services.compliance stores them)


class ComplianceStatus(StrEnum):
    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NO_CONFIG = "no_config"
    ERROR = "error"


class RuleKind(StrEnum):
    MUST = "must"  # a line matching the pattern must exist (in each matching section)
    MUST_NOT = "must_not"  # no line may match


@dataclass(frozen=True, slots=True)
class ComplianceRule:
    name: str
    kind: RuleKind
    pattern: str
    section: str | None = None  # rule applies inside every section whose parent line matches
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CompliancePolicy:
    name: str
    description: str = ""
    tags: tuple[str, ...] = ()  # devices with any of these tags; every device when empty
    platforms: tuple[str, ...] = ()  # only these device types; every platform when empty
    rules: tuple[ComplianceRule, ...] = ()
    id: int | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ComplianceResult:
    """The current result of one rule on one device."""

    policy: str
    rule: str
    device_id: int
    hostname: str
    platform: str
    status: ComplianceStatus
    detail: str
    lines: tuple[int, ...]  # the offending lines (1-based) in the configuration evaluated
    evaluated_at: datetime
    changed_at: datetime  # when the status last changed
    config_sha256: str | None = None
    rule_id: int | None = None


@dataclass(frozen=True, slots=True)
class ComplianceChange:
    """One device x rule whose status changed in an evaluation (``old_status`` None: first)."""

    policy: str
    rule: str
    device_id: int
    hostname: str
    old_status: ComplianceStatus | None
    new_status: ComplianceStatus
    detail: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class ComplianceChanges:
    """What one evaluation did: how many device x rule pairs it evaluated, which changed."""

    evaluated: int
    devices: int
    changes: tuple[ComplianceChange, ...] = ()
    counts: tuple[tuple[ComplianceStatus, int], ...] = ()  # statuses of the evaluated pairs

    def count(self, status: ComplianceStatus) -> int:
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True, slots=True)
class PolicySummary:
    policy: CompliancePolicy
    counts: tuple[tuple[ComplianceStatus, int], ...]  # over every device x rule result
    devices: int  # devices with at least one result
    evaluated_at: datetime | None

    def count(self, status: ComplianceStatus) -> int:
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True, slots=True)
class ComplianceHistoryEntry:
    policy: str
    rule: str
    device_id: int | None
    hostname: str
    old_status: ComplianceStatus | None
    new_status: ComplianceStatus
    detail: str
    changed_at: datetime
    config_sha256: str | None = None


# ---------------------------------------------------------------- the devices table's listing
# (one block, kept together: DeviceService.listing and the devices screen use it)


class DeviceListing(NamedTuple):
    """A device as the devices table lists it (``DeviceService.listing``): only the fields the
    table shows and filters on, named as on :class:`Device`, so the table's formatting reads
    either. A named tuple rather than a frozen dataclass: 50,000 are made per read of the
    inventory, and a 20-field dataclass's ``__init__`` alone was a fifth of that read; a
    tuple is also what the result row already is. Datetimes are aware UTC, as on Device.
    A form, the device page and the engine use the full :class:`Device`."""

    id: int
    hostname: str
    address: str
    platform: str
    port: int
    tags: tuple[str, ...]
    description: str
    serial: str
    model: str
    enabled: bool
    site: str
    last_backup_at: datetime | None
    last_backup_status: str | None
    last_backup_error: str | None
    last_reach_ok: bool | None
    last_reach_latency_ms: float | None

    @classmethod
    def of(cls, device: Device) -> DeviceListing:
        """The listing of a full device (one a form just saved)."""
        return cls(
            device.id,
            device.hostname,
            device.address,
            device.platform,
            device.port,
            device.tags,
            device.description,
            device.serial,
            device.model,
            device.enabled,
            device.site,
            device.last_backup_at,
            device.last_backup_status,
            device.last_backup_error,
            device.last_reach_ok,
            device.last_reach_latency_ms,
        )
