"""What a finished backup run has to tell: changed configs, first failures, recoveries, long
failing streaks and the run itself, as :class:`NotifyEvent` values (read from the database).

A failure is news once per failing streak: ``device_failed`` goes out when the device's previous
backup result (skipped ones aside) was a success or when it has none; ``device_recovered`` when
a success follows a failure; ``failing_for`` once per streak, when it has lasted
``failing_alert_hours``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from netraven_tui.db import models as m
from netraven_tui.domain import (
    ConfigVersion,
    DeviceResult,
    FailedDevice,
    JobKind,
    JobRun,
    NotFound,
    NotifyEvent,
    NotifyEventKind,
    ResultStatus,
)
from netraven_tui.services import convert
from netraven_tui.services.context import ServiceContext

# (previous version or None for a first backup, the new version, platform) -> masked diff
DiffProvider = Callable[[ConfigVersion | None, ConfigVersion, str], str]
# (event kind, the tags of the devices it is about) -> does any channel want it?
Wanted = Callable[[NotifyEventKind, frozenset[str]], bool]

K = NotifyEventKind
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunEvents:
    run: JobRun
    events: tuple[NotifyEvent, ...]
    device_tags: dict[str, frozenset[str]]  # hostname -> tags, for the channel filters


def run_events(
    ctx: ServiceContext, run_id: int, diff_provider: DiffProvider, wanted: Wanted
) -> RunEvents:
    """The events of run ``run_id`` that some channel wants (diffs only for those)."""
    with ctx.read() as session:
        run_row = session.get(m.JobRunRow, run_id)
        if run_row is None:
            raise NotFound("run", run_id)
        run = convert.job_run(run_row)
        if run.kind is not JobKind.BACKUP:  # reachability sweeps run every few minutes: quiet
            return RunEvents(run, (), {})
        results = [
            convert.device_result(row)
            for row in session.scalars(
                select(m.DeviceResultRow)
                .where(
                    m.DeviceResultRow.run_id == run_id,
                    m.DeviceResultRow.status != ResultStatus.SKIPPED,
                )
                .order_by(m.DeviceResultRow.hostname)
            )
        ]
        tags = _device_tags(session, {r.device_id for r in results if r.device_id is not None})
        previous = _previous_statuses(session, run_id)
        platforms = dict(
            session.execute(
                select(m.DeviceRow.id, m.DeviceRow.platform).where(
                    m.DeviceRow.id.in_([r.device_id for r in results if r.device_id])
                )
            ).all()
        )
        versions = _versions_with_previous(session, run_id)
    by_host = {r.hostname: tags.get(r.device_id or -1, frozenset()) for r in results}
    events: list[NotifyEvent] = []
    for version, before in versions:
        host_tags = by_host.get(version.hostname, frozenset())
        if not wanted(K.CONFIG_CHANGED, host_tags):
            continue
        platform = platforms.get(version.device_id or -1, "")
        events.append(
            NotifyEvent(
                K.CONFIG_CHANGED,
                job=run.job_name,
                run_id=run.id,
                hostname=version.hostname,
                device_id=version.device_id,
                commit=version.commit,
                status="changed",
                message=f"+{version.lines_added} -{version.lines_removed} lines",
                diff=_diff(diff_provider, before, version, platform),
                first_version=before is None,
            )
        )
    for row in results:
        events.extend(_state_events(run, row, previous.get(row.id), by_host[row.hostname], wanted))
    events.extend(_failing_for(ctx, run, results, by_host, wanted))
    all_tags = frozenset().union(*by_host.values()) if by_host else frozenset()
    if wanted(K.RUN_FINISHED, all_tags):
        events.append(_run_finished(run, results))
    return RunEvents(run, tuple(events), by_host)


def _diff(
    provider: DiffProvider, before: ConfigVersion | None, version: ConfigVersion, platform: str
) -> str:
    # a change is news even when its diff cannot be read (the repository moved, a git error)
    try:
        return provider(before, version, platform)
    except Exception as error:  # noqa: BLE001 - the event goes out without its diff
        log.exception("the diff of %s at %s could not be read", version.hostname, version.commit)
        return f"(the diff could not be read: {type(error).__name__}; see `netraven-tui config diff {version.hostname}`)"


def _state_events(
    run: JobRun,
    row: DeviceResult,
    before: str | None,
    tags: frozenset[str],
    wanted: Wanted,
) -> Iterable[NotifyEvent]:
    first_failure = row.status == ResultStatus.FAILED and before != ResultStatus.FAILED
    recovered = row.status == ResultStatus.SUCCESS and before == ResultStatus.FAILED
    if first_failure and wanted(K.DEVICE_FAILED, tags):
        yield NotifyEvent(
            K.DEVICE_FAILED,
            job=run.job_name,
            run_id=run.id,
            hostname=row.hostname,
            device_id=row.device_id,
            status="failed",
            error_kind=row.error_kind.value if row.error_kind else None,
            message=row.message,
        )
    if recovered and wanted(K.DEVICE_RECOVERED, tags):
        yield NotifyEvent(
            K.DEVICE_RECOVERED,
            job=run.job_name,
            run_id=run.id,
            hostname=row.hostname,
            device_id=row.device_id,
            commit=row.commit,
            status="success",
        )


def _failing_for(
    ctx: ServiceContext,
    run: JobRun,
    results: Iterable[DeviceResult],
    by_host: dict[str, frozenset[str]],
    wanted: Wanted,
) -> list[NotifyEvent]:
    hours = ctx.settings.failing_alert_hours
    failed = [r for r in results if r.status == ResultStatus.FAILED and r.device_id is not None]
    if hours <= 0 or not failed:
        return []
    from netraven_tui.services.runs import RunService

    since = RunService(ctx).failing_since()
    cutoff = ctx.now() - timedelta(hours=hours)
    events = []
    with ctx.transaction() as session:
        for row in failed:
            start = since.get(row.device_id)
            if start is None or start > cutoff or not wanted(K.FAILING_FOR, by_host[row.hostname]):
                continue
            alert = session.get(m.NotifyFailingAlertRow, row.device_id)
            if alert is not None and alert.streak_since == start:
                continue  # this streak was reported already
            if alert is None:
                session.add(
                    m.NotifyFailingAlertRow(
                        device_id=row.device_id, streak_since=start, alerted_at=ctx.now()
                    )
                )
            else:
                alert.streak_since, alert.alerted_at = start, ctx.now()
            events.append(
                NotifyEvent(
                    K.FAILING_FOR,
                    job=run.job_name,
                    run_id=run.id,
                    hostname=row.hostname,
                    device_id=row.device_id,
                    status="failed",
                    error_kind=row.error_kind.value if row.error_kind else None,
                    message=row.message,
                    failing_since=start,
                )
            )
    return events


def _run_finished(run: JobRun, results: Iterable[DeviceResult]) -> NotifyEvent:
    failed = tuple(
        FailedDevice(r.hostname, (r.error_kind or "internal").__str__(), r.message)
        for r in results
        if r.status == ResultStatus.FAILED
    )
    counts = (
        ("total", run.total),
        ("succeeded", run.succeeded),
        ("failed", run.failed),
        ("changed", run.changed),
        ("unchanged", run.unchanged),
        ("skipped", run.skipped),
    )
    return NotifyEvent(
        K.RUN_FINISHED,
        job=run.job_name,
        run_id=run.id,
        commit=run.commit,
        status=run.status.value,
        message=run.message,
        counts=counts,
        failed=failed,
    )


def _device_tags(session: Session, device_ids: set[int]) -> dict[int, frozenset[str]]:
    if not device_ids:
        return {}
    found: dict[int, set[str]] = {}
    rows = session.execute(
        select(m.device_tags.c.device_id, m.TagRow.name)
        .join(m.TagRow, m.TagRow.id == m.device_tags.c.tag_id)
        .where(m.device_tags.c.device_id.in_(device_ids))
    )
    for device_id, name in rows:
        found.setdefault(device_id, set()).add(name)
    return {device_id: frozenset(names) for device_id, names in found.items()}


def _previous_statuses(session: Session, run_id: int) -> dict[int, str]:
    """For each result of the run: the status of that device's backup result just before it."""
    r, p = m.DeviceResultRow, aliased(m.DeviceResultRow)
    before = (
        select(func.max(p.id))
        .join(m.JobRunRow, m.JobRunRow.id == p.run_id)
        .where(
            p.device_id == r.device_id,
            p.id < r.id,
            p.status.in_([ResultStatus.SUCCESS, ResultStatus.FAILED]),
            m.JobRunRow.kind == JobKind.BACKUP,
        )
        .correlate(r)
        .scalar_subquery()
    )
    pairs = dict(session.execute(select(r.id, before).where(r.run_id == run_id)).all())
    ids = [value for value in pairs.values() if value is not None]
    statuses = dict(session.execute(select(r.id, r.status).where(r.id.in_(ids))).all())
    return {mine: statuses[prev] for mine, prev in pairs.items() if prev is not None}


def _versions_with_previous(
    session: Session, run_id: int
) -> list[tuple[ConfigVersion, ConfigVersion | None]]:
    v, p = m.ConfigVersionRow, aliased(m.ConfigVersionRow)
    rows = session.scalars(select(v).where(v.run_id == run_id).order_by(v.hostname)).all()
    before = (
        dict(
            session.execute(
                select(v.id, func.max(p.id))
                .join(p, (p.device_id == v.device_id) & (p.id < v.id))
                .where(v.run_id == run_id)
                .group_by(v.id)
            ).all()
        )
        if rows
        else {}
    )
    previous = {
        row.id: row for row in session.scalars(select(v).where(v.id.in_(list(before.values()))))
    }
    return [
        (
            convert.config_version(row),
            convert.config_version(previous[before[row.id]]) if row.id in before else None,
        )
        for row in rows
    ]
