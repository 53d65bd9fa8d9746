"""What the long-running processes leave for each other: the scheduler's leader lease,
the collectors' heartbeats and what they captured for a run's owner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netraven_tui.db.models.base import Base, UTCDateTime, utcnow


class SchedulerLeaseRow(Base):
    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(255))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CollectorRow(Base):
    """A running ``netraven-tui collector``: the queues it serves and its last heartbeat."""

    __tablename__ = "collectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)  # host:pid
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    sites: Mapped[str] = mapped_column(Text, default="")  # comma-separated; "" = no site
    concurrency: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class CollectorResultRow(Base):
    """What a collector captured for one device of a run, until the run's owner takes it.

    One row per device and run (the unique key): a task retried after its collector died
    cannot give a device a second result.
    """

    __tablename__ = "collector_results"
    __table_args__ = (UniqueConstraint("run_id", "device_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("job_runs.id", ondelete="CASCADE"), index=True)
    device_id: Mapped[int] = mapped_column(Integer)
    collector: Mapped[str] = mapped_column(String(255))
    outcome: Mapped[str] = mapped_column(Text)  # JSON of the DeviceOutcome
    config: Mapped[str | None] = mapped_column(Text, nullable=True)  # cleaned and masked
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
