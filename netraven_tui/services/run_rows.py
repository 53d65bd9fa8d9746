"""The rows of a run: who owns it, a new one, the one-active-run guard, its counts from its
results and the status they give, and the commit it closes with."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import JobBusy, JobKind, NewConfigVersion, ResultStatus, RunStatus
from netraven_tui.services.outcome_writes import version_row


def this_process() -> str:
    """How a run names its owner: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_is_dead_locally(owner: str) -> bool:
    """True when ``owner`` (host:pid) is a process on this host that no longer exists."""
    host, _, pid_text = owner.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def refuse_if_active(session: Session, job: m.JobRow) -> None:
    """JobBusy when ``job`` has a run queued or running (in any process)."""
    active = session.scalars(
        select(m.JobRunRow)
        .where(
            m.JobRunRow.job_id == job.id,
            m.JobRunRow.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]),
        )
        .order_by(m.JobRunRow.id.desc())
    ).first()
    if active is None:
        return
    since = (active.started_at or active.queued_at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    raise JobBusy(
        job.name,
        active.id,
        f"({active.status} since {since}, {active.trigger} by {active.triggered_by or '-'}, "
        f"in process {active.owner or '?'})",
    )


def new_run(
    job: m.JobRow, status: RunStatus, trigger: str, triggered_by: str, now: datetime
) -> m.JobRunRow:
    """A run row of ``job``, owned by this process (not yet added to a session)."""
    return m.JobRunRow(
        job_id=job.id,
        job_name=job.name,
        kind=job.kind,
        status=status,
        trigger=trigger,
        triggered_by=triggered_by,
        owner=this_process(),
        queued_at=now,
    )


def attach_commit(
    session: Session,
    run_id: int,
    commit: str,
    versions: Sequence[NewConfigVersion],
    now: datetime,
) -> None:
    """The commit on the results of the devices it holds, and one version row per device."""
    hostnames = [version.device.hostname for version in versions]
    if hostnames:
        session.execute(
            update(m.DeviceResultRow)
            .where(m.DeviceResultRow.run_id == run_id, m.DeviceResultRow.hostname.in_(hostnames))
            .values(commit=commit)
        )
    session.add_all(version_row(run_id, commit, v, now) for v in versions)


def count_results(session: Session, row: m.JobRunRow) -> None:
    """The run's counts from its stored results; devices never reported count as skipped."""
    results = m.DeviceResultRow
    counts = dict(
        session.execute(
            select(results.status, func.count())
            .where(results.run_id == row.id)
            .group_by(results.status)
        ).all()
    )
    changed = (
        session.scalar(
            select(func.count()).where(results.run_id == row.id, results.changed.is_(True))
        )
        or 0
    )
    row.succeeded = counts.get(ResultStatus.SUCCESS, 0)
    row.failed = counts.get(ResultStatus.FAILED, 0)
    row.skipped = counts.get(ResultStatus.SKIPPED, 0) + max(0, row.total - sum(counts.values()))
    row.changed = changed
    row.unchanged = row.succeeded - changed if row.kind == JobKind.BACKUP else 0


def derive_status(row: m.JobRunRow) -> RunStatus:
    """The status a run's counts give: success, partial, failed, or no devices at all."""
    if row.total == 0:
        return RunStatus.NO_DEVICES
    if row.failed == 0 and row.skipped == 0:
        return RunStatus.SUCCESS
    if row.succeeded == 0:
        return RunStatus.FAILED
    return RunStatus.PARTIAL
