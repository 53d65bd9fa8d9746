"""Backups in worker processes: the children capture, this process stages, records and commits."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from netraven_tui.domain import ResultStatus, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.executors import choose_executor
from netraven_tui.runtime.executors.processes import ProcessExecutor
from netraven_tui.runtime.executors.threads import ThreadExecutor
from netraven_tui.runtime.factory import make_runner
from netraven_tui.runtime.plans.reachability import ReachabilityPlan
from netraven_tui.services import Services
from tests.integration.test_engine import PLATFORMS, add_credential, engine_services, repo_files

pytestmark = pytest.mark.lab


def watch(runner) -> tuple[list, set[str]]:
    """Record the executor each run gets and who captured each device (the runner is real)."""
    chosen: list = []
    workers: set[str] = set()
    inner = runner.executor

    def choose(run, plan, targets):
        executor = inner(run, plan, targets)
        chosen.append(executor)
        accept = plan.accept

        def noted(capture):
            workers.add(capture.worker)
            return accept(capture)

        plan.accept = noted
        return executor

    runner.executor = choose
    return chosen, workers


def test_a_backup_runs_in_worker_processes_and_commits_once(
    settings, clock, env, tmp_path: Path
) -> None:
    with LabFleet(devices=24, platforms=PLATFORMS, seed=21, faults="auth:1") as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, processes=2)
        add_credential(services, fleet)
        runner = make_runner(services)
        chosen, workers = watch(runner)
        run = runner.run("backup-lab")
        assert isinstance(chosen[0], ProcessExecutor) and chosen[0].processes == 2
        assert run.status is RunStatus.PARTIAL and run.succeeded == 23 and run.failed == 1
        results = services.runs.results(run.id)
        assert len(results) == 24 and len({r.hostname for r in results}) == 24
        [auth] = [r for r in results if r.status is ResultStatus.FAILED]
        assert auth.error_kind == "auth"
        # Every device was captured once, by a child or (while the fork server was still
        # importing Netmiko, on the first run of this process) by this process's own threads.
        assert workers
        files = repo_files(services)
        assert len(files) == 23
        for hostname, text in files.items():
            name = Path(hostname).stem
            for secret in fleet.secrets(name):
                assert secret not in text
        log = subprocess.run(
            ["git", "-C", str(services.ctx.settings.locations.repo), "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert log.stdout.strip() == "1" and run.commit
        workers.clear()
        again = runner.run("backup-lab")  # nothing changed: no second commit
        assert again.changed == 0 and again.commit is None and again.succeeded == 23
        # The fork server is ready now: the captures come from the children only.
        assert isinstance(chosen[1], ProcessExecutor)
        assert workers and all(not w.endswith(f":{os.getpid()}") for w in workers)
        services.close()


def test_while_the_fork_server_starts_this_process_captures_too(
    settings, clock, env, tmp_path: Path, monkeypatch
) -> None:
    from netraven_tui.runtime.executors import processes

    # As on a process's first run: the fork server may still be importing Netmiko, so the run's
    # own threads take devices from the queue until a child says it is ready.
    monkeypatch.setattr(processes, "_server_ready", False)
    with LabFleet(devices=40, platforms=["cisco_ios"], seed=5) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, processes=2)
        add_credential(services, fleet)
        runner = make_runner(services)
        chosen, workers = watch(runner)
        run = runner.run("backup-lab")
        assert isinstance(chosen[0], ProcessExecutor)
        assert run.status is RunStatus.SUCCESS and run.succeeded == 40 and run.changed == 40
        results = services.runs.results(run.id)
        assert sorted(r.hostname for r in results) == sorted(d.hostname for d in fleet.devices)
        assert len(repo_files(services)) == 40 and run.commit
        assert processes._server_ready  # a child started: the next run leaves it to them
        services.close()


def test_small_runs_and_one_process_stay_on_threads(settings, clock, env, tmp_path: Path) -> None:
    with LabFleet(devices=3, seed=3) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, processes=4)
        runner = make_runner(services)
        chosen, _ = watch(runner)
        run = runner.run("backup-lab")
        assert isinstance(chosen[0], ThreadExecutor)  # 3 devices: not worth the children
        many = services.runs.targets(run.job_id) * 10
        backup = runner.plans[run.kind](run)
        assert isinstance(choose_executor(services)(run, backup, many), ProcessExecutor)
        one = choose_executor(_with(services, processes=1))
        assert isinstance(one(run, backup, many), ThreadExecutor)
        reach = ReachabilityPlan(1.0)  # a TCP connect: threads, whatever the setting
        assert isinstance(choose_executor(services)(run, reach, many), ThreadExecutor)
        services.close()


def _with(services: Services, **changes: object) -> Services:
    return Services(replace(services.ctx, settings=services.ctx.settings.with_(**changes)))
