"""Log entries: the record of jobs, connections, the system and every change (audit)."""

from __future__ import annotations

from sqlalchemy import func, select

from netraven_tui.db import models as m
from netraven_tui.domain import LogEntry, LogFilter, LogKind, LogLevel
from netraven_tui.services import convert
from netraven_tui.services.context import ServiceContext

_LEVEL_ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARNING, LogLevel.ERROR]


class LogService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def write(self, level: LogLevel, kind: LogKind, message: str, **ids: object) -> LogEntry:
        """Append a line as the program (system actor only): people's changes are audited by
        the services that make them, so nobody can write an audit line of their own."""
        self.ctx.require_system("write log entries")
        with self.ctx.transaction() as session:
            row = m.LogEntryRow(
                ts=self.ctx.now(),
                level=level,
                kind=kind,
                message=message,
                actor=self.ctx.actor.name,
                **ids,
            )
            session.add(row)
            session.flush()
            return convert.log_entry(row)

    def recent(
        self, limit: int = 200, before_id: int | None = None, where: LogFilter | None = None
    ) -> list[LogEntry]:
        """Newest first, at most ``limit``; page back with ``before_id``."""
        query = self._query(where).order_by(m.LogEntryRow.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(m.LogEntryRow.id < before_id)
        with self.ctx.read() as session:
            return [convert.log_entry(row) for row in session.scalars(query)]

    def after(
        self, after_id: int, limit: int = 1000, where: LogFilter | None = None
    ) -> list[LogEntry]:
        """Entries newer than ``after_id`` in order (to follow the table from another process)."""
        query = (
            self._query(where)
            .where(m.LogEntryRow.id > after_id)
            .order_by(m.LogEntryRow.id)
            .limit(limit)
        )
        with self.ctx.read() as session:
            return [convert.log_entry(row) for row in session.scalars(query)]

    def newest_id(self) -> int:
        """The id of the newest entry (0 when there is none): where a follower starts."""
        with self.ctx.read() as session:
            return session.scalar(select(func.max(m.LogEntryRow.id))) or 0

    def _query(self, where: LogFilter | None):
        query = select(m.LogEntryRow)
        if where is None:
            return query
        if where.level is not None:
            allowed = _LEVEL_ORDER[_LEVEL_ORDER.index(where.level) :]
            query = query.where(m.LogEntryRow.level.in_(allowed))
        if where.kind is not None:
            query = query.where(m.LogEntryRow.kind == where.kind)
        for column, value in (
            (m.LogEntryRow.job_id, where.job_id),
            (m.LogEntryRow.run_id, where.run_id),
            (m.LogEntryRow.device_id, where.device_id),
        ):
            if value is not None:
                query = query.where(column == value)
        if where.text:
            query = query.where(m.LogEntryRow.message.ilike(f"%{where.text}%"))
        return query
