"""SSH host keys: pinned per device (and per jump host) on first use, trusted by hand after.

The engine compares the key a device presents with the pin it is handed (``pins``) before it
sends anything; the run's batch writer pins a first key and moves "last seen"
(:func:`record_seen`); ``trust`` replaces a pin with the key a device presents now, audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    DeviceOutcome,
    HostKey,
    HostKeyPolicy,
    HostKeySeen,
    ValidationError,
)
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.lookup import get_or_not_found


class HostKeyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def policy(self) -> HostKeyPolicy:
        """The installation's ``host_key_policy`` setting."""
        return HostKeyPolicy(self.ctx.settings.host_key_policy)

    def pins(self, device_ids: Iterable[int] | None = None) -> dict[int, HostKey]:
        """Pinned keys by device id (every device's when ``device_ids`` is None)."""
        query = select(m.HostKeyRow).where(m.HostKeyRow.device_id.is_not(None))
        wanted = None if device_ids is None else set(device_ids)
        with self.ctx.read() as session:
            return {
                row.device_id: _key(row)
                for row in session.scalars(query)
                if row.device_id is not None and (wanted is None or row.device_id in wanted)
            }

    def jump_pins(self) -> dict[str, HostKey]:
        """Pinned keys of jump hosts, by ``host:port``."""
        query = select(m.HostKeyRow).where(m.HostKeyRow.endpoint.is_not(None))
        with self.ctx.read() as session:
            return {row.endpoint: _key(row) for row in session.scalars(query) if row.endpoint}

    def get(self, device_key: int | str) -> HostKey | None:
        """The key pinned for a device (id or hostname), or None."""
        with self.ctx.read() as session:
            device = get_or_not_found(session, m.DeviceRow, device_key, "device")
            row = session.scalar(select(m.HostKeyRow).where(m.HostKeyRow.device_id == device.id))
            return _key(row) if row is not None else None

    def trust(
        self, device_key: int | str, presented: HostKeySeen, expected: str | None = None
    ) -> HostKey:
        """Pin ``presented`` as the device's key (replacing any pin), audited.

        ``expected``: the fingerprint the user was told out of band (``SHA256:...``); a key
        that does not match it is refused (ValidationError on ``fingerprint``).
        """
        self.ctx.require_edit("trust host keys")
        _check_expected(presented, expected)
        with self.ctx.transaction() as session:
            device = get_or_not_found(session, m.DeviceRow, device_key, "device")
            row = session.scalar(select(m.HostKeyRow).where(m.HostKeyRow.device_id == device.id))
            old = _key(row) if row is not None else None
            row = self._pin(session, row, presented, device_id=device.id)
            self.ctx.audit(
                session, _trusted(f"device {device.hostname}", old, presented), device_id=device.id
            )
            return _key(row)

    def trust_jump(
        self, endpoint: str, presented: HostKeySeen, expected: str | None = None
    ) -> HostKey:
        """Pin ``presented`` as the key of the jump host at ``endpoint`` (``host:port``)."""
        self.ctx.require_edit("trust host keys")
        _check_expected(presented, expected)
        with self.ctx.transaction() as session:
            row = session.scalar(select(m.HostKeyRow).where(m.HostKeyRow.endpoint == endpoint))
            old = _key(row) if row is not None else None
            row = self._pin(session, row, presented, endpoint=endpoint)
            self.ctx.audit(session, _trusted(f"jump host {endpoint}", old, presented))
            return _key(row)

    def _pin(
        self,
        session: Session,
        row: m.HostKeyRow | None,
        key: HostKeySeen,
        device_id: int | None = None,
        endpoint: str | None = None,
    ) -> m.HostKeyRow:
        now = self.ctx.now()
        if row is None:
            row = m.HostKeyRow(device_id=device_id, endpoint=endpoint)
            session.add(row)
        row.algorithm, row.fingerprint, row.public_key = (
            key.algorithm,
            key.fingerprint,
            key.public_key,
        )
        row.first_seen = row.last_seen = now
        row.trusted_by = self.ctx.actor.name
        session.flush()
        return row


def record_seen(session: Session, outcomes: Sequence[DeviceOutcome], now: datetime) -> None:
    """Pin the first key of each device (and jump host) seen, and move "last seen" of a pin
    that matched. A failed outcome may carry the key too (the login or enable failed after the
    key exchange): trust on first use pins the first key met, not the first good backup's. A
    pin is never replaced here: that is ``trust``'s job."""
    devices = {o.device.id: o.host_key for o in outcomes if o.host_key is not None}
    jumps = {
        o.jump_endpoint: o.jump_key for o in outcomes if o.jump_key is not None and o.jump_endpoint
    }
    table = m.HostKeyRow.__table__
    if devices:
        known = dict(
            session.execute(
                select(table.c.device_id, table.c.fingerprint).where(
                    table.c.device_id.in_(list(devices))
                )
            ).all()
        )
        _write(session, table, table.c.device_id, "device_id", devices, known, now)
    if jumps:
        known = dict(
            session.execute(
                select(table.c.endpoint, table.c.fingerprint).where(
                    table.c.endpoint.in_(list(jumps))
                )
            ).all()
        )
        _write(session, table, table.c.endpoint, "endpoint", jumps, known, now)


def _write(session, table, column, name: str, seen: dict, known: dict, now: datetime) -> None:
    new = [
        {
            name: owner,
            "algorithm": key.algorithm,
            "fingerprint": key.fingerprint,
            "public_key": key.public_key,
            "first_seen": now,
            "last_seen": now,
            "trusted_by": None,
        }
        for owner, key in seen.items()
        if owner not in known
    ]
    if new:
        # Two runs may meet a new device at once: the second insert is a no-op, not an error.
        session.execute(_insert_ignoring_duplicates(session, table), new)
    same = [
        {"b_owner": owner, "b_now": now}
        for owner, key in seen.items()
        if known.get(owner) == key.fingerprint
    ]
    if same:
        session.execute(
            update(table)
            .where(column == bindparam("b_owner"))
            .values(last_seen=bindparam("b_now")),
            same,
        )


def _insert_ignoring_duplicates(session: Session, table):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def _check_expected(presented: HostKeySeen, expected: str | None) -> None:
    if expected is None:
        return
    wanted = expected.strip()
    if not wanted.startswith("SHA256:") or len(wanted) < 20:
        raise ValidationError(
            "fingerprint", f"expected SHA256:<base64> (as ssh-keygen -l prints it), got {wanted!r}"
        )
    if wanted.rstrip("=") != presented.fingerprint:
        raise ValidationError(
            "fingerprint",
            f"the device presents {presented.fingerprint}, not {wanted}: nothing was trusted",
        )


def _trusted(what: str, old: HostKey | None, new: HostKeySeen) -> str:
    if old is None:
        return f"host key of {what} trusted: {new.describe()}"
    if old.fingerprint == new.fingerprint:
        return f"host key of {what} trusted again: {new.describe()} (unchanged)"
    return f"host key of {what} trusted: {new.describe()}, replacing {old.describe()}"


def _key(row: m.HostKeyRow) -> HostKey:
    return HostKey(
        algorithm=row.algorithm,
        fingerprint=row.fingerprint,
        public_key=row.public_key,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        device_id=row.device_id,
        endpoint=row.endpoint or "",
        trusted_by=row.trusted_by,
    )
