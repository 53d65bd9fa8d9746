"""The log of jobs, connections, the system and changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netraven_tui.db.models.base import Base, UTCDateTime, utcnow


class LogEntryRow(Base):
    """Log lines. No foreign keys: a log outlives the device, job or run it talks about."""

    __tablename__ = "log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    message: Mapped[str] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(128), nullable=True)
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    device_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    hostname: Mapped[str | None] = mapped_column(String(255), nullable=True)
