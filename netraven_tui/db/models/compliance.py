"""Compliance policies, their rules, the current results and the history of changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netraven_tui.db.models.base import Base, UTCDateTime, utcnow


class CompliancePolicyRow(Base):
    __tablename__ = "compliance_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # Tag and platform names, not links: deleting a tag must not widen a policy to every device.
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    rules: Mapped[list[ComplianceRuleRow]] = relationship(
        order_by="ComplianceRuleRow.position", cascade="all, delete-orphan", passive_deletes=True
    )


class ComplianceRuleRow(Base):
    __tablename__ = "compliance_rules"
    __table_args__ = (
        UniqueConstraint("policy_id", "name", name="uq_compliance_rules_policy_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(
        ForeignKey("compliance_policies.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # must | must_not
    pattern: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text, nullable=True)


class ComplianceResultRow(Base):
    """The current status of one rule on one device."""

    __tablename__ = "compliance_results"
    __table_args__ = (
        UniqueConstraint("rule_id", "device_id", name="uq_compliance_results_rule_device"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("compliance_rules.id", ondelete="CASCADE"))
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    lines: Mapped[list[int]] = mapped_column(JSON, default=list)
    config_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ComplianceHistoryRow(Base):
    """When a device x rule changed status. Names are kept: history outlives rules and devices."""

    __tablename__ = "compliance_history"
    __table_args__ = (
        Index("ix_compliance_history_device_id_changed_at", "device_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("compliance_rules.id", ondelete="SET NULL"), nullable=True, index=True
    )
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id", ondelete="SET NULL"), nullable=True
    )
    policy: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(64))
    hostname: Mapped[str] = mapped_column(String(255))
    old_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    new_status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    config_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
