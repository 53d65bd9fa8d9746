"""A worker process killed -9 in the middle of a run: its devices still get one result each,
the other worker goes on, and the run finishes (bounded waits, never a hang)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from netraven_tui.domain import ErrorKind, ResultStatus, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.executors.processes import ProcessExecutor
from netraven_tui.runtime.factory import make_runner
from tests.integration.test_engine import add_credential, engine_services, repo_files

pytestmark = pytest.mark.lab

COUNT = 24


def test_a_worker_process_killed_mid_run_fails_only_what_it_held(
    settings, clock, env, tmp_path: Path
) -> None:
    with LabFleet(devices=COUNT, seed=41, latency_ms=120) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, processes=2, workers=4)
        add_credential(services, fleet)
        runner = make_runner(services)
        chosen: list = []
        first_capture: list[int] = []
        seen = threading.Event()
        inner = runner.executor

        def choose(run, plan, targets):
            executor = inner(run, plan, targets)
            chosen.append(executor)
            accept = plan.accept

            def noted(capture):
                if not first_capture:
                    first_capture.append(int(capture.worker.rpartition(":")[2]))
                    seen.set()
                return accept(capture)

            plan.accept = noted
            return executor

        runner.executor = choose
        run_id = runner.start("backup-lab")
        assert seen.wait(120), "no capture came back from the worker processes"
        victim = first_capture[0]
        assert victim != os.getpid()
        os.kill(victim, signal.SIGKILL)  # a child of this test's run, by its own pid

        run = runner.wait(run_id, timeout=180)
        assert run is not None and run.status is not RunStatus.RUNNING, "the run hung"
        assert isinstance(chosen[0], ProcessExecutor)
        results = services.runs.results(run_id)
        assert len(results) == COUNT and len({r.hostname for r in results}) == COUNT
        failed = [r for r in results if r.status is ResultStatus.FAILED]
        # What the victim was capturing when it died failed with one clear line; everything it
        # had not started was done by the other worker.
        assert 1 <= len(failed) <= 2, [(r.hostname, r.message) for r in failed]
        for result in failed:
            # Killed from outside: an honest `interrupted`, not `internal` (a bug of ours).
            assert result.error_kind is ErrorKind.INTERRUPTED
            assert f"pid {victim}) was killed by SIGKILL (status -9)" in result.message
            assert "\n" not in result.message
        assert run.succeeded == COUNT - len(failed) and run.failed == len(failed)
        assert len(repo_files(services)) == run.changed == run.succeeded
        services.close()


def test_a_cancel_reaches_the_worker_processes(settings, clock, env, tmp_path: Path) -> None:
    with LabFleet(devices=COUNT, seed=42, latency_ms=120) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, processes=2, workers=4)
        add_credential(services, fleet)
        runner = make_runner(services)
        run_id = runner.start("backup-lab")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not services.runs.results(run_id):
            time.sleep(0.05)
        assert runner.cancel(run_id)
        run = runner.wait(run_id, timeout=120)
        assert run is not None and run.status is RunStatus.CANCELLED
        results = services.runs.results(run_id)
        assert len(results) == COUNT and len({r.hostname for r in results}) == COUNT
        skipped = [r for r in results if r.status is ResultStatus.SKIPPED]
        # Handed out or not, what had not started is skipped; what had started finished.
        assert skipped and all("cancelled" in r.message for r in skipped)
        assert run.succeeded >= 1 and run.succeeded + len(skipped) == COUNT
        assert len(repo_files(services)) == run.changed == run.succeeded
        services.close()
