"""The long-running processes as the database records them: the scheduler's leader lease
and the collectors' heartbeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
