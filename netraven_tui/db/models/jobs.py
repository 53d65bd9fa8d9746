"""Jobs and their targets (tags and devices)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netraven_tui.db.models.base import Base, UTCDateTime, link_table, utcnow
from netraven_tui.db.models.inventory import DeviceRow, TagRow

job_tags = link_table("job_tags", "job", "tag")


job_devices = link_table("job_devices", "job", "device")


class JobRow(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    schedule_kind: Mapped[str] = mapped_column(String(16), default="manual")
    interval_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cron: Mapped[str | None] = mapped_column(String(128), nullable=True)
    run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    is_system: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    tags: Mapped[list[TagRow]] = relationship(secondary=job_tags, order_by=TagRow.name)
    devices: Mapped[list[DeviceRow]] = relationship(
        secondary=job_devices, order_by=DeviceRow.hostname_key
    )
