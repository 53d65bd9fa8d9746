"""ORM rows to the frozen dataclasses of domain.py. Services hand out only these."""

from __future__ import annotations

from netraven_tui.db import models as m
from netraven_tui.domain import (
    ConfigVersion,
    Credential,
    Device,
    DeviceResult,
    ErrorKind,
    Job,
    JobKind,
    JobRun,
    LeaderState,
    LogEntry,
    LogKind,
    LogLevel,
    ResultStatus,
    Role,
    RunStatus,
    ScheduleKind,
    Tag,
    User,
)


def tag(row: m.TagRow, devices: int = 0, credentials: int = 0, jobs: int = 0) -> Tag:
    return Tag(
        row.id,
        row.name,
        row.description,
        row.is_system,
        devices,
        credentials,
        jobs,
        jump_host=row.jump_host or "",
        jump_credential=row.jump_credential or "",
    )


def device(
    row: m.DeviceRow, tags: tuple[str, ...] | None = None, credential: str | None = None
) -> Device:
    return Device(
        id=row.id,
        hostname=row.hostname,
        address=row.address,
        platform=row.platform,
        port=row.port,
        tags=tags if tags is not None else tuple(t.name for t in row.tags),
        description=row.description,
        serial=row.serial,
        model=row.model,
        enabled=row.enabled,
        site=row.site,
        last_backup_at=row.last_backup_at,
        last_backup_status=row.last_backup_status,
        last_backup_error=row.last_backup_error,
        last_reach_at=row.last_reach_at,
        last_reach_ok=row.last_reach_ok,
        last_reach_latency_ms=row.last_reach_latency_ms,
        last_credential=credential,
        jump_host=row.jump_host or "",
        jump_credential=row.jump_credential or "",
    )


def credential(row: m.CredentialRow) -> Credential:
    return Credential(
        id=row.id,
        name=row.name,
        username=row.username,
        priority=row.priority,
        tags=tuple(t.name for t in row.tags),
        has_enable_secret=row.enable_secret_enc is not None,
        description=row.description,
        has_ssh_key=row.ssh_key_enc is not None,
        success_count=row.success_count,
        failure_count=row.failure_count,
        last_used_at=row.last_used_at,
    )


def job(row: m.JobRow) -> Job:
    return Job(
        id=row.id,
        name=row.name,
        kind=JobKind(row.kind),
        schedule_kind=ScheduleKind(row.schedule_kind),
        interval_seconds=row.interval_seconds,
        cron=row.cron,
        run_at=row.run_at,
        enabled=row.enabled,
        is_system=row.is_system,
        tags=tuple(t.name for t in row.tags),
        devices=tuple(d.hostname for d in row.devices),
        description=row.description,
    )


def job_run(row: m.JobRunRow) -> JobRun:
    return JobRun(
        id=row.id,
        job_id=row.job_id,
        job_name=row.job_name,
        kind=JobKind(row.kind),
        status=RunStatus(row.status),
        trigger=row.trigger,
        triggered_by=row.triggered_by,
        queued_at=row.queued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        total=row.total,
        succeeded=row.succeeded,
        failed=row.failed,
        changed=row.changed,
        unchanged=row.unchanged,
        skipped=row.skipped,
        commit=row.commit,
        message=row.message,
        owner=row.owner,
    )


def device_result(row: m.DeviceResultRow) -> DeviceResult:
    return DeviceResult(
        id=row.id,
        run_id=row.run_id,
        device_id=row.device_id,
        hostname=row.hostname,
        status=ResultStatus(row.status),
        error_kind=ErrorKind(row.error_kind) if row.error_kind else None,
        message=row.message,
        credential=row.credential_name,
        attempts=row.attempts,
        duration_ms=row.duration_ms,
        changed=row.changed,
        sha256=row.sha256,
        commit=row.commit,
        latency_ms=row.latency_ms,
    )


def config_version(row: m.ConfigVersionRow) -> ConfigVersion:
    return ConfigVersion(
        id=row.id,
        device_id=row.device_id,
        hostname=row.hostname,
        run_id=row.run_id,
        commit=row.commit,
        sha256=row.sha256,
        size=row.size,
        lines=row.lines,
        lines_added=row.lines_added,
        lines_removed=row.lines_removed,
        created_at=row.created_at,
        path=row.path,
    )


def log_entry(row: m.LogEntryRow) -> LogEntry:
    return LogEntry(
        id=row.id,
        ts=row.ts,
        level=LogLevel(row.level),
        kind=LogKind(row.kind),
        message=row.message,
        actor=row.actor,
        job_id=row.job_id,
        run_id=row.run_id,
        device_id=row.device_id,
        hostname=row.hostname,
    )


def user(row: m.UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        active=row.active,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        last_login_at=row.last_login_at,
        created_at=row.created_at,
    )


def leader(row: m.SchedulerLeaseRow) -> LeaderState:
    return LeaderState(
        holder=row.holder,
        heartbeat=row.heartbeat_at,
        expires=row.expires_at,
        host=row.host,
        pid=row.pid,
        acquired=row.acquired_at,
    )
