"""The delivery outbox: queued messages, claiming the due ones, and recording every attempt.

A row belongs to the process that queued it (``owner`` = host:pid). Claiming a row pushes its
``next_attempt_at`` past the attempt's time limit, so no other loop picks it while it is in
flight; a process that dies mid-attempt leaves a row that falls due again, and the scheduler
leader's process (``leftovers=True``) takes over rows whose owner is dead, or silent for long.
The claim is a conditional UPDATE, so two processes never send the same row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import Delivery, DeliveryStatus, LogEntry, LogKind, LogLevel
from netraven_tui.services import convert
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.runs import owner_is_dead_locally

STALE_AFTER = timedelta(minutes=10)  # a live owner elsewhere that has not tried for this long
MAX_BACKOFF = timedelta(hours=1)
MAX_ERROR = 500


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery this process now sends. ``payload`` is the rendered (masked) message."""

    id: int
    channel_id: int
    channel: str
    kind: str  # the channel's kind: apprise | exec
    event: str
    run_id: int | None
    hostname: str | None
    attempts: int  # before this one
    payload: dict = field(repr=False)


class Outbox:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(
        self,
        session: Session,
        channel_id: int,
        event: str,
        summary: str,
        run_id: int | None,
        hostname: str | None,
        payload: str,
    ) -> int:
        from netraven_tui.services.runs import this_process

        row = m.NotifyDeliveryRow(
            channel_id=channel_id,
            event=event,
            summary=summary[:1000],
            run_id=run_id,
            hostname=hostname,
            payload=payload,
            status=DeliveryStatus.PENDING,
            attempts=0,
            last_error="",
            owner=this_process(),
            created_at=self.ctx.now(),
            next_attempt_at=self.ctx.now(),
        )
        session.add(row)
        session.flush()
        return row.id

    def claim_due(
        self,
        owner: str,
        leftovers: bool,
        hold_seconds: float,
        limit: int = 20,
        only_id: int | None = None,
    ) -> list[Claimed]:
        """Due deliveries of ``owner`` (and, with ``leftovers``, orphaned ones), claimed for it."""
        now = self.ctx.now()
        d = m.NotifyDeliveryRow
        claimed: list[Claimed] = []
        query = (
            select(d, m.NotifyChannelRow.name, m.NotifyChannelRow.kind)
            .join(m.NotifyChannelRow, m.NotifyChannelRow.id == d.channel_id)
            .where(d.status == DeliveryStatus.PENDING, d.next_attempt_at <= now)
            .order_by(d.next_attempt_at, d.id)
            .limit(limit * 5)
        )
        if only_id is not None:
            query = query.where(d.id == only_id)
        if not leftovers:  # other processes' rows must not crowd ours out of the limit
            query = query.where(d.owner == owner)
        with self.ctx.transaction() as session:
            rows = session.execute(query).all()
            for row, name, kind in rows:
                if len(claimed) >= limit:
                    break
                if row.owner != owner and not (
                    leftovers
                    and (
                        owner_is_dead_locally(row.owner) or row.next_attempt_at <= now - STALE_AFTER
                    )
                ):
                    continue
                taken = session.execute(
                    update(d)
                    .where(
                        d.id == row.id,
                        d.owner == row.owner,
                        d.status == DeliveryStatus.PENDING,
                        d.next_attempt_at == row.next_attempt_at,
                    )
                    .values(owner=owner, next_attempt_at=now + timedelta(seconds=hold_seconds))
                    .execution_options(synchronize_session=False)
                ).rowcount
                if taken == 1:
                    claimed.append(
                        Claimed(
                            row.id,
                            row.channel_id,
                            name,
                            kind,
                            row.event,
                            row.run_id,
                            row.hostname,
                            row.attempts,
                            json.loads(row.payload),
                        )
                    )
        return claimed

    def record_attempt(
        self, item: Claimed, error: str | None, final: bool = False
    ) -> tuple[Delivery, LogEntry]:
        """Store how one attempt went (``error`` None: sent), with its log entry; a failed
        attempt is retried later unless it was the last allowed (or ``final``)."""
        settings = self.ctx.settings
        now = self.ctx.now()
        attempts = item.attempts + 1
        with self.ctx.transaction() as session:
            row = session.get(m.NotifyDeliveryRow, item.id)
            if row is None:  # the channel was removed meanwhile
                raise LookupError(item.id)
            row.attempts, row.last_attempt_at = attempts, now
            what = f"notification {item.event} to channel {item.channel}"
            if error is None:
                row.status, row.next_attempt_at, row.last_error = DeliveryStatus.SENT, None, ""
                level, text = LogLevel.INFO, f"{what}: sent (attempt {attempts})"
            elif final or attempts >= settings.notify_attempts:
                row.status, row.next_attempt_at = DeliveryStatus.FAILED, None
                row.last_error = error[:MAX_ERROR]
                level = LogLevel.ERROR
                text = f"{what}: failed after {attempts} attempts: {row.last_error}"
            else:
                wait = min(
                    timedelta(seconds=settings.notify_backoff_seconds * 2 ** (attempts - 1)),
                    MAX_BACKOFF,
                )
                row.next_attempt_at, row.last_error = now + wait, error[:MAX_ERROR]
                level = LogLevel.WARNING
                text = (
                    f"{what}: attempt {attempts} of {settings.notify_attempts} failed: "
                    f"{row.last_error}; next try in {wait.total_seconds():g} s"
                )
            entry = m.LogEntryRow(
                ts=now,
                level=level,
                kind=LogKind.SYSTEM,
                message=text,
                actor=None,
                run_id=item.run_id,
                hostname=item.hostname,
            )
            session.add(entry)
            session.flush()
            return _delivery(row, item.channel), convert.log_entry(entry)

    def next_due(self, owner: str) -> datetime | None:
        """When the next pending delivery of ``owner`` falls due (None: nothing pending)."""
        d = m.NotifyDeliveryRow
        with self.ctx.read() as session:
            return session.scalar(
                select(func.min(d.next_attempt_at)).where(
                    d.status == DeliveryStatus.PENDING, d.owner == owner
                )
            )

    def pending(self, owner: str | None = None) -> int:
        d = m.NotifyDeliveryRow
        query = select(func.count()).where(d.status == DeliveryStatus.PENDING)
        if owner is not None:
            query = query.where(d.owner == owner)
        with self.ctx.read() as session:
            return session.scalar(query) or 0

    def get(self, delivery_id: int) -> Delivery:
        with self.ctx.read() as session:
            row, name = session.execute(
                select(m.NotifyDeliveryRow, m.NotifyChannelRow.name)
                .join(m.NotifyChannelRow)
                .where(m.NotifyDeliveryRow.id == delivery_id)
            ).one()
            return _delivery(row, name)

    def recent(self, limit: int = 100, channel: str | None = None) -> list[Delivery]:
        """The newest deliveries (all channels, or one), newest first."""
        query = (
            select(m.NotifyDeliveryRow, m.NotifyChannelRow.name)
            .join(m.NotifyChannelRow)
            .order_by(m.NotifyDeliveryRow.id.desc())
            .limit(limit)
        )
        if channel is not None:
            query = query.where(m.NotifyChannelRow.name == channel.strip().lower())
        with self.ctx.read() as session:
            return [_delivery(row, name) for row, name in session.execute(query)]

    def prune(self, older_than_days: int) -> int:
        """Forget finished deliveries older than the retention age."""
        from sqlalchemy import delete

        cutoff = self.ctx.now() - timedelta(days=older_than_days)
        d = m.NotifyDeliveryRow
        with self.ctx.transaction() as session:
            result = session.execute(
                delete(d).where(d.created_at < cutoff, d.status != DeliveryStatus.PENDING)
            )
            return result.rowcount or 0


def last_attempts(session: Session, channel_id: int | None = None) -> dict[int, Delivery]:
    """The latest delivery that was tried, per channel."""
    d = m.NotifyDeliveryRow
    latest = select(func.max(d.id)).where(d.attempts > 0).group_by(d.channel_id)
    if channel_id is not None:
        latest = latest.where(d.channel_id == channel_id)
    rows = session.scalars(select(d).where(d.id.in_(latest)))
    return {row.channel_id: _delivery(row, "") for row in rows}


def _delivery(row: m.NotifyDeliveryRow, channel: str) -> Delivery:
    return Delivery(
        id=row.id,
        channel=channel,
        event=row.event,
        summary=row.summary,
        run_id=row.run_id,
        hostname=row.hostname,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        last_attempt_at=row.last_attempt_at,
        next_attempt_at=row.next_attempt_at,
    )
