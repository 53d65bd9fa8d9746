"""Notification channels (admin only, audited) and the queueing of a run's events for them.

Events are queued after the run's commit and close, as rows of the delivery outbox
(``notify_deliveries``, see :mod:`netraven_tui.services.notify_outbox`): one digest per channel
per run for Apprise channels, one delivery per event for exec hooks. Sending is the runtime's
job (``netraven_tui.runtime.notify``); nothing here talks to the network.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from netraven_tui.db import models as m
from netraven_tui.domain import (
    Channel,
    ComplianceChange,
    Conflict,
    JobRun,
    NotFound,
    NotifyEvent,
    NotifyEventKind,
    ValidationError,
)
from netraven_tui.services import notify_outbox, notify_render, validation
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.notify_events import DiffProvider, run_events
from netraven_tui.services.notify_targets import APPRISE, Target, parse_target

# run_finished comes with every run: a channel gets it only when asked for by name (or "all")
DEFAULT_EVENTS = tuple(k.value for k in NotifyEventKind if k is not NotifyEventKind.RUN_FINISHED)
ALL_EVENTS = tuple(k.value for k in NotifyEventKind)


@dataclass(frozen=True, slots=True)
class _Filter:
    id: int
    name: str
    kind: str
    events: frozenset[str]
    tags: frozenset[str]

    def wants(self, kind: NotifyEventKind, tags: frozenset[str]) -> bool:
        return kind.value in self.events and (not self.tags or bool(self.tags & tags))


class NotificationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.outbox = notify_outbox.Outbox(ctx)

    # ------------------------------------------------------------------ channels

    def add(
        self,
        name: str,
        target: str,
        events: Sequence[str] = (),
        tags: Sequence[str] = (),
    ) -> Channel:
        """Add a channel; the target is checked (Apprise must know the URL) and stored encrypted."""
        self.ctx.require_admin("add notification channels")
        clean_name = validation.name(name)
        parsed = parse_target(target)
        clean_events = parse_events(events)
        with self.ctx.transaction() as session:
            if _find(session, clean_name) is not None:
                raise Conflict("name", f"notification channel {clean_name!r} already exists")
            clean_tags = _existing_tags(session, tags)
            row = m.NotifyChannelRow(
                name=clean_name,
                kind=parsed.kind,
                target_enc=self.ctx.secrets.encrypt(parsed.value),
                target_masked=parsed.masked[:255],
                events=",".join(clean_events),
                tags=",".join(clean_tags),
                enabled=True,
                created_at=self.ctx.now(),
                updated_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            self.ctx.audit(
                session,
                f"notification channel {clean_name} added ({parsed.masked}; events "
                f"{row.events}; tags {row.tags or 'any'})",
            )
            return _channel(row)

    def remove(self, name: str) -> None:
        """Delete a channel and its delivery history."""
        self.ctx.require_admin("remove notification channels")
        with self.ctx.transaction() as session:
            row = _get(session, name)
            session.delete(row)
            self.ctx.audit(session, f"notification channel {row.name} removed")

    def list(self) -> list[Channel]:
        """Every channel (targets masked) with the outcome of its last delivery attempt."""
        with self.ctx.read() as session:
            rows = session.scalars(select(m.NotifyChannelRow).order_by(m.NotifyChannelRow.name))
            last = notify_outbox.last_attempts(session)
            return [_channel(row, last.get(row.id)) for row in rows]

    def get(self, name: str) -> Channel:
        with self.ctx.read() as session:
            row = _get(session, name)
            return _channel(row, notify_outbox.last_attempts(session, row.id).get(row.id))

    def failing(self) -> list[Channel]:
        """Channels whose last delivery attempt failed (retrying or given up), for the dashboard."""
        return [c for c in self.list() if c.last_status is not None and c.last_error]

    # ------------------------------------------------------------------ queueing

    def enqueue_for_run(self, run_id: int, diff_provider: DiffProvider) -> list[int]:
        """Queue the events of a closed run for every channel that wants them; delivery ids.

        Call it after the run's commit and close, from the process that ran it."""
        filters = self._filters()
        if not filters:
            return []

        def wanted(kind: NotifyEventKind, tags: frozenset[str]) -> bool:
            return any(f.wants(kind, tags) for f in filters)

        found = run_events(self.ctx, run_id, diff_provider, wanted)
        everywhere = frozenset().union(*found.device_tags.values())

        def tags_of(event: NotifyEvent) -> frozenset[str]:
            if event.kind is NotifyEventKind.RUN_FINISHED:
                return everywhere
            return found.device_tags.get(event.hostname, frozenset())

        return self._queue(filters, found.run, found.events, tags_of)

    def enqueue_compliance(
        self, changes: Iterable[ComplianceChange], run_id: int | None = None
    ) -> list[int]:
        """Queue ``compliance_changed`` events (from an evaluation) for the channels wanting them."""
        filters = self._filters()
        changes = list(changes)
        if not filters or not changes:
            return []
        with self.ctx.read() as session:
            tags = _tags_by_hostname(session, {c.hostname for c in changes})
            run_row = session.get(m.JobRunRow, run_id) if run_id is not None else None
            from netraven_tui.services import convert

            run = convert.job_run(run_row) if run_row is not None else None
        events = [
            NotifyEvent(
                NotifyEventKind.COMPLIANCE_CHANGED,
                job=run.job_name if run else "",
                run_id=run_id,
                hostname=c.hostname,
                status=c.new_status,
                message=c.detail,
                compliance=c,
            )
            for c in changes
        ]
        return self._queue(
            filters, run, events, lambda e: tags.get(e.hostname.lower(), frozenset())
        )

    def enqueue_test(self, name: str) -> int:
        """Queue a test message for one channel (`notify test`); returns the delivery id."""
        self.ctx.require_admin("test notification channels")
        channel = self.get(name)
        event = NotifyEvent(
            NotifyEventKind.RUN_FINISHED,
            job="notify-test",
            status="test",
            message=f"test notification for channel {channel.name}",
        )
        message = notify_render.Message(
            f"NetRaven: test of channel {channel.name}",
            f"This is a test notification from NetRaven for channel {channel.name}.\n",
            "info",
        )
        payload = _payload(channel.kind, [event], message)
        if channel.kind != APPRISE:  # an exec hook sees event "test"
            data = json.loads(payload)
            data["env"]["NETRAVEN_EVENT"] = "test"
            data["stdin"] = json.dumps({**json.loads(data["stdin"]), "event": "test"}, indent=2)
            payload = json.dumps(data)
        with self.ctx.transaction() as session:
            self.ctx.audit(session, f"notification channel {channel.name} tested")
            return self.outbox.add(session, channel.id, "test", message.title, None, None, payload)

    def target(self, channel_id: int) -> Target:
        """The decrypted target of a channel, for the sender only (never print it)."""
        with self.ctx.read() as session:
            row = session.get(m.NotifyChannelRow, channel_id)
            if row is None:
                raise NotFound("notification channel", channel_id)
            value = self.ctx.secrets.decrypt(row.target_enc, f"the target of channel {row.name!r}")
            return Target(row.kind, value, row.target_masked)

    # ------------------------------------------------------------------ internals

    def _filters(self) -> list[_Filter]:
        with self.ctx.read() as session:
            rows = session.scalars(
                select(m.NotifyChannelRow).where(m.NotifyChannelRow.enabled.is_(True))
            )
            return [
                _Filter(
                    r.id, r.name, r.kind, frozenset(_split(r.events)), frozenset(_split(r.tags))
                )
                for r in rows
            ]

    def _queue(self, filters, run: JobRun | None, events, tags_of) -> list[int]:
        ids: list[int] = []
        with self.ctx.transaction() as session:
            for channel in filters:
                mine = [e for e in events if channel.wants(e.kind, tags_of(e))]
                if not mine:
                    continue
                run_id = run.id if run is not None else None
                if channel.kind == APPRISE:
                    message = notify_render.digest(run, mine)
                    payload = _payload(channel.kind, mine, message)
                    summary = notify_render.summary(mine)
                    ids.append(
                        self.outbox.add(
                            session, channel.id, "digest", summary, run_id, None, payload
                        )
                    )
                    continue
                for event in mine:
                    payload = _payload(channel.kind, [event], None)
                    summary = notify_render.summary([event])
                    ids.append(
                        self.outbox.add(
                            session,
                            channel.id,
                            event.kind.value,
                            summary,
                            run_id,
                            event.hostname or None,
                            payload,
                        )
                    )
        return ids


def parse_events(values: Sequence[str]) -> tuple[str, ...]:
    """Event names from the command line; empty means the defaults, ``all`` means every one."""
    names = [v.strip().lower() for v in values if v.strip()]
    if not names:
        return DEFAULT_EVENTS
    if "all" in names:
        return ALL_EVENTS
    unknown = [n for n in names if n not in ALL_EVENTS]
    if unknown:
        raise ValidationError(
            "events", f"{unknown[0]!r} is not an event (known: all, {', '.join(ALL_EVENTS)})"
        )
    return tuple(dict.fromkeys(names))


def _payload(kind: str, events: Sequence[NotifyEvent], message) -> str:
    if kind == APPRISE:
        return json.dumps(
            {"title": message.title, "body": message.body, "severity": message.severity}
        )
    [event] = events
    return json.dumps(
        {
            "stdin": json.dumps(notify_render.event_json(event), indent=2),
            "env": notify_render.event_env(event),
        }
    )


def _channel(row: m.NotifyChannelRow, last=None) -> Channel:
    return Channel(
        id=row.id,
        name=row.name,
        kind=row.kind,
        target=row.target_masked,
        events=tuple(_split(row.events)),
        tags=tuple(_split(row.tags)),
        enabled=row.enabled,
        created_at=row.created_at,
        last_status=last.status if last else None,
        last_error=last.last_error if last else "",
        last_attempt_at=last.last_attempt_at if last else None,
    )


def _split(text: str) -> list[str]:
    return [part for part in (text or "").split(",") if part]


def _existing_tags(session: Session, tags: Sequence[str]) -> list[str]:
    names = [validation.name(t, "tags") for t in tags if t.strip()]
    known = set(session.scalars(select(m.TagRow.name).where(m.TagRow.name.in_(names))))
    missing = [n for n in names if n not in known]
    if missing:
        raise ValidationError("tags", f"tag {missing[0]!r} does not exist")
    return list(dict.fromkeys(names))


def _tags_by_hostname(session: Session, hostnames: set[str]) -> dict[str, frozenset[str]]:
    keys = [h.lower() for h in hostnames]
    rows = session.scalars(
        select(m.DeviceRow)
        .options(selectinload(m.DeviceRow.tags))
        .where(m.DeviceRow.hostname_key.in_(keys))
    )
    return {row.hostname_key: frozenset(t.name for t in row.tags) for row in rows}


def _find(session: Session, name: str) -> m.NotifyChannelRow | None:
    return session.scalars(
        select(m.NotifyChannelRow).where(m.NotifyChannelRow.name == name.strip().lower())
    ).first()


def _get(session: Session, name: str) -> m.NotifyChannelRow:
    row = _find(session, name)
    if row is None:
        raise NotFound("notification channel", name)
    return row
