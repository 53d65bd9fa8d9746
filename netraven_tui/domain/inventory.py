"""The device inventory: tags, devices, what a user types for a device, CSV import reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SYSTEM_TAG = "all"


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
