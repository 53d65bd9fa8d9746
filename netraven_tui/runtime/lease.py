"""The leader lease: one process's claim on the row that decides who fires scheduled jobs.

The holder renews the row every few seconds; anyone may take it over once it has expired.
The row I/O (a conditional UPDATE, so a race ends with one holder) is ``services.lease``; this
object is who claims it, for how long, and by which clock.
"""

from __future__ import annotations

import os
import secrets
import socket

from netraven_tui.domain import Actor, LeaderState, LeaseGrant
from netraven_tui.services import Services
from netraven_tui.services.context import Clock
from netraven_tui.services.lease import SCHEDULER_LEASE


class Lease:
    """One process's claim on a named lease row."""

    def __init__(
        self,
        services: Services,
        seconds: float | None = None,
        name: str = SCHEDULER_LEASE,
        host: str | None = None,
        pid: int | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.leases = services.as_actor(Actor.system("scheduler")).leases
        self.name = name
        self.seconds = float(
            seconds if seconds is not None else services.ctx.settings.lease_seconds
        )
        self.host = host or socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()
        # Two schedulers in one process (tests, a console and a worker) must not share a claim.
        self.holder = f"{self.host}:{self.pid}/{secrets.token_hex(3)}"
        self._clock = clock or services.now

    def acquire(self) -> LeaseGrant | None:
        """Take the lease if it is free or expired, renew it if held; None if someone else holds it."""
        return self.leases.acquire(
            self.name, self.holder, self.host, self.pid, self._clock(), self.seconds
        )

    def release(self) -> bool:
        """Give the lease up at once (only if we hold it), so another process need not wait."""
        return self.leases.release(self.name, self.holder)

    def read(self) -> LeaderState | None:
        """The lease as stored now (active or expired), or None when nobody has it."""
        return self.leases.read(self.name)
