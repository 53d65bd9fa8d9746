"""The reachability job kind: a TCP connect to each device's SSH port; nothing at the end."""

from __future__ import annotations

import threading

from netraven_tui.backup.reachability import probe
from netraven_tui.domain import DeviceOutcome, DeviceTarget, JobKind
from netraven_tui.runtime.device_work import DeviceWork
from netraven_tui.runtime.plans.base import RunPlan


class ReachabilityPlan(RunPlan):
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout

    def task(self, device: DeviceTarget, cancel: threading.Event) -> DeviceOutcome:
        """Probe ``device`` once (no retries: a reachability run is a snapshot)."""
        return probe(device, self.timeout)

    def work(self, device: DeviceTarget) -> DeviceWork:
        """A site's devices are probed from its collector (the run's host may not reach them)."""
        return DeviceWork(JobKind.REACHABILITY, device, reach_timeout=self.timeout)
