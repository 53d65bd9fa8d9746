"""Everything the console needs from the runtime, started and stopped together."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from netraven_tui.domain import ConnectionStep
from netraven_tui.runtime.compliance import ComplianceEvaluator
from netraven_tui.runtime.configs import ConfigBrowser
from netraven_tui.runtime.events import EventBus
from netraven_tui.runtime.notify.notifier import Notifier
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.runtime.scheduler import Scheduler
from netraven_tui.services import Services

log = logging.getLogger(__name__)


@dataclass
class ConsoleRuntime:
    """The event bus, the job runner, the scheduler, the config history and the connection check."""

    services: Services
    bus: EventBus
    runner: JobRunner
    configs: ConfigBrowser
    test_connection: Callable[[int], Iterable[ConnectionStep]]
    scheduler: Scheduler | None = None
    compliance: ComplianceEvaluator | None = None
    notifier: Notifier | None = None

    def stop(self, grace_seconds: float | None = None) -> None:
        """Stop firing jobs and let running devices finish (up to the grace period)."""
        if self.scheduler is not None:
            self.scheduler.stop(grace_seconds)
        else:
            self.runner.shutdown(
                grace_seconds
                if grace_seconds is not None
                else self.services.ctx.settings.shutdown_grace_seconds
            )
        if self.notifier is not None:
            self.notifier.drain()
            self.notifier.stop()
        self.configs.store.close()


def start_console_runtime(services: Services, scheduler: bool = True) -> ConsoleRuntime:
    """Build the runtime; with ``scheduler`` the process competes for the leader lease."""
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.runtime.connection_check import connection_checker
    from netraven_tui.runtime.factory import make_runner

    bus = EventBus()
    store = GitStore(services.ctx.settings.locations.repo)
    compliance = ComplianceEvaluator(services, store)
    notifier = Notifier(services, store, bus=bus)
    runner = make_runner(services, bus, store, compliance, notifier)
    runtime = ConsoleRuntime(
        services,
        bus,
        runner,
        ConfigBrowser(services, store),
        connection_checker(services),
        compliance=compliance,
    )
    runtime.notifier = notifier
    if scheduler:
        runtime.scheduler = Scheduler(services, runner, bus)
        leader = runtime.scheduler
        notifier.pick_up_leftovers(lambda: leader.is_leader)
        runtime.scheduler.start()
    return runtime
