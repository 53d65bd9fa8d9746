"""Devices: the inventory. Hostnames are unique, and so is address + port; every device carries `all`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TextIO

from sqlalchemy import DateTime, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    SYSTEM_TAG,
    BackupCounts,
    Conflict,
    Device,
    DeviceInput,
    DeviceListing,
    ImportProblem,
    ImportReport,
    ValidationError,
)
from netraven_tui.services import convert, validation
from netraven_tui.services.atomic_file import write_atomically
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.device_csv import read_device_csv, utf8_lines, write_device_csv
from netraven_tui.services.device_import import import_devices
from netraven_tui.services.device_listing import read_backup_counts, read_listing, read_stamp
from netraven_tui.services.jump_hosts import clean_jump
from netraven_tui.services.lookup import get_or_not_found
from netraven_tui.services.tags import resolve_tags, system_tag

DeviceKey = int | str  # id, or hostname (case-insensitive)
ID_CHUNK = 500  # ids per IN (...) list
TAG_SEPARATOR = "\x1f"  # the ASCII unit separator: never in a tag name (they are validated)


@dataclass(frozen=True, slots=True)
class CleanDevice:
    """A DeviceInput after validation: normalised values, ready to store."""

    hostname: str
    address: str
    platform: str
    port: int
    tags: tuple[str, ...]
    description: str
    serial: str
    model: str
    enabled: bool
    site: str = ""


class DeviceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ queries

    def get(self, key: DeviceKey) -> Device:
        with self.ctx.read() as session:
            return self._to_device(get_or_not_found(session, m.DeviceRow, key, "device"))

    def list(
        self,
        tag: str | None = None,
        search: str | None = None,
        site: str | None = None,
        ids: Collection[int] | None = None,
        first: int | None = None,
    ) -> list[Device]:
        """Devices ordered by hostname, optionally only those with ``tag``, in ``site`` ("" is
        no site), matching ``search`` or among ``ids`` (the devices a run just reported: a keyed
        refresh of a few rows); with ``first``, only that many (a screen's first page, painted
        while the rest loads).

        Plain column queries (no ORM objects), and one string of tag names per device built by
        SQLite: 50,000 devices with 10 tags each would otherwise be 500,000 result rows.
        """
        if ids is not None:
            wanted = sorted(set(ids))
            found: list[Device] = []
            for start in range(0, len(wanted), ID_CHUNK):  # SQLite's bound-parameter limit
                found.extend(self._list(tag, search, site, wanted[start : start + ID_CHUNK]))
            return sorted(found, key=lambda device: device.hostname.lower())[:first]
        return self._list(tag, search, site, None, first)

    def _list(
        self,
        tag: str | None,
        search: str | None,
        site: str | None,
        ids: list[int] | None,
        first: int | None = None,
    ) -> list[Device]:
        d = m.DeviceRow.__table__.c
        query = (
            select(
                d.id,
                d.hostname,
                d.address,
                d.platform,
                d.port,
                d.description,
                d.serial,
                d.model,
                d.enabled,
                d.site,
                # the dialect's own datetime (naive UTC on SQLite), made aware below:
                # the UTC type's per-value hook costs a fifth of reading 50,000 devices
                type_coerce(d.last_backup_at, DateTime(timezone=True)),
                d.last_backup_status,
                d.last_backup_error,
                type_coerce(d.last_reach_at, DateTime(timezone=True)),
                d.last_reach_ok,
                d.last_reach_latency_ms,
                m.CredentialRow.name.label("credential"),
                d.jump_host,
                d.jump_credential,
            )
            .select_from(
                m.DeviceRow.__table__.outerjoin(
                    m.CredentialRow, m.CredentialRow.id == d.last_credential_id
                )
            )
            .order_by(d.hostname_key)
        )
        if tag:
            tagged = (
                select(m.device_tags.c.device_id)
                .join(m.TagRow, m.TagRow.id == m.device_tags.c.tag_id)
                .where(m.TagRow.name == tag.strip().lower())
            )
            query = query.where(d.id.in_(tagged))
        if site is not None:
            query = query.where(d.site == site.strip().lower())
        if search:
            like = f"%{search.strip().lower()}%"
            query = query.where(or_(d.hostname_key.like(like), d.address.like(like)))
        link = m.device_tags.c
        names = select(
            link.device_id.label("device_id"),
            func.aggregate_strings(m.TagRow.name, TAG_SEPARATOR).label("names"),
        ).join(m.TagRow, m.TagRow.id == link.tag_id)
        if ids is not None:
            query = query.where(d.id.in_(ids))
            names = names.where(link.device_id.in_(ids))
        if first is not None:
            query = query.limit(first)
            # the first page's devices only: a correlated read of their few tags
            tags_of = (
                select(func.aggregate_strings(m.TagRow.name, TAG_SEPARATOR))
                .join(m.device_tags, m.TagRow.id == link.tag_id)
                .where(link.device_id == d.id)
                .scalar_subquery()
            )
            query = query.add_columns(tags_of)
        else:
            # One grouped pass over the links, joined to the devices: one result row per device
            # and a single fetch (a second query's 50,000 rows cost as much as the devices).
            grouped = names.group_by(link.device_id).subquery()
            query = query.add_columns(grouped.c.names).outerjoin(
                grouped, grouped.c.device_id == d.id
            )
        with self.ctx.read() as session:
            rows = session.connection().execute(query).all()  # Core rows: no ORM processing
        # The aggregate's order is unspecified (group_concat on SQLite, string_agg on
        # PostgreSQL): each device's few names are sorted here.
        # Positional, in the dataclass's field order: keyword passing and attribute access on
        # 50,000 result rows cost more than the query. Datetimes made aware inline.
        return [
            Device(
                id_,
                hostname,
                address,
                platform,
                port,
                tuple(sorted(joined.split(TAG_SEPARATOR))) if joined else (),
                description,
                serial,
                model,
                enabled,
                site_,
                backup_at.replace(tzinfo=UTC) if backup_at and not backup_at.tzinfo else backup_at,
                backup_status,
                backup_error,
                reach_at.replace(tzinfo=UTC) if reach_at and not reach_at.tzinfo else reach_at,
                reach_ok,
                latency,
                credential,
                jump_host or "",
                jump_credential or "",
            )
            for (
                id_,
                hostname,
                address,
                platform,
                port,
                description,
                serial,
                model,
                enabled,
                site_,
                backup_at,
                backup_status,
                backup_error,
                reach_at,
                reach_ok,
                latency,
                credential,
                jump_host,
                jump_credential,
                joined,
            ) in rows
        ]

    def listing(
        self,
        ids: Collection[int] | None = None,
        first: int | None = None,
        failed_only: bool = False,
    ) -> list[DeviceListing]:
        """What the devices table shows of every device (or of those among ``ids``, a run's
        devices; with ``first``, only that many; ``failed_only``: those whose last backup
        failed), ordered by hostname: plain tuples of the columns it lists (see
        ``device_listing``); :meth:`get` reads a device in full."""
        return read_listing(self.ctx, ids, first, failed_only)

    def backup_counts(self) -> BackupCounts:
        """How many devices are ok, failed, never backed up, unreachable (one query)."""
        return read_backup_counts(self.ctx)

    def stamp(self) -> tuple[object, ...]:
        """A value that changes whenever :meth:`listing` would (a console polls it to show
        what other processes did without reading 50,000 devices every few seconds)."""
        return read_stamp(self.ctx)

    def hostnames(self) -> list[str]:
        """Every device's hostname, ordered (a form's completion: one column, not 50,000
        devices with their tags)."""
        d = m.DeviceRow.__table__.c
        with self.ctx.read() as session:
            return list(session.scalars(select(d.hostname).order_by(d.hostname_key)))

    def count(self) -> int:
        with self.ctx.read() as session:
            return session.scalar(select(func.count()).select_from(m.DeviceRow)) or 0

    # ------------------------------------------------------------------ changes

    def validate(self, data: DeviceInput) -> CleanDevice:
        """Check every field of ``data`` without touching the database."""
        return CleanDevice(
            hostname=validation.hostname(data.hostname),
            address=validation.address(data.address),
            platform=validation.platform(data.platform, self.ctx.platforms),
            port=validation.port(data.port),
            tags=validation.tag_names(data.tags),
            description=validation.text(data.description, "description"),
            serial=validation.text(data.serial, "serial", 128),
            model=validation.text(data.model, "model", 128),
            enabled=bool(data.enabled),
            site=validation.site(data.site),
        )

    def create(self, data: DeviceInput, create_missing_tags: bool = False) -> Device:
        """Add a device; a duplicate hostname or address is a Conflict naming the other device."""
        self.ctx.require_edit("add devices")
        clean = self.validate(data)
        with self.ctx.transaction() as session:
            _check_unique(session, clean)
            row = m.DeviceRow(created_at=self.ctx.now(), updated_at=self.ctx.now())
            _apply(self.ctx, session, row, clean, create_missing_tags)
            if data.jump_host:
                row.jump_host, row.jump_credential = clean_jump(
                    session, data.jump_host, data.jump_credential
                )
            session.add(row)
            session.flush()
            self.ctx.audit(
                session,
                f"device {row.hostname} created ({_summary(clean, row)})",
                device_id=row.id,
                hostname=row.hostname,
            )
            return self._to_device(row)

    def update(
        self, key: DeviceKey, data: DeviceInput, create_missing_tags: bool = False
    ) -> Device:
        """Replace every field of a device; a renamed device keeps its id and history."""
        self.ctx.require_edit("edit devices")
        clean = self.validate(data)
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.DeviceRow, key, "device")
            _check_unique(session, clean, exclude_id=row.id)
            before = row.hostname
            _apply(self.ctx, session, row, clean, create_missing_tags)
            if data.jump_host is not None:  # None: the device keeps its jump host
                row.jump_host, row.jump_credential = clean_jump(
                    session, data.jump_host, data.jump_credential
                )
            row.updated_at = self.ctx.now()
            renamed = f" (renamed from {before})" if before != row.hostname else ""
            self.ctx.audit(
                session,
                f"device {row.hostname} updated{renamed} ({_summary(clean, row)})",
                device_id=row.id,
                hostname=row.hostname,
            )
            return self._to_device(row)

    def delete(self, key: DeviceKey) -> None:
        """Delete a device from the inventory. Its configuration history stays in git."""
        self.ctx.require_edit("delete devices")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.DeviceRow, key, "device")
            session.delete(row)
            self.ctx.audit(
                session, f"device {row.hostname} deleted", device_id=row.id, hostname=row.hostname
            )

    def export_csv(self, target: Path | str | TextIO, tag: str | None = None) -> int:
        """Write the inventory (or one tag's devices) as an import CSV; returns how many devices.

        A file is written atomically (temporary file in its folder, then renamed); every export
        is audited, since the file leaves the program's control.
        """
        devices = self.list(tag=tag)
        if isinstance(target, str | Path):
            where = str(Path(target).expanduser())
            count = write_atomically(Path(where), lambda handle: write_device_csv(devices, handle))
        else:
            where = "standard output"
            count = write_device_csv(devices, target)
        with self.ctx.transaction() as session:
            scope = f" of tag {tag}" if tag else ""
            self.ctx.audit(session, f"device export: {count} devices{scope} written to {where}")
        return count

    def import_csv(self, source: Path | str | TextIO, update: bool = False) -> ImportReport:
        """Import an inventory CSV (a path or an open text stream), streaming its rows.

        Each bad row is reported as ``line N: reason`` and skipped; a file that cannot be used at
        all (missing, not UTF-8, bad header) raises ValidationError('file').
        """
        self.ctx.require_edit("import devices")
        if not isinstance(source, str | Path):
            return self.import_rows(read_device_csv(source, "CSV"), update)
        path = Path(source).expanduser()
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise ValidationError("file", f"{path} does not exist") from None
        except IsADirectoryError:
            raise ValidationError("file", f"{path} is a directory, not a CSV file") from None
        except OSError as error:
            raise ValidationError("file", f"{path} cannot be read: {error.strerror}") from None
        with handle:
            return self.import_rows(read_device_csv(utf8_lines(handle, path), str(path)), update)

    def import_rows(
        self, rows: Iterable[tuple[int, DeviceInput] | ImportProblem], update: bool = False
    ) -> ImportReport:
        """Import numbered rows (streamed) in one transaction; see :meth:`import_csv`.

        Tags that do not exist yet are created. With ``update`` an existing hostname is overwritten.
        """
        self.ctx.require_edit("import devices")
        return import_devices(self.ctx, rows, self.validate, update)

    def _to_device(self, row: m.DeviceRow) -> Device:
        return convert.device(
            row, credential=row.last_credential.name if row.last_credential else None
        )


def _apply(
    ctx: ServiceContext,
    session: Session,
    row: m.DeviceRow,
    clean: CleanDevice,
    create_missing: bool,
) -> None:
    row.hostname = clean.hostname
    row.hostname_key = clean.hostname.lower()
    row.address = clean.address
    row.platform = clean.platform
    row.port = clean.port
    row.description = clean.description
    row.serial = clean.serial
    row.model = clean.model
    row.enabled = clean.enabled
    row.site = clean.site
    names = [name for name in clean.tags if name != SYSTEM_TAG]
    row.tags = [system_tag(session), *resolve_tags(ctx, session, names, create_missing)]


def _check_unique(session: Session, clean: CleanDevice, exclude_id: int | None = None) -> None:
    others = select(m.DeviceRow)
    if exclude_id is not None:
        others = others.where(m.DeviceRow.id != exclude_id)
    same_name = session.scalars(
        others.where(m.DeviceRow.hostname_key == clean.hostname.lower())
    ).first()
    if same_name is not None:
        raise Conflict("hostname", f"a device named {same_name.hostname!r} already exists")
    same_address = session.scalars(
        others.where(m.DeviceRow.address == clean.address, m.DeviceRow.port == clean.port)
    ).first()
    if same_address is not None:
        raise Conflict(
            "address", f"{_endpoint(clean)} is already used by {same_address.hostname!r}"
        )


def _endpoint(clean: CleanDevice) -> str:
    return f"address {clean.address} port {clean.port}"


def _summary(clean: CleanDevice, row: m.DeviceRow | None = None) -> str:
    tags = ",".join(clean.tags) or "-"
    site = f", site {clean.site}" if clean.site else ""
    jump = f", jump host {row.jump_host}" if row is not None and row.jump_host else ""
    return (
        f"address {clean.address}, platform {clean.platform}, port {clean.port}, "
        f"tags {tags}{site}{jump}"
    )
