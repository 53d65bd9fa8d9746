"""Configuration versions in git: as indexed, per device, as a run commits them, and pushes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from netraven_tui.domain.runs import DeviceOutcome, DeviceTarget


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
