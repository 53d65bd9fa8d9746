"""Daily housekeeping in the leader: prune old run records and log entries, tidy orphaned runs.

The git repository is never pruned: configuration history is the product, not a by-product.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from netraven_tui.domain import Actor, LogKind, LogLevel
from netraven_tui.services import Services
from netraven_tui.services.runs import owner_is_dead_locally

log = logging.getLogger(__name__)

HOUSEKEEPING_JOB = "housekeeping"


@dataclass(frozen=True, slots=True)
class HousekeepingReport:
    runs_pruned: int
    logs_pruned: int
    interrupted: tuple[int, ...]
    retention_days: int


def run_housekeeping(services: Services) -> HousekeepingReport:
    """Delete finished runs and log entries older than ``retention_days``; mark dead runs interrupted.

    The program's own work: it acts as the system actor "housekeeping", whoever calls it."""
    services = services.as_actor(Actor.system("housekeeping"))
    days = services.ctx.settings.retention_days
    interrupted = tuple(services.runs.mark_interrupted(owner_is_dead_locally))
    runs, logs = services.runs.prune(days)
    services.notifications.outbox.prune(days)  # finished deliveries, like the runs they were about
    report = HousekeepingReport(runs, logs, interrupted, days)
    if runs or logs or interrupted:
        message = (
            f"housekeeping: pruned {runs} run records and {logs} log entries older than {days} days"
            + (f"; {len(interrupted)} orphaned runs marked interrupted" if interrupted else "")
        )
        services.logs.write(LogLevel.INFO, LogKind.SYSTEM, message)
        log.info(message)
    return report
