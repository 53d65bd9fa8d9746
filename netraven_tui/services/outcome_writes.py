"""Writing a batch of device outcomes: result rows, log lines, device state, credential counts,
and the configuration versions a run's commit holds.

Bulk statements only (one INSERT per table, one executemany UPDATE for the devices, one UPDATE per
credential): SQLite has a single writer, and the run's thread should be reading the next batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    DeviceOutcome,
    DeviceResult,
    ErrorKind,
    JobKind,
    LogKind,
    LogLevel,
    NewConfigVersion,
    ResultStatus,
)
from netraven_tui.services import convert


def store(
    session: Session, run: m.JobRunRow, outcomes: Sequence[DeviceOutcome]
) -> list[DeviceResult]:
    """A batch of outcomes: result rows, log lines, device state and credential counts.

    A device whose result this run already holds is left as it is: a write whose commit went
    through but whose answer was lost (a dropped connection) is retried without doubling it.
    """
    results = m.DeviceResultRow
    ids = [outcome.device.id for outcome in outcomes]
    earlier = list(
        session.scalars(select(results).where(results.run_id == run.id, results.device_id.in_(ids)))
    )
    stored = {row.device_id for row in earlier}
    new = [outcome for outcome in outcomes if outcome.device.id not in stored]
    rows = []
    if new:
        table = results.__table__
        rows = session.execute(
            insert(table).returning(*table.c, sort_by_parameter_order=True),
            [result_values(run.id, outcome) for outcome in new],
        ).all()
        session.execute(insert(m.LogEntryRow.__table__), [log_values(run, o) for o in new])
        update_devices(session, JobKind(run.kind), new)
        update_credentials(session, new)
    return [convert.device_result(row) for row in (*earlier, *rows)]


def result_values(run_id: int, outcome: DeviceOutcome) -> dict[str, object]:
    return {
        "run_id": run_id,
        "device_id": outcome.device.id,
        "hostname": outcome.device.hostname,
        "status": outcome.status,
        "error_kind": outcome.error_kind,
        "message": outcome.message,
        "credential_id": outcome.credential_id,
        "credential_name": outcome.credential_name,
        "attempts": outcome.attempts,
        "duration_ms": outcome.duration_ms,
        "changed": outcome.changed,
        "sha256": outcome.sha256,
        "commit": None,
        "latency_ms": outcome.latency_ms,
        "started_at": outcome.started_at,
        "finished_at": outcome.finished_at,
    }


def update_devices(session: Session, kind: JobKind, outcomes: Sequence[DeviceOutcome]) -> None:
    """The devices' "last backup" / "last reachability" columns; a deleted device is just skipped."""
    table = m.DeviceRow.__table__
    done = [o for o in outcomes if o.status is not ResultStatus.SKIPPED]
    if not done:
        return
    if kind is JobKind.BACKUP:
        values = [
            {
                "b_id": o.device.id,
                "b_at": o.finished_at,
                "b_status": o.status.value,
                "b_error": f"{o.error_kind}: {o.message}"
                if o.status is ResultStatus.FAILED
                else None,
            }
            for o in done
        ]
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                last_backup_at=bindparam("b_at"),
                last_backup_status=bindparam("b_status"),
                last_backup_error=bindparam("b_error"),
            )
        )
        session.execute(statement, values)
        worked = [
            {"b_id": o.device.id, "b_credential": o.credential_id}
            for o in done
            if o.credential_id is not None
        ]
        if worked:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values(last_credential_id=bindparam("b_credential")),
                worked,
            )
    else:
        values = [
            {
                "b_id": o.device.id,
                "b_at": o.finished_at,
                "b_ok": o.status is ResultStatus.SUCCESS,
                "b_latency": o.latency_ms,
            }
            for o in done
        ]
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                last_reach_at=bindparam("b_at"),
                last_reach_ok=bindparam("b_ok"),
                last_reach_latency_ms=bindparam("b_latency"),
            ),
            values,
        )


def update_credentials(session: Session, outcomes: Sequence[DeviceOutcome]) -> None:
    """Success and failure counts per credential, summed over the batch."""
    failures: Counter[int] = Counter()
    successes: Counter[int] = Counter()
    last_used: dict[int, datetime] = {}
    for outcome in outcomes:
        failures.update(outcome.failed_credential_ids)
        if outcome.credential_id is not None and outcome.status is ResultStatus.SUCCESS:
            successes[outcome.credential_id] += 1
            previous = last_used.get(outcome.credential_id)
            last_used[outcome.credential_id] = (
                max(previous, outcome.finished_at) if previous else outcome.finished_at
            )
    credentials = m.CredentialRow
    for credential_id, count in failures.items():
        session.execute(
            update(credentials)
            .where(credentials.id == credential_id)
            .values(failure_count=credentials.failure_count + count)
        )
    for credential_id, count in successes.items():
        session.execute(
            update(credentials)
            .where(credentials.id == credential_id)
            .values(
                success_count=credentials.success_count + count,
                last_used_at=last_used[credential_id],
            )
        )


def log_values(run: m.JobRunRow, outcome: DeviceOutcome) -> dict[str, object]:
    if outcome.status is ResultStatus.SKIPPED:
        level, text = (
            LogLevel.INFO,
            f"{outcome.device.hostname}: skipped ({outcome.message or 'run cancelled'})",
        )
    elif outcome.status is ResultStatus.SUCCESS:
        detail = "changed" if outcome.changed else "unchanged"
        if run.kind == JobKind.REACHABILITY:
            detail = (
                f"reachable in {outcome.latency_ms:.1f} ms"
                if outcome.latency_ms is not None
                else "reachable"
            )
        via = f" with credential {outcome.credential_name}" if outcome.credential_name else ""
        level, text = LogLevel.INFO, f"{outcome.device.hostname}: {detail}{via}"
    else:
        kind = outcome.error_kind or ErrorKind.INTERNAL
        level, text = LogLevel.ERROR, f"{outcome.device.hostname}: {kind}: {outcome.message}"
    return {
        "ts": outcome.finished_at,
        "level": level.value,
        "kind": LogKind.CONNECTION.value,
        "message": text,
        "actor": None,
        "job_id": run.job_id,
        "run_id": run.id,
        "device_id": outcome.device.id,
        "hostname": outcome.device.hostname,
    }


def version_row(
    run_id: int, commit: str, version: NewConfigVersion, now: datetime
) -> m.ConfigVersionRow:
    """The index row of one configuration version in ``commit``."""
    return m.ConfigVersionRow(
        device_id=version.device.id,
        hostname=version.device.hostname,
        run_id=run_id,
        commit=commit,
        path=version.path,
        sha256=version.sha256,
        size=version.size,
        lines=version.lines,
        lines_added=version.lines_added,
        lines_removed=version.lines_removed,
        created_at=now,
    )
