"""Builds a JobRunner with every job kind the installation supports."""

from __future__ import annotations

from netraven_tui.domain import Actor, JobKind
from netraven_tui.runtime.events import EventBus
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.services import Services


def make_runner(
    services: Services,
    bus: EventBus | None = None,
    store=None,
    compliance=None,
    notifier=None,
) -> JobRunner:
    """The runner used by the CLI, the scheduler and the console.

    After each closed run, in this order: compliance of the changed devices is evaluated
    (``compliance``: a ComplianceEvaluator, made here when not given), then, with a ``notifier``
    (runtime.notify.notifier.Notifier), the run's notifications and the compliance changes are
    queued. Runs are asked for as ``services``' actor; the backup engine reads the decrypted
    credentials as the program itself.
    """
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.runtime.compliance import ComplianceEvaluator
    from netraven_tui.runtime.plans.backup import BackupPlan

    store = store or GitStore(services.ctx.settings.locations.repo)
    engine = services.as_actor(Actor.system("runner"))
    runner = JobRunner(
        services, bus, plans={JobKind.BACKUP: lambda run: BackupPlan(engine, store, run)}
    )
    evaluator = compliance or ComplianceEvaluator(services, store)
    if notifier is not None:

        def compliance_then_notify(run, outcomes) -> None:
            changes = evaluator.after_run(run, outcomes)
            if changes is not None and changes.changes:
                notifier.after_compliance(changes.changes, run.id)
            notifier.after_run(run)

        runner.after_run.append(compliance_then_notify)
    else:
        runner.after_run.append(evaluator.after_run)
    return runner
