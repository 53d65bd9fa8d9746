"""Notification channels, the outbox of deliveries, and the failing streaks alerted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netraven_tui.db.models.base import Base, UTCDateTime, utcnow


class NotifyChannelRow(Base):
    """Where notifications go. The target (an Apprise URL may hold tokens) is stored encrypted."""

    __tablename__ = "notify_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # apprise | exec
    target_enc: Mapped[str] = mapped_column(Text)
    target_masked: Mapped[str] = mapped_column(String(255))
    events: Mapped[str] = mapped_column(String(255))  # comma-separated event kinds
    tags: Mapped[str] = mapped_column(Text, default="")  # comma-separated; empty: every device
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class NotifyDeliveryRow(Base):
    """The outbox: one message for one channel, its rendered (masked) payload and its tries.

    Written after the run's commit, so a process that exits or dies leaves it for another one
    (the scheduler leader) to send. ``owner`` (host:pid) is the process sending it.
    """

    __tablename__ = "notify_deliveries"
    __table_args__ = (
        Index("ix_notify_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(
        ForeignKey("notify_channels.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    hostname: Mapped[str | None] = mapped_column(String(255), nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class NotifyFailingAlertRow(Base):
    """The failing streak a `failing_for` alert was sent for (one alert per streak)."""

    __tablename__ = "notify_failing_alerts"

    device_id: Mapped[int] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True
    )
    streak_since: Mapped[datetime] = mapped_column(UTCDateTime)
    alerted_at: Mapped[datetime] = mapped_column(UTCDateTime)
