"""Site collectors on a real PostgreSQL: separate `netraven-tui collector` processes, a lab fleet
split between two sites, this process owning the run (it commits), and a collector killed -9.

The collectors get only the database URL and the key (NETRAVEN_SECRET_KEY), in a data folder
of their own: no repository, no settings file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.domain import (
    Actor,
    CredentialInput,
    DeviceInput,
    ErrorKind,
    JobInput,
    ResultStatus,
    Role,
)
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.factory import make_runner
from netraven_tui.services import Services, open_services

pytest.importorskip("procrastinate", reason="the collectors extra (procrastinate) is in [test]")

STALL_SECONDS = 3
WAIT_SECONDS = 4
SETTINGS = {
    "collectors": True,
    "collector_stall_seconds": float(STALL_SECONDS),
    "collector_wait_seconds": float(WAIT_SECONDS),
    "connect_timeout": 10.0,
    "command_timeout": 30.0,
    "attempts": 2,
    "backoff_seconds": 0.2,
    "workers": 8,
}


class Collectors:
    """`netraven-tui collector` child processes, stopped (SIGTERM, then SIGKILL) at the end."""

    def __init__(self, services: Services, url: str, key: str, folder: Path) -> None:
        self.services, self.url, self.key, self.folder = services, url, key, folder
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, sites: str, concurrency: int) -> subprocess.Popen[bytes]:
        home = self.folder / name
        home.mkdir(parents=True)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "NETRAVEN_HOME": str(home),
            "NETRAVEN_DATABASE_URL": self.url,
            "NETRAVEN_SECRET_KEY": self.key,
            "NETRAVEN_COLLECTOR_STALL_SECONDS": str(STALL_SECONDS),
        }
        with (home / "stderr.log").open("wb") as stderr:
            proc = subprocess.Popen(
                [sys.executable, "-m", "netraven_tui", "collector", "--sites", sites]
                + ["--concurrency", str(concurrency)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        self.procs[name] = proc
        return proc

    def wait_live(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now, states = self.services.collectors.list()
            if sum(1 for s in states if s.alive(now, STALL_SECONDS)) >= count:
                return
            for name, proc in self.procs.items():
                assert proc.poll() is None, f"collector {name} died: {self.log(name)}"
            time.sleep(0.2)
        raise AssertionError(f"{count} collectors not live within {timeout} s")

    def log(self, name: str) -> str:
        return (self.folder / name / "stderr.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture
def owner(settings, env, postgres_url: str) -> Iterator[Services]:
    services = open_services(
        settings.with_(database_url=postgres_url, **SETTINGS),
        Actor("tester", Role.ADMIN),
        env=env,
    )
    yield services
    services.close()


@pytest.fixture
def collectors(owner: Services, postgres_url: str, tmp_path: Path) -> Iterator[Collectors]:
    key = owner.ctx.settings.locations.secret_key.read_text().strip()
    started = Collectors(owner, postgres_url, key, tmp_path / "collectors")
    yield started
    started.stop()


def inventory(services: Services, fleet: LabFleet, sites: list[str]) -> None:
    """The fleet's devices, device i in ``sites[i]``, all tagged lab, one lab credential."""
    services.tags.create("lab")
    for device, site in zip(fleet.devices, sites, strict=True):
        services.devices.create(
            DeviceInput(
                device.hostname,
                device.address,
                device.platform,
                device.port,
                ("lab",),
                site=site,
            )
        )
    services.credentials.create(
        CredentialInput("lab", fleet.username, fleet.password, fleet.enable_secret, 10, ("lab",))
    )
    services.jobs.create(JobInput("backup-lab", "backup", tags=("lab",)))


def watch_workers(runner) -> dict[str, str]:
    """hostname -> the collector that captured it (observed at the owner's accept)."""
    captured: dict[str, str] = {}
    inner = runner.executor

    def choose(run, plan, targets):
        accept = plan.accept

        def noted(capture):
            captured[capture.outcome.device.hostname] = capture.worker
            return accept(capture)

        plan.accept = noted
        return inner(run, plan, targets)

    runner.executor = choose
    return captured


def commits(services: Services) -> int:
    repo = services.ctx.settings.locations.repo
    out = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout)


def test_three_collectors_two_sites_and_a_site_without_one(
    owner: Services, collectors: Collectors
) -> None:
    sites = ["paris"] * 5 + ["lyon"] * 4 + [""] + ["nice"]  # nice has no collector
    with LabFleet(devices=len(sites), seed=31) as fleet:
        inventory(owner, fleet, sites)
        paris = [collectors.start("paris1", "paris", 2), collectors.start("paris2", "paris", 2)]
        lyon = collectors.start("lyon1", "lyon,-", 3)  # also the devices without a site
        collectors.wait_live(3)
        runner = make_runner(owner)
        captured = watch_workers(runner)
        run = runner.run("backup-lab")

        results = {r.hostname: r for r in owner.runs.results(run.id)}
        assert len(results) == len(sites)  # every device has exactly one result
        site_of = {d.hostname: s for d, s in zip(fleet.devices, sites, strict=True)}
        for hostname, result in results.items():
            if site_of[hostname] == "nice":
                assert result.status is ResultStatus.FAILED
                assert result.error_kind is ErrorKind.NO_COLLECTOR
                assert "site nice" in result.message
            else:
                assert result.status is ResultStatus.SUCCESS, (hostname, result.message)
        assert run.succeeded == 10 and run.failed == 1 and run.changed == 10
        # Each site's devices went to that site's collectors, nowhere else.
        paris_names = {f"{p.pid}" for p in paris}
        for hostname, worker in captured.items():
            pid = worker.rpartition(":")[2]
            if site_of[hostname] == "paris":
                assert pid in paris_names
            else:
                assert pid == str(lyon.pid)
        # The owner made the one commit; the collectors have no repository at all.
        assert commits(owner) == 1 and run.commit
        for name in ("paris1", "paris2", "lyon1"):
            assert not (collectors.folder / name / "configs.git").exists()
        files = subprocess.run(
            [
                "git",
                "-C",
                str(owner.ctx.settings.locations.repo),
                "ls-tree",
                "--name-only",
                "-r",
                "HEAD",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert len(files) == 10
        # Nothing left behind: captures and queue jobs of the closed run are gone.
        with owner.ctx.engine.connect() as connection:
            from sqlalchemy import text

            left = connection.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar()
            kept = connection.execute(text("SELECT count(*) FROM collector_results")).scalar()
        assert left == 0 and kept == 0


def test_a_collector_killed_mid_run_is_recovered_by_another_of_its_site(
    owner: Services, collectors: Collectors
) -> None:
    count = 8
    with LabFleet(devices=count, seed=32, latency_ms=250) as fleet:  # ~3 s per device
        inventory(owner, fleet, ["paris"] * count)
        victim = collectors.start("victim", "paris", 3)
        collectors.wait_live(1)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and workers(owner) < 1:  # its queue worker too
            time.sleep(0.1)
        survivor = collectors.start("survivor", "paris", 3)
        collectors.wait_live(2)
        runner = make_runner(owner)
        captured = watch_workers(runner)
        finished = threading.Event()
        run_id = runner.start("backup-lab")
        threading.Thread(target=lambda: (runner.wait(run_id, 180), finished.set())).start()

        # Kill the victim while it holds devices (both collectors busy: 6 jobs in 'doing').
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and doing(owner) < 6:
            time.sleep(0.1)
        assert doing(owner) >= 4, "the collectors never got busy"
        held = held_by_first_worker(owner)  # the victim registered first: the lower worker id
        assert held, "the victim held no device"
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)

        assert finished.wait(180), "the run did not finish after the kill"
        run = owner.runs.get(run_id)
        results = owner.runs.results(run_id)
        assert len(results) == count and len({r.hostname for r in results}) == count
        assert all(r.status is ResultStatus.SUCCESS for r in results), [
            (r.hostname, r.message) for r in results if r.status is not ResultStatus.SUCCESS
        ]
        assert run.succeeded == count and commits(owner) == 1  # one commit, no double
        # The devices the victim held were captured again, by the other collector of the site
        # (whoever noticed first put them back: the owner or the surviving collector).
        by_id = {d.id: d.hostname for d in owner.devices.list()}
        for device_id in held:
            assert captured[by_id[device_id]].endswith(f":{survivor.pid}")


def held_by_first_worker(services: Services) -> list[int]:
    """Device ids of the jobs in 'doing' on the first registered procrastinate worker."""
    from sqlalchemy import text

    with services.ctx.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT lock FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = "
                "(SELECT min(id) FROM procrastinate_workers)"
            )
        ).all()
    return [int(row.lock.removeprefix("device-")) for row in rows]


def workers(services: Services) -> int:
    from sqlalchemy import text

    with services.ctx.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar()


def doing(services: Services) -> int:
    from sqlalchemy import text

    with services.ctx.engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")
        ).scalar()
