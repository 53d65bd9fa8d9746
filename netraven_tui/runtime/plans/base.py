"""The shape every job kind's plan has, and what it hands back when the devices are done."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from netraven_tui.domain import DeviceOutcome, DeviceTarget, JobRun, NewConfigVersion


@dataclass(frozen=True, slots=True)
class PlanResult:
    """The git commit a run made (None: nothing changed) and the versions that commit holds.

    The runner stores both with the run's close, in the same transaction as its status.
    """

    commit: str | None = None
    versions: tuple[NewConfigVersion, ...] = ()
    problem: str = ""  # a run-level fault the devices met (e.g. the repository is full)


class RunPlan:
    """What a job kind does per device and once at the end (the backup plan commits to git)."""

    def prepare(self, targets: Sequence[DeviceTarget]) -> None:
        """Called once with every target before the first task (bulk look-ups go here)."""

    def task(
        self, device: DeviceTarget, cancel: threading.Event
    ) -> DeviceOutcome:  # pragma: no cover
        raise NotImplementedError

    def finish(self, run: JobRun, outcomes: list[DeviceOutcome]) -> PlanResult:
        """Called once after every device is done; never writes the database itself."""
        return PlanResult()
