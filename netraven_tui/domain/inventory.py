"""The device inventory: tags, devices, what a user types for a device, CSV import reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

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


class BackupCounts(NamedTuple):
    """How many devices are in each backup state (the dashboard's figures)."""

    total: int
    ok: int  # last backup succeeded
    failed: int  # last backup failed
    never: int  # never backed up
    unreachable: int  # the last reachability check failed
