"""Builds a JobRunner with every job kind the installation supports."""

from __future__ import annotations

from netraven_tui.domain import JobKind
from netraven_tui.runtime.events import EventBus
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.services import Services


def make_runner(
    services: Services, bus: EventBus | None = None, store=None, notifier=None
) -> JobRunner:
    """The runner used by the CLI, the scheduler and the console; with a ``notifier``
    (runtime.notify.notifier.Notifier) every closed run queues its notifications."""
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.runtime.backup_plan import BackupPlan

    store = store or GitStore(services.ctx.settings.locations.repo)
    runner = JobRunner(
        services, bus, plans={JobKind.BACKUP: lambda run: BackupPlan(services, store, run)}
    )
    if notifier is not None:
        runner.after_run.append(notifier.after_run)
    return runner
