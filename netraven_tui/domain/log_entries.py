"""The log of jobs, connections, the system and changes: levels, kinds, entries, filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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
