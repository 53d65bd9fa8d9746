"""Plain data shared by every layer: enums, frozen dataclasses and the error hierarchy.

One module per idea; every public name is re-exported here, so ``from netraven_tui.domain
import X`` is the way to use them. Nothing in this package imports another part of
netraven_tui, SQLAlchemy or Textual, and its modules import only each other (no cycle).
"""

from __future__ import annotations

from netraven_tui.domain.compliance import (
    ComplianceChange,
    ComplianceChanges,
    ComplianceHistoryEntry,
    CompliancePolicy,
    ComplianceResult,
    ComplianceRule,
    ComplianceStatus,
    PolicySummary,
    RuleKind,
)
from netraven_tui.domain.configs import ConfigVersion, DeviceConfigs, NewConfigVersion, PushState
from netraven_tui.domain.connections import ConnectionStep, JumpRoute
from netraven_tui.domain.credentials import Credential, CredentialInput, CredentialSecret
from netraven_tui.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    ConfigError,
    Conflict,
    DatabaseError,
    DeviceError,
    ErrorKind,
    JobBusy,
    NetRavenError,
    NotFound,
    PermissionDenied,
    SecretKeyError,
    ValidationError,
)
from netraven_tui.domain.hostkeys import HostKey, HostKeyPolicy, HostKeySeen
from netraven_tui.domain.inventory import (
    SYSTEM_TAG,
    BackupCounts,
    Device,
    DeviceInput,
    DeviceListing,
    ImportProblem,
    ImportReport,
    Tag,
)
from netraven_tui.domain.jobs import SYSTEM_JOB, Job, JobInput, JobKind, JobSchedule, ScheduleKind
from netraven_tui.domain.log_entries import LogEntry, LogFilter, LogKind, LogLevel
from netraven_tui.domain.notifications import (
    Channel,
    Delivery,
    DeliveryStatus,
    FailedDevice,
    NotifyEvent,
    NotifyEventKind,
)
from netraven_tui.domain.processes import CollectorState, LeaderState, LeaseGrant
from netraven_tui.domain.runs import (
    DeviceCapture,
    DeviceOutcome,
    DeviceResult,
    DeviceTarget,
    JobRun,
    ResultStatus,
    RunStatus,
)
from netraven_tui.domain.text import MESSAGE_LIMIT, one_line
from netraven_tui.domain.users import Actor, Role, User, UserKey

__all__ = [
    "MESSAGE_LIMIT",
    "one_line",
    "ErrorKind",
    "NetRavenError",
    "ValidationError",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "JobBusy",
    "AuthenticationFailed",
    "AccountLocked",
    "SecretKeyError",
    "ConfigError",
    "DatabaseError",
    "DeviceError",
    "Role",
    "User",
    "UserKey",
    "Actor",
    "SYSTEM_TAG",
    "Tag",
    "BackupCounts",
    "Device",
    "DeviceInput",
    "DeviceListing",
    "ImportProblem",
    "ImportReport",
    "CredentialInput",
    "Credential",
    "CredentialSecret",
    "HostKeyPolicy",
    "HostKeySeen",
    "HostKey",
    "JumpRoute",
    "ConnectionStep",
    "SYSTEM_JOB",
    "JobKind",
    "ScheduleKind",
    "JobInput",
    "Job",
    "JobSchedule",
    "RunStatus",
    "ResultStatus",
    "JobRun",
    "DeviceResult",
    "DeviceTarget",
    "DeviceOutcome",
    "DeviceCapture",
    "LeaderState",
    "LeaseGrant",
    "CollectorState",
    "ConfigVersion",
    "DeviceConfigs",
    "NewConfigVersion",
    "PushState",
    "LogLevel",
    "LogKind",
    "LogFilter",
    "LogEntry",
    "NotifyEventKind",
    "DeliveryStatus",
    "FailedDevice",
    "NotifyEvent",
    "Channel",
    "Delivery",
    "ComplianceStatus",
    "RuleKind",
    "ComplianceRule",
    "CompliancePolicy",
    "ComplianceResult",
    "ComplianceChange",
    "ComplianceChanges",
    "PolicySummary",
    "ComplianceHistoryEntry",
]
