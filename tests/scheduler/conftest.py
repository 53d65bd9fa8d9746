"""Scheduler fixtures: live services (real clock), a slow test plan, schedulers stopped at the end.

Job rows keep their real, validated intervals (at least 60 s); the scheduler under test runs
with ``time_scale=1/60``, so a 60 s job fires every second. The lease lasts 2 s (the setting's
floor of 5 s is for people; the Lease itself takes any length).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from netraven_tui.config import Settings
from netraven_tui.domain import (
    SYSTEM_JOB,
    Actor,
    DeviceInput,
    DeviceOutcome,
    DeviceTarget,
    JobKind,
    JobRun,
    ResultStatus,
)
from netraven_tui.runtime.plans.base import RunPlan
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.runtime.scheduler import Scheduler
from netraven_tui.services import Services, open_services

TIME_SCALE = 1 / 60  # one minute of schedule per second of test
POLL_SECONDS = 0.3
LAB_TAG = "lab"


class SlowPlan(RunPlan):
    """A device task that takes ``seconds`` (or until cancelled) and never touches the network."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0

    def task(self, device: DeviceTarget, cancel: threading.Event) -> DeviceOutcome:
        started = datetime.now(UTC)
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            cancel.wait(self.seconds)
        finally:
            with self._lock:
                self.running -= 1
        return DeviceOutcome(
            device, ResultStatus.SUCCESS, started, datetime.now(UTC), attempts=1, latency_ms=1.0
        )

    def factory(self, _run: JobRun) -> RunPlan:
        return self


def wait_until(
    predicate: Callable[[], object], timeout: float = 15.0, step: float = 0.05
) -> object:
    """Poll ``predicate`` until it is truthy; fail the test after ``timeout`` seconds (a bound
    for a loaded machine, not a measure: the tests never assert how fast)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout} s")


def closed_loopback_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


@pytest.fixture
def live_settings(settings: Settings) -> Settings:
    return settings.with_(lease_seconds=2, shutdown_grace_seconds=1)


@pytest.fixture
def open_live(live_settings: Settings) -> Iterator[Callable[[], Services]]:
    """Open the same database as another process would: own engine, own listeners, real clock."""
    opened: list[Services] = []

    def _open(**changes: object) -> Services:
        services = open_services(live_settings.with_(**changes), Actor.system("tester"))
        opened.append(services)
        return services

    yield _open
    for services in opened:
        services.close()


@pytest.fixture
def live(open_live: Callable[[], Services]) -> Services:
    """Services with one loopback device on tag `lab`; the system job is disabled (quiet tests)."""
    services = open_live()
    services.jobs.set_enabled(SYSTEM_JOB, False)
    services.tags.create(LAB_TAG)
    services.devices.create(
        DeviceInput("r1", "127.0.0.1", "cisco_ios", closed_loopback_port(), (LAB_TAG,))
    )
    return services


@pytest.fixture
def make_scheduler() -> Iterator[Callable[..., Scheduler]]:
    """Build schedulers with a test plan for reachability jobs; every one is stopped at the end."""
    made: list[Scheduler] = []

    def _make(services: Services, plan: SlowPlan | None = None, **options) -> Scheduler:
        runner = JobRunner(services, plans={JobKind.REACHABILITY: (plan or SlowPlan()).factory})
        options = {"poll_seconds": POLL_SECONDS, "time_scale": TIME_SCALE, **options}
        scheduler = Scheduler(services, runner, **options)
        made.append(scheduler)
        return scheduler

    yield _make
    for scheduler in made:
        scheduler.stop(grace_seconds=2)
