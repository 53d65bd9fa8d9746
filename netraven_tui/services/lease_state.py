"""Who leads the scheduler, as the console shows it: the lease row, read and never written here.

The runtime's scheduler competes for the row; a console without a scheduler (or a second
console) only needs to know who holds it and until when.
"""

from __future__ import annotations

from sqlalchemy import select

from netraven_tui.db import models as m
from netraven_tui.domain import LeaderState
from netraven_tui.services.context import ServiceContext

SCHEDULER_LEASE = "scheduler"  # the row the scheduler's lease takes and renews


def read_leader(ctx: ServiceContext, name: str = SCHEDULER_LEASE) -> LeaderState | None:
    """The lease ``name`` as stored now (expired or not), or None when nobody has taken it."""
    with ctx.read() as session:
        row = session.scalars(
            select(m.SchedulerLeaseRow).where(m.SchedulerLeaseRow.name == name)
        ).first()
        if row is None:
            return None
        return LeaderState(holder=row.holder, heartbeat=row.heartbeat_at, expires=row.expires_at)
