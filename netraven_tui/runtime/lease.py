"""The leader lease: one row in ``scheduler_lease`` decides which process fires scheduled jobs.

The holder renews the row every few seconds; anyone may take it over once it has expired.
Taking and renewing is a single conditional UPDATE (``WHERE holder = me OR the old holder's
lease has expired``), or an INSERT when there is no row yet, so two processes racing for it on
SQLite or PostgreSQL end with exactly one holder: the loser's UPDATE matches no row, or its
INSERT hits the primary key. Times come from the application clock, so hosts sharing a
PostgreSQL database need synchronised clocks (NTP); the lease length absorbs small skew.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from netraven_tui.db import models as m
from netraven_tui.services.context import Clock, ServiceContext

log = logging.getLogger(__name__)

SCHEDULER_LEASE = "scheduler"


@dataclass(frozen=True, slots=True)
class LeaderInfo:
    """Who holds a lease, as the dashboard and `job list` show it."""

    holder: str  # host:pid/instance
    host: str
    pid: int
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime
    active: bool  # not expired when it was read
    is_me: bool = False  # held by the Lease object that read it

    @property
    def owner(self) -> str:
        """``host:pid``, the way job runs name the process that runs them."""
        return f"{self.host}:{self.pid}"


@dataclass(frozen=True, slots=True)
class LeaseGrant:
    """A successful take or renewal; ``previous`` is the expired holder it displaced, if any."""

    expires_at: datetime
    previous: LeaderInfo | None = None


class Lease:
    """One process's claim on a named lease row."""

    def __init__(
        self,
        ctx: ServiceContext,
        seconds: float | None = None,
        name: str = SCHEDULER_LEASE,
        host: str | None = None,
        pid: int | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.ctx = ctx
        self.name = name
        self.seconds = float(seconds if seconds is not None else ctx.settings.lease_seconds)
        self.host = host or socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()
        # Two schedulers in one process (tests, a console and a worker) must not share a claim.
        self.holder = f"{self.host}:{self.pid}/{secrets.token_hex(3)}"
        self._clock = clock or ctx.now

    def acquire(self) -> LeaseGrant | None:
        """Take the lease if it is free or expired, renew it if held; None if someone else holds it."""
        now = self._clock()
        current = self.read()
        if current is None:
            return self._insert(now)
        if current.holder != self.holder and current.expires_at >= now:
            return None
        expires = now + timedelta(seconds=self.seconds)
        mine_or_expired = (m.SchedulerLeaseRow.holder == self.holder) | (
            (m.SchedulerLeaseRow.holder == current.holder) & (m.SchedulerLeaseRow.expires_at < now)
        )
        values = {
            "holder": self.holder,
            "host": self.host,
            "pid": self.pid,
            "heartbeat_at": now,
            "expires_at": expires,
        }
        if current.holder != self.holder:
            values["acquired_at"] = now
        with self.ctx.session_factory() as session, session.begin():
            changed = session.execute(
                update(m.SchedulerLeaseRow)
                .where(m.SchedulerLeaseRow.name == self.name, mine_or_expired)
                .values(**values)
                .execution_options(synchronize_session=False)
            ).rowcount
        if changed != 1:
            return None
        return LeaseGrant(expires, None if current.holder == self.holder else current)

    def release(self) -> bool:
        """Give the lease up at once (only if we hold it), so another process need not wait."""
        with self.ctx.session_factory() as session, session.begin():
            gone = session.execute(
                delete(m.SchedulerLeaseRow)
                .where(
                    m.SchedulerLeaseRow.name == self.name, m.SchedulerLeaseRow.holder == self.holder
                )
                .execution_options(synchronize_session=False)
            ).rowcount
        return gone == 1

    def read(self) -> LeaderInfo | None:
        """The lease as stored now (active or expired), or None when nobody has it."""
        return read_lease(self.ctx, self.name, self.holder, self._clock)

    def _insert(self, now: datetime) -> LeaseGrant | None:
        expires = now + timedelta(seconds=self.seconds)
        try:
            with self.ctx.session_factory() as session, session.begin():
                session.add(
                    m.SchedulerLeaseRow(
                        name=self.name,
                        holder=self.holder,
                        host=self.host,
                        pid=self.pid,
                        acquired_at=now,
                        heartbeat_at=now,
                        expires_at=expires,
                    )
                )
        except IntegrityError:
            log.debug("lease %s: another process inserted it first", self.name)
            return None
        return LeaseGrant(expires)


def read_lease(
    ctx: ServiceContext,
    name: str = SCHEDULER_LEASE,
    me: str | None = None,
    clock: Clock | None = None,
) -> LeaderInfo | None:
    """Who holds lease ``name`` (for processes that do not compete for it, like `job list`)."""
    now = (clock or ctx.now)()
    with ctx.read() as session:
        row = session.scalars(
            select(m.SchedulerLeaseRow).where(m.SchedulerLeaseRow.name == name)
        ).first()
        if row is None:
            return None
        return LeaderInfo(
            holder=row.holder,
            host=row.host,
            pid=row.pid,
            acquired_at=row.acquired_at,
            heartbeat_at=row.heartbeat_at,
            expires_at=row.expires_at,
            active=row.expires_at >= now,
            is_me=row.holder == me,
        )
