"""Every live session of the server: the session limit, the idle time, ending them all."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netraven_tui.serve.spares import SparePool

if TYPE_CHECKING:
    from netraven_tui.serve.sessions import ServedSession


@dataclass
class SessionLimits:
    max_sessions: int
    idle_seconds: float


class SessionRegistry:
    """Every live session of the server: the session limit, and ending them all at shutdown."""

    def __init__(self, limits: SessionLimits, spares: SparePool | None = None) -> None:
        self.limits = limits
        self.spares = spares
        self.sessions: set[ServedSession] = set()

    def admit(self, session: ServedSession) -> bool:
        if len(self.sessions) >= self.limits.max_sessions:
            return False
        self.sessions.add(session)
        return True

    async def close_all(self, reason: str) -> None:
        await asyncio.gather(
            *(s.close(reason) for s in list(self.sessions)), return_exceptions=True
        )
