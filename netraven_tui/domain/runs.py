"""Job runs and device results: the run as stored, one device's task, its outcome and capture."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from netraven_tui.domain.errors import ErrorKind
from netraven_tui.domain.hostkeys import HostKeySeen
from netraven_tui.domain.jobs import JobKind
from netraven_tui.domain.text import one_line


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
