"""The index of configuration versions in git, and the pushes of the repository."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netraven_tui.db.models.base import Base, UTCDateTime, utcnow


class ConfigVersionRow(Base):
    __tablename__ = "config_versions"
    __table_args__ = (Index("ix_config_versions_device_id_created_at", "device_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id", ondelete="SET NULL"), nullable=True
    )
    hostname: Mapped[str] = mapped_column(String(255))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_runs.id", ondelete="SET NULL"), nullable=True
    )
    commit: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer)
    lines_added: Mapped[int] = mapped_column(Integer, default=0)
    lines_removed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RepoPushRow(Base):
    """Each push of the configuration repository to ``git_remote`` and how it went."""

    __tablename__ = "repo_pushes"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    commit: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean)
    message: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
