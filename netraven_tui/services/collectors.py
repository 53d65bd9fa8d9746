"""Site collectors: their heartbeats, and the captures they hand back to a run's owner.

A collector registers itself (``host:pid``, the sites it serves) and renews a heartbeat; a
run's owner asks which sites have a live one. Heartbeats use the database's clock, so two
machines whose clocks disagree still agree on who is alive.

A collector stores each device's capture (the outcome and the cleaned, masked text) in
``collector_results``; the owner reads them as they arrive and deletes them when its run
closes. The (run, device) key makes a second capture of the same device (a task retried
after its collector died) a no-op: every device ends with exactly one result.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from netraven_tui.db import models as m
from netraven_tui.domain import (
    CollectorState,
    Conflict,
    DeviceCapture,
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    HostKeySeen,
    ResultStatus,
    RunStatus,
)
from netraven_tui.services.context import ServiceContext


def collector_name() -> str:
    """How a collector names itself: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


class CollectorService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ heartbeats

    def register(self, name: str, sites: Iterable[str], concurrency: int) -> None:
        """Announce a collector serving ``sites`` ("" = devices without a site)."""
        self.ctx.require_system("register (the collectors' own bookkeeping)")
        host, _, pid = name.rpartition(":")
        with self.ctx.transaction() as session:
            session.execute(delete(m.CollectorRow).where(m.CollectorRow.name == name))
            session.execute(
                insert(m.CollectorRow).values(
                    name=name,
                    host=host,
                    pid=int(pid) if pid.isdigit() else 0,
                    sites=",".join(sites),
                    concurrency=concurrency,
                    started_at=func.now(),
                    heartbeat_at=func.now(),
                )
            )

    def heartbeat(self, name: str) -> bool:
        """Renew ``name``'s heartbeat; False if its row is gone (it was removed as dead)."""
        self.ctx.require_system("heartbeat (the collectors' own bookkeeping)")
        with self.ctx.transaction() as session:
            done = session.execute(
                update(m.CollectorRow)
                .where(m.CollectorRow.name == name)
                .values(heartbeat_at=func.now())
            )
            return bool(done.rowcount)

    def unregister(self, name: str) -> None:
        self.ctx.require_system("unregister (the collectors' own bookkeeping)")
        with self.ctx.transaction() as session:
            session.execute(delete(m.CollectorRow).where(m.CollectorRow.name == name))

    def list(self) -> tuple[datetime, list[CollectorState]]:
        """The database's time now, and every registered collector (alive or not)."""
        with self.ctx.read() as session:
            now = session.scalar(select(func.now()))
            rows = session.scalars(select(m.CollectorRow).order_by(m.CollectorRow.name)).all()
            states = [
                CollectorState(
                    name=row.name,
                    host=row.host,
                    pid=row.pid,
                    sites=tuple(row.sites.split(",")) if row.sites else ("",),
                    started_at=row.started_at,
                    heartbeat=row.heartbeat_at,
                    concurrency=row.concurrency,
                )
                for row in rows
            ]
        return _aware(now), states

    def live_sites(self, stall_seconds: float) -> set[str]:
        """The sites ("" = no site) served by a collector whose heartbeat is recent."""
        now, states = self.list()
        return {site for s in states if s.alive(now, stall_seconds) for site in s.sites}

    # ------------------------------------------------------------------ results

    def run_is_running(self, run_id: int) -> bool:
        """A collector asks before it captures: the run may have ended (cancelled, its owner died)."""
        with self.ctx.read() as session:
            status = session.scalar(select(m.JobRunRow.status).where(m.JobRunRow.id == run_id))
        return status == RunStatus.RUNNING

    def has_result(self, run_id: int, device_id: int) -> bool:
        with self.ctx.read() as session:
            found = session.scalar(
                select(m.CollectorResultRow.id).where(
                    m.CollectorResultRow.run_id == run_id,
                    m.CollectorResultRow.device_id == device_id,
                )
            )
        return found is not None

    def put_result(self, run_id: int, capture: DeviceCapture) -> bool:
        """Store a device's capture for its run; False if the device already has one."""
        self.ctx.require_system("put result (the collectors' own bookkeeping)")
        try:
            with self.ctx.transaction() as session:
                session.execute(
                    insert(m.CollectorResultRow).values(
                        run_id=run_id,
                        device_id=capture.outcome.device.id,
                        collector=capture.worker,
                        outcome=json.dumps(outcome_to_json(capture.outcome)),
                        config=capture.text,
                        created_at=func.now(),
                    )
                )
        except Conflict:  # the unique (run, device) key: a retried task that captured again
            return False
        return True

    def take_results(self, run_id: int, device_ids: Iterable[int]) -> list[DeviceCapture]:
        """The captures stored for ``run_id`` of the devices in ``device_ids`` (those the owner
        still waits for).

        Not "rows after the last id seen": ids are given out at insert and rows commit in
        any order, so a row with a lower id can appear after one with a higher id.
        """
        self.ctx.require_system("take results (the collectors' own bookkeeping)")
        wanted = list(device_ids)
        if not wanted:
            return []
        r = m.CollectorResultRow
        with self.ctx.read() as session:
            rows = session.execute(
                select(r.collector, r.outcome, r.config)
                .where(r.run_id == run_id, r.device_id.in_(wanted))
                .order_by(r.id)
            ).all()
        return [
            DeviceCapture(outcome_from_json(json.loads(row.outcome)), row.config, row.collector)
            for row in rows
        ]

    def drop_results(self, run_id: int) -> None:
        """Forget a closed run's captures (its configurations are in git now)."""
        self.ctx.require_system("drop results (the collectors' own bookkeeping)")
        with self.ctx.transaction() as session:
            session.execute(
                delete(m.CollectorResultRow).where(m.CollectorResultRow.run_id == run_id)
            )


def outcome_to_json(outcome: DeviceOutcome) -> dict[str, Any]:
    """A DeviceOutcome as JSON-ready values (collector results, task payloads)."""
    d = outcome.device
    return {
        "device": [d.id, d.hostname, d.address, d.port, d.platform, d.site],
        "status": outcome.status.value,
        "started_at": outcome.started_at.isoformat(),
        "finished_at": outcome.finished_at.isoformat(),
        "error_kind": outcome.error_kind.value if outcome.error_kind else None,
        "message": outcome.message,
        "credential_id": outcome.credential_id,
        "credential_name": outcome.credential_name,
        "failed_credential_ids": list(outcome.failed_credential_ids),
        "attempts": outcome.attempts,
        "latency_ms": outcome.latency_ms,
        "host_key": _key_to_json(outcome.host_key),
        "jump_key": _key_to_json(outcome.jump_key),
        "jump_endpoint": outcome.jump_endpoint,
    }


def _key_to_json(key: HostKeySeen | None) -> list[str] | None:
    return None if key is None else [key.algorithm, key.fingerprint, key.public_key]


def _key_from_json(data: list[str] | None) -> HostKeySeen | None:
    return None if not data else HostKeySeen(*data)


def outcome_from_json(data: dict[str, Any]) -> DeviceOutcome:
    """The inverse of :func:`outcome_to_json` (the backup fields are the owner's to fill)."""
    return DeviceOutcome(
        device=DeviceTarget(*data["device"]),
        status=ResultStatus(data["status"]),
        started_at=datetime.fromisoformat(data["started_at"]),
        finished_at=datetime.fromisoformat(data["finished_at"]),
        error_kind=ErrorKind(data["error_kind"]) if data["error_kind"] else None,
        message=data["message"],
        credential_id=data["credential_id"],
        credential_name=data["credential_name"],
        failed_credential_ids=tuple(data["failed_credential_ids"]),
        attempts=data["attempts"],
        latency_ms=data["latency_ms"],
        host_key=_key_from_json(data.get("host_key")),
        jump_key=_key_from_json(data.get("jump_key")),
        jump_endpoint=data.get("jump_endpoint", ""),
    )


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
