"""A run survives a locked database and an interruption: nothing captured is thrown away, and
its counts always match its device results."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.domain import Actor, JobInput, ResultStatus, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.events import DeviceDone, EventBus, RunStarted
from netraven_tui.runtime.factory import make_runner
from netraven_tui.services import Services, open_services
from tests.integration.test_engine import add_credential, engine_services, repo_files
from tests.scheduler.conftest import wait_until

pytestmark = pytest.mark.lab

# Another process takes SQLite's write lock and sits on it (what a long `sqlite3` session, a
# backup tool or a stuck process does), then lets go.
LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
print("released", flush=True)
"""
HOLD_SECONDS = 6.0
BUSY_TIMEOUT = 0.2  # each write gives up after 0.2 s: the lock outlasts it thirty times


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    """Three quick devices and two whose configuration trickles out for seconds."""
    with LabFleet(devices=5, seed=13, faults="slow:2", slow_bps=8192) as lab:
        yield lab


def quick(fleet: LabFleet) -> tuple[str, ...]:
    return tuple(d.hostname for d in fleet.devices if d.fault is None)


def test_a_run_waits_out_another_process_holding_the_write_lock(
    settings, clock, env, fleet: LabFleet, tmp_path: Path, caplog
) -> None:
    services = engine_services(
        settings, clock, env, fleet, tmp_path, busy_timeout_seconds=BUSY_TIMEOUT
    )
    add_credential(services, fleet)
    job = services.jobs.create(JobInput("quick", "backup", devices=quick(fleet)))
    lockers: list[subprocess.Popen[str]] = []
    done: list[object] = []

    def hold_the_lock(seconds: float) -> None:
        holder = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(settings.locations.database), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        lockers.append(holder)
        assert holder.stdout.readline().strip() == "locked"

    def on_event(event: object) -> None:
        # In the run's own thread, so the lock is held before its next write: right after its
        # start was stored (the result batches meet it), and after the last result (the close
        # meets it, with the commit already made in git).
        if isinstance(event, RunStarted):
            hold_the_lock(HOLD_SECONDS)
        elif isinstance(event, DeviceDone):
            done.append(event)
            if len(done) == 3:
                hold_the_lock(HOLD_SECONDS / 2)

    bus = EventBus()
    bus.subscribe(on_event)
    caplog.set_level(logging.WARNING, logger="netraven_tui.services.retry")
    try:
        run = make_runner(services, bus).run(job.id)
    finally:
        for holder in lockers:
            holder.wait(timeout=HOLD_SECONDS + 30)
    assert len(lockers) == 2 and all(h.stdout.read().strip() == "released" for h in lockers)

    results = services.runs.results(run.id)
    assert run.status is RunStatus.SUCCESS, run.message
    assert (run.total, run.succeeded, run.failed, run.skipped) == (3, 3, 0, 0)
    assert len(results) == 3 and all(r.status is ResultStatus.SUCCESS for r in results)
    assert run.commit is not None and all(r.commit == run.commit for r in results)
    assert {f"configs/{h}.cfg" for h in quick(fleet)} <= set(repo_files(services))
    assert len(services.configs.latest()) == 3  # the captures are indexed, not lost
    waited = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("database busy while storing") for m in waited), waited
    assert any(m.startswith(f"database answered again: closing run {run.id}") for m in waited)
    services.close()


def test_counts_match_the_results_after_the_run_was_killed(
    settings, clock, env, fleet: LabFleet, tmp_path: Path, home: Path
) -> None:
    services = engine_services(settings, clock, env, fleet, tmp_path)
    add_credential(services, fleet)
    job = services.jobs.get("backup-lab")
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    child_env |= {"NETRAVEN_HOME": str(home), "NETRAVEN_WORKERS": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "netraven_tui", "job", "run", "backup-lab"],
        env=child_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        [run] = wait_until(lambda: services.runs.list(job_id=job.id), timeout=30)
        # one device at a time: kill it once some results are stored and others are not
        wait_until(lambda: services.runs.results(run.id), timeout=60)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert 0 < len(services.runs.results(run.id)) < 5

    again: Services = open_services(services.ctx.settings, Actor.system("next start"), env=env)
    after = again.runs.get(run.id)
    results = again.runs.results(run.id)

    assert after.status is RunStatus.INTERRUPTED
    assert after.total == 5
    assert after.succeeded == sum(r.status is ResultStatus.SUCCESS for r in results) > 0
    assert after.failed == sum(r.status is ResultStatus.FAILED for r in results)
    assert after.succeeded + after.failed + after.skipped == after.total
    assert after.skipped == 5 - len(results)
    again.close()
    services.close()
