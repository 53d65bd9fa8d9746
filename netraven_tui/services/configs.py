"""The index of configuration versions (what git holds, kept in the DB so lists are instant)."""

from __future__ import annotations

from sqlalchemy import func, select

from netraven_tui.db import models as m
from netraven_tui.domain import ConfigVersion, NotFound
from netraven_tui.services import convert
from netraven_tui.services.context import ServiceContext


class ConfigService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def history(self, device_key: int | str, limit: int = 500) -> list[ConfigVersion]:
        """Versions of one device, newest first (a renamed device keeps its versions)."""
        with self.ctx.read() as session:
            device_id = _device_id(session, device_key)
            rows = session.scalars(
                select(m.ConfigVersionRow)
                .where(m.ConfigVersionRow.device_id == device_id)
                .order_by(m.ConfigVersionRow.id.desc())
                .limit(limit)
            )
            return [convert.config_version(row) for row in rows]

    def latest(self) -> dict[int, ConfigVersion]:
        """The newest version of every device that has one, by device id."""
        with self.ctx.read() as session:
            newest = (
                select(func.max(m.ConfigVersionRow.id))
                .where(m.ConfigVersionRow.device_id.is_not(None))
                .group_by(m.ConfigVersionRow.device_id)
            )
            rows = session.scalars(
                select(m.ConfigVersionRow).where(m.ConfigVersionRow.id.in_(newest))
            )
            return {
                row.device_id: convert.config_version(row)
                for row in rows
                if row.device_id is not None
            }

    def counts(self) -> dict[int, int]:
        """How many versions each device has, by device id (one grouped query)."""
        with self.ctx.read() as session:
            rows = session.execute(
                select(m.ConfigVersionRow.device_id, func.count())
                .where(m.ConfigVersionRow.device_id.is_not(None))
                .group_by(m.ConfigVersionRow.device_id)
            )
            return {device_id: count for device_id, count in rows}

    def recent(self, limit: int = 20) -> list[ConfigVersion]:
        """The latest configuration changes across all devices, newest first."""
        with self.ctx.read() as session:
            rows = session.scalars(
                select(m.ConfigVersionRow).order_by(m.ConfigVersionRow.id.desc()).limit(limit)
            )
            return [convert.config_version(row) for row in rows]


def _device_id(session, key: int | str) -> int:
    if isinstance(key, int):
        return key
    device_id = session.scalar(
        select(m.DeviceRow.id).where(m.DeviceRow.hostname_key == key.strip().lower())
    )
    if device_id is None:
        raise NotFound("device", key)
    return device_id
