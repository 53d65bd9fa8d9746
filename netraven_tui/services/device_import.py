"""Bulk device import: rows streamed from a CSV into the database in batches, one transaction.

Memory stays flat whatever the file's size: rows are read one at a time, written with Core
statements in batches of :data:`BATCH` (no ORM object per device), and the only per-device state
kept is a small index of the hostnames and addresses already taken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    SYSTEM_TAG,
    DeviceInput,
    ImportProblem,
    ImportReport,
    ValidationError,
)
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.jump_hosts import clean_jump
from netraven_tui.services.tags import resolve_tags, system_tag

BATCH = 500

ImportItem = tuple[int, DeviceInput] | ImportProblem


def import_devices(
    ctx: ServiceContext,
    items: Iterable[ImportItem],
    validate: Callable[[DeviceInput], Any],
    update: bool = False,
) -> ImportReport:
    """Import numbered rows in one transaction; bad and duplicate rows are reported, not saved.

    ``items`` may hold ImportProblems (rows the reader could not parse): they are reported as they
    are. Tags that do not exist yet are created. With ``update`` an existing hostname is overwritten.
    """
    with ctx.transaction() as session:
        state = _ImportState.load(session)
        for item in items:
            if isinstance(item, ImportProblem):
                state.problems.append(item)
                continue
            line, data = item
            try:
                clean = validate(data)
                jump = state.jump(session, data)
            except ValidationError as error:
                state.problems.append(ImportProblem(line, str(error)))
                continue
            problem = state.check(line, clean, update)
            if problem is not None:
                state.problems.append(ImportProblem(line, problem))
                continue
            tag_ids = _tag_ids(ctx, session, state, clean.tags)
            state.add(line, clean, tag_ids, ctx.now(), jump)
            if len(state.pending) >= BATCH:
                state.write(session)
        state.write(session)
        ctx.audit(
            session,
            f"device import: {len(state.created)} created, {len(state.updated)} updated, "
            f"{len(state.problems)} skipped",
        )
    return ImportReport(
        tuple(state.created),
        tuple(state.updated),
        tuple(sorted(state.problems, key=lambda p: p.line)),
        tuple(sorted(state.new_tags)),
    )


@dataclass
class _ImportState:
    # hostname key -> (device id, hostname, (address, port)); address+port -> hostname key
    devices: dict[str, tuple[int, str, tuple[str, int]]]
    addresses: dict[tuple[str, int], str]
    tags: dict[str, int]
    seen: dict[str, int] = field(default_factory=dict)  # hostname key -> line in this file
    pending: list[tuple[int | None, dict[str, Any], tuple[int, ...]]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    new_tags: list[str] = field(default_factory=list)
    # (jump host, credential) as typed -> its stored form: most rows share one bastion.
    jumps: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> _ImportState:
        d = m.DeviceRow.__table__.c
        devices: dict[str, tuple[int, str, tuple[str, int]]] = {}
        addresses: dict[tuple[str, int], str] = {}
        for row in session.execute(select(d.id, d.hostname_key, d.hostname, d.address, d.port)):
            devices[row.hostname_key] = (row.id, row.hostname, (row.address, row.port))
            addresses[(row.address, row.port)] = row.hostname_key
        tags = {
            name: tag_id for name, tag_id in session.execute(select(m.TagRow.name, m.TagRow.id))
        }
        if SYSTEM_TAG not in tags:
            tags[SYSTEM_TAG] = system_tag(session).id
        return cls(devices, addresses, tags)

    def check(self, line: int, clean, update: bool) -> str | None:
        """Why this row cannot be saved, or None."""
        key = clean.hostname.lower()
        if key in self.seen:
            return f"duplicate hostname {clean.hostname!r} (also on line {self.seen[key]})"
        owner = self.addresses.get((clean.address, clean.port))
        if owner is not None and owner != key:
            other = self.devices[owner][1]
            return f"address {clean.address} port {clean.port} is already used by {other!r}"
        if key in self.devices and not update:
            return f"device {clean.hostname!r} already exists (use --update to overwrite)"
        return None

    def jump(self, session: Session, data: DeviceInput) -> tuple[str, str] | None:
        """The row's own jump host and credential as stored, None when the file has no
        jump_host column (an existing device keeps its own); ValidationError if bad."""
        if data.jump_host is None:
            return None
        key = (data.jump_host, data.jump_credential)
        if key not in self.jumps:
            self.jumps[key] = clean_jump(session, data.jump_host, data.jump_credential)
        return self.jumps[key]

    def add(
        self, line: int, clean, tag_ids: tuple[int, ...], now, jump: tuple[str, str] | None
    ) -> None:
        key = clean.hostname.lower()
        self.seen[key] = line
        values = {
            "hostname": clean.hostname,
            "hostname_key": key,
            "address": clean.address,
            "platform": clean.platform,
            "port": clean.port,
            "description": clean.description,
            "serial": clean.serial,
            "model": clean.model,
            "enabled": clean.enabled,
            "site": clean.site,
            "updated_at": now,
        }
        endpoint = (clean.address, clean.port)
        existing = self.devices.get(key)
        if jump is not None or existing is None:
            values["jump_host"], values["jump_credential"] = jump or ("", "")
        if existing is None:
            values["created_at"] = now
            self.created.append(clean.hostname)
            device_id = None  # known once the batch is written
        else:
            self.updated.append(clean.hostname)
            device_id = existing[0]
            self.addresses.pop(existing[2], None)  # the old address is free for later rows
        self.devices[key] = (device_id or 0, clean.hostname, endpoint)
        self.addresses[endpoint] = key
        self.pending.append((device_id, values, tag_ids))

    def write(self, session: Session) -> None:
        """Write the pending rows: updates first (they may free an address a new row takes),
        then the new devices in one multi-row insert, then their tag links."""
        if not self.pending:
            return
        devices = m.DeviceRow.__table__
        links: list[dict[str, int]] = []
        changed = [(i, values, tag_ids) for i, values, tag_ids in self.pending if i is not None]
        if changed:
            session.execute(
                update(devices).where(devices.c.id == bindparam("device_id")),
                [{**values, "device_id": device_id} for device_id, values, _ in changed],
            )
            session.execute(
                delete(m.device_tags).where(
                    m.device_tags.c.device_id.in_([device_id for device_id, _, _ in changed])
                )
            )
            for device_id, _, tag_ids in changed:
                links.extend({"device_id": device_id, "tag_id": t} for t in tag_ids)
        new = [
            (values, tag_ids) for device_id, values, tag_ids in self.pending if device_id is None
        ]
        if new:
            ids = session.execute(
                insert(devices).returning(devices.c.id, sort_by_parameter_order=True),
                [values for values, _ in new],
            ).scalars()
            for device_id, (values, tag_ids) in zip(ids, new, strict=True):
                key = values["hostname_key"]
                self.devices[key] = (device_id, *self.devices[key][1:])
                links.extend({"device_id": device_id, "tag_id": t} for t in tag_ids)
        if links:
            session.execute(insert(m.device_tags), links)
        self.pending.clear()


def _tag_ids(
    ctx: ServiceContext, session: Session, state: _ImportState, names: Iterable[str]
) -> tuple[int, ...]:
    wanted = [name for name in names if name != SYSTEM_TAG]
    missing = [name for name in wanted if name not in state.tags]
    if missing:
        for tag in resolve_tags(ctx, session, missing, create_missing=True):
            state.tags[tag.name] = tag.id
            state.new_tags.append(tag.name)
    return (state.tags[SYSTEM_TAG], *(state.tags[name] for name in wanted))
