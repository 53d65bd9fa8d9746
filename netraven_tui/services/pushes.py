"""Pushes of the configuration repository to ``git_remote``: each attempt, and the last one.

The dashboard shows the last push when it failed; ``job run`` prints it. A failed push loses
nothing (the commits stay in the local repository) and the next commit's push sends them all.
"""

from __future__ import annotations

from sqlalchemy import select

from netraven_tui.db import models as m
from netraven_tui.domain import LogKind, LogLevel, PushState
from netraven_tui.services.context import ServiceContext


class PushService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record(self, commit: str, ok: bool, message: str, run_id: int | None = None) -> PushState:
        """Store a push attempt with its log line (a warning when it failed). No credentials."""
        self.ctx.require_system("record git pushes")
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            session.add(m.RepoPushRow(run_id=run_id, commit=commit, ok=ok, message=message, at=now))
            session.add(
                m.LogEntryRow(
                    ts=now,
                    level=LogLevel.INFO if ok else LogLevel.WARNING,
                    kind=LogKind.SYSTEM,
                    message=f"git push of {commit[:10]}: {message}"
                    + ("" if ok else " (retried after the next commit; nothing is lost)"),
                    run_id=run_id,
                )
            )
        return PushState(ok, now, commit, message, run_id)

    def last(self) -> PushState | None:
        """The newest push attempt, or None when the repository was never pushed."""
        with self.ctx.read() as session:
            row = session.scalars(select(m.RepoPushRow).order_by(m.RepoPushRow.id.desc())).first()
            if row is None:
                return None
            return PushState(row.ok, row.at, row.commit, row.message, row.run_id)
