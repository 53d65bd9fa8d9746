"""SQLAlchemy 2 typed models. Alembic owns the schema (alembic/versions); keep them in step."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The statuses of a run that is not finished; kept in step with RunStatus.finished.
ACTIVE_RUN_SQL = "status IN ('queued', 'running')"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _link(name: str, left: str, right: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}s.id", ondelete="CASCADE"), primary_key=True),
        Column(
            f"{right}_id",
            ForeignKey(f"{right}s.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


device_tags = _link("device_tags", "device", "tag")
credential_tags = _link("credential_tags", "credential", "tag")
job_tags = _link("job_tags", "job", "tag")
job_devices = _link("job_devices", "job", "device")


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


class JobRunRow(Base):
    __tablename__ = "job_runs"
    __table_args__ = (
        Index("ix_job_runs_job_id_queued_at", "job_id", "queued_at"),
        # At most one queued or running run per job, whichever process asks: the database
        # refuses the second (a partial unique index; SQLite and PostgreSQL both have them).
        Index(
            "uq_job_runs_one_active",
            "job_id",
            unique=True,
            sqlite_where=text(ACTIVE_RUN_SQL),
            postgresql_where=text(ACTIVE_RUN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True
    )
    job_name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    trigger: Mapped[str] = mapped_column(String(16), default="manual")
    triggered_by: Mapped[str] = mapped_column(String(128), default="")
    owner: Mapped[str] = mapped_column(String(255), default="")  # host:pid that runs it
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    succeeded: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    commit: Mapped[str | None] = mapped_column(String(64), nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")


class DeviceResultRow(Base):
    __tablename__ = "device_results"
    __table_args__ = (UniqueConstraint("run_id", "device_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("job_runs.id", ondelete="CASCADE"), index=True)
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id", ondelete="SET NULL"), nullable=True, index=True
    )
    hostname: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    error_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credentials.id", ondelete="SET NULL"), nullable=True
    )
    credential_name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    changed: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    commit: Mapped[str | None] = mapped_column(String(64), nullable=True)
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


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


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class UserKeyRow(Base):
    """SSH public keys of console users (`netraven-tui serve`); gone with their user."""

    __tablename__ = "user_keys"
    __table_args__ = (UniqueConstraint("user_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    algorithm: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(Text)  # "TYPE BASE64", as in authorized_keys
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    comment: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SchedulerLeaseRow(Base):
    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(255))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --------------------------------------------------------------------------- compliance


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


class RepoPushRow(Base):
    """Each push of the configuration repository to ``git_remote`` and how it went."""

    __tablename__ = "repo_pushes"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    commit: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean)
    message: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
