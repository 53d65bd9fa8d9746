"""The SSH host keys pinned for devices and jump hosts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netraven_tui.db.models.base import Base, UTCDateTime


class HostKeyRow(Base):
    """The SSH host key pinned for a device (``device_id``) or a jump host (``endpoint``)."""

    __tablename__ = "host_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    endpoint: Mapped[str | None] = mapped_column(String(300), nullable=True, unique=True)
    algorithm: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(80))  # SHA256:<43 base64 characters>
    public_key: Mapped[str] = mapped_column(Text)  # base64 key blob
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    trusted_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
