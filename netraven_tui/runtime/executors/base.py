"""The task executor seam: how a run's device tasks get done (the runner records the outcomes).

An executor's ``run`` yields lists of finished outcomes, at least every ``tick`` seconds (an
empty list when nothing finished), until every target has exactly one outcome. The runner
batches them into the database and publishes them; the executor never writes results itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Protocol

from netraven_tui.domain import (
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    JobRun,
    NetRavenError,
    ResultStatus,
)
from netraven_tui.runtime.plans.base import RunPlan

log = logging.getLogger(__name__)

Started = Callable[[DeviceTarget], None]


class TaskExecutor(Protocol):
    name: str

    def run(
        self,
        run: JobRun,
        plan: RunPlan,
        targets: Sequence[DeviceTarget],
        cancel: threading.Event,
        started: Started,
        tick: float,
    ) -> Iterator[list[DeviceOutcome]]: ...


def skipped(device: DeviceTarget) -> DeviceOutcome:
    """The outcome of a device the run was cancelled before."""
    now = datetime.now(UTC)
    return DeviceOutcome(
        device, ResultStatus.SKIPPED, now, now, message="run cancelled before this device started"
    )


def guarded_task(
    plan: RunPlan, device: DeviceTarget, cancel: threading.Event, started: Started
) -> DeviceOutcome:
    """``plan.task`` in this thread; a bug or a one-line error becomes the device's failure."""
    if cancel.is_set():
        return skipped(device)
    started(device)
    now = datetime.now(UTC)
    try:
        return plan.task(device, cancel)
    except NetRavenError as error:  # already one readable line (e.g. the repository is full)
        log.warning("device task for %s failed: %s", device.hostname, error)
        message = str(error)
    except Exception as error:  # noqa: BLE001 - one device's bug must not end the run
        log.exception("device task for %s failed", device.hostname)
        message = f"internal error: {type(error).__name__}: {error}"
    return DeviceOutcome.failed(device, now, ErrorKind.INTERNAL, message)


def guarded_accept(plan: RunPlan, capture) -> DeviceOutcome:
    """``plan.accept`` for work done elsewhere; a failure to stage becomes the device's failure."""
    device = capture.outcome.device
    try:
        return plan.accept(capture)
    except NetRavenError as error:
        log.warning("storing %s failed: %s", device.hostname, error)
        message = str(error)
    except Exception as error:  # noqa: BLE001 - one device's bug must not end the run
        log.exception("storing %s failed", device.hostname)
        message = f"internal error: {type(error).__name__}: {error}"
    return DeviceOutcome.failed(device, capture.outcome.started_at, ErrorKind.INTERNAL, message)
