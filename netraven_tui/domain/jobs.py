"""Jobs: their kinds and schedules, what a user types, a job as stored, what the scheduler needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

SYSTEM_JOB = "reachability"


class JobKind(StrEnum):
    BACKUP = "backup"
    REACHABILITY = "reachability"


class ScheduleKind(StrEnum):
    MANUAL = "manual"
    INTERVAL = "interval"
    CRON = "cron"
    ONCE = "once"


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
