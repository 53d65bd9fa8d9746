"""Notifications: events worth telling people about, channels, deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netraven_tui.domain.compliance import ComplianceChange


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
