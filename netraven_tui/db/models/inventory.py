"""The inventory's rows: tags, devices, the credentials that log in to them, and their links
to tags (the same inventory the CLI's `tag`, `device` and `credential` commands edit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netraven_tui.db.models.base import Base, UTCDateTime, link_table, utcnow

device_tags = link_table("device_tags", "device", "tag")
credential_tags = link_table("credential_tags", "credential", "tag")


class TagRow(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    is_system: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "user@host:port" the tag's devices are reached through ("" : direct), and the name of
    # the credential that logs in to it (a name, so that a deleted one is a clear error).
    jump_host: Mapped[str] = mapped_column(String(300), default="", server_default="")
    jump_credential: Mapped[str] = mapped_column(String(128), default="", server_default="")


class DeviceRow(Base):
    __tablename__ = "devices"
    # One address may front several devices on different ports (NAT, console servers, the lab).
    __table_args__ = (UniqueConstraint("address", "port", name="uq_devices_address_port"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    # Lower-cased hostname: uniqueness is case-insensitive on every backend.
    hostname_key: Mapped[str] = mapped_column(String(255), unique=True)
    address: Mapped[str] = mapped_column(String(255), index=True)
    platform: Mapped[str] = mapped_column(String(64))
    port: Mapped[int] = mapped_column(Integer, default=22)
    description: Mapped[str] = mapped_column(Text, default="")
    serial: Mapped[str] = mapped_column(String(128), default="")
    model: Mapped[str] = mapped_column(String(128), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # The site whose collector reaches it ("" = none: the default queue).
    site: Mapped[str] = mapped_column(String(32), default="", server_default="", index=True)
    last_credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credentials.id", ondelete="SET NULL"), nullable=True
    )
    # Denormalised state of the last backup and reachability check, so lists stay instant.
    last_backup_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_backup_status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_backup_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_reach_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_reach_ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    last_reach_latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The device's own jump host (wins over its tags'); "" : the tags decide.
    jump_host: Mapped[str] = mapped_column(String(300), default="", server_default="")
    jump_credential: Mapped[str] = mapped_column(String(128), default="", server_default="")

    tags: Mapped[list[TagRow]] = relationship(secondary=device_tags, order_by=TagRow.name)
    last_credential: Mapped[CredentialRow | None] = relationship()


class CredentialRow(Base):
    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    username: Mapped[str] = mapped_column(String(255))
    password_enc: Mapped[str] = mapped_column(Text)
    enable_secret_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    # An SSH private key (OpenSSH/PEM text), encrypted like the password; for jump hosts.
    ssh_key_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    priority: Mapped[int] = mapped_column(Integer, default=100, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    success_count: Mapped[int] = mapped_column(Integer, default=0)
    failure_count: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    tags: Mapped[list[TagRow]] = relationship(secondary=credential_tags, order_by=TagRow.name)
