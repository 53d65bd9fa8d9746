"""The shape every job kind's plan has, and what it hands back when the devices are done."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from netraven_tui.domain import (
    CredentialSecret,
    DeviceCapture,
    DeviceOutcome,
    DeviceTarget,
    JobRun,
    NewConfigVersion,
)
from netraven_tui.runtime.device_work import DeviceWork


@dataclass(frozen=True, slots=True)
class PlanResult:
    """The git commit a run made (None: nothing changed) and the versions that commit holds.

    The runner stores both with the run's close, in the same transaction as its status.
    """

    commit: str | None = None
    versions: tuple[NewConfigVersion, ...] = ()
    problem: str = ""  # a run-level fault the devices met (e.g. the repository is full)


class RunPlan:
    """What a job kind does per device and once at the end (the backup plan commits to git).

    A device's work runs either whole in the run's process (``task``), or split for an executor
    that sends it elsewhere (a worker process, a site's collector): ``work`` describes it as
    plain data, it is done there, and ``accept`` finishes it here (the backup stages the blob).
    """

    # The device work is CPU-bound enough to be worth worker processes (SSH handshakes).
    cpu_heavy = False

    def prepare(self, targets: Sequence[DeviceTarget]) -> None:
        """Called once with every target before the first task (bulk look-ups go here)."""

    def task(
        self, device: DeviceTarget, cancel: threading.Event
    ) -> DeviceOutcome:  # pragma: no cover
        raise NotImplementedError

    def work(self, device: DeviceTarget) -> DeviceWork | None:
        """The device's work as plain data, or None when it can only run as ``task`` here."""
        return None

    def credentials(self, device: DeviceTarget) -> Sequence[CredentialSecret]:
        """The logins to try, for an executor that does the work without the database."""
        return ()

    def accept(self, capture: DeviceCapture) -> DeviceOutcome:
        """Finish a device whose work was done elsewhere (called in the run's process)."""
        return capture.outcome

    def finish(self, run: JobRun, outcomes: list[DeviceOutcome]) -> PlanResult:
        """Called once after every device is done; never writes the database itself."""
        return PlanResult()

    def after_close(self, run: JobRun) -> None:
        """Called once the run is closed (the backup pushes its commit to ``git_remote``)."""
