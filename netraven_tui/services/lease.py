"""The lease rows: one row in ``scheduler_lease`` per named lease, read, taken and given up here.

Taking and renewing is a single conditional UPDATE (``WHERE holder = me OR the old holder's
lease has expired``), or an INSERT when there is no row yet, so two processes racing for it on
SQLite or PostgreSQL end with exactly one holder: the loser's UPDATE matches no row, or its
INSERT hits the primary key. Times come from the caller's clock, so hosts sharing a PostgreSQL
database need synchronised clocks (NTP); the lease length absorbs small skew.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from netraven_tui.db import models as m
from netraven_tui.domain import LeaderState, LeaseGrant
from netraven_tui.services import convert
from netraven_tui.services.context import ServiceContext

log = logging.getLogger(__name__)

SCHEDULER_LEASE = "scheduler"


class LeaseService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def read(self, name: str = SCHEDULER_LEASE) -> LeaderState | None:
        """The lease as stored (active or expired), or None when nobody has taken it."""
        with self.ctx.read() as session:
            row = session.scalars(
                select(m.SchedulerLeaseRow).where(m.SchedulerLeaseRow.name == name)
            ).first()
            return convert.leader(row) if row is not None else None

    def acquire(
        self, name: str, holder: str, host: str, pid: int, now: datetime, seconds: float
    ) -> LeaseGrant | None:
        """Take the lease if it is free or expired, renew it if ``holder`` (host:pid/instance)
        holds it; None if someone else holds it (or won a race for it just now). System only."""
        self.ctx.require_system("take the scheduler lease")
        current = self.read(name)
        if current is None:
            return self._insert(name, holder, host, pid, now, seconds)
        if current.holder != holder and current.expires >= now:
            return None
        expires = now + timedelta(seconds=seconds)
        lease = m.SchedulerLeaseRow
        mine_or_expired = (lease.holder == holder) | (
            (lease.holder == current.holder) & (lease.expires_at < now)
        )
        values = {
            "holder": holder,
            "host": host,
            "pid": pid,
            "heartbeat_at": now,
            "expires_at": expires,
        }
        if current.holder != holder:
            values["acquired_at"] = now
        with self.ctx.session_factory() as session, session.begin():
            changed = session.execute(
                update(lease)
                .where(lease.name == name, mine_or_expired)
                .values(**values)
                .execution_options(synchronize_session=False)
            ).rowcount
        if changed != 1:
            return None
        return LeaseGrant(expires, None if current.holder == holder else current)

    def release(self, name: str, holder: str) -> bool:
        """Give the lease up at once (only if ``holder`` holds it), so nobody need wait for it."""
        self.ctx.require_system("give up the scheduler lease")
        lease = m.SchedulerLeaseRow
        with self.ctx.session_factory() as session, session.begin():
            gone = session.execute(
                delete(lease)
                .where(lease.name == name, lease.holder == holder)
                .execution_options(synchronize_session=False)
            ).rowcount
        return gone == 1

    def _insert(
        self, name: str, holder: str, host: str, pid: int, now: datetime, seconds: float
    ) -> LeaseGrant | None:
        expires = now + timedelta(seconds=seconds)
        try:
            with self.ctx.session_factory() as session, session.begin():
                session.add(
                    m.SchedulerLeaseRow(
                        name=name,
                        holder=holder,
                        host=host,
                        pid=pid,
                        acquired_at=now,
                        heartbeat_at=now,
                        expires_at=expires,
                    )
                )
        except IntegrityError:
            log.debug("lease %s: another process inserted it first", name)
            return None
        return LeaseGrant(expires)
