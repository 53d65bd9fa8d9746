"""Shared by the collector tests: `netraven-tui collector` child processes and a few probes of
the queue's tables (the tests own every process they start and stop it by pid)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from netraven_tui.domain import CredentialInput, DeviceInput, JobInput
from netraven_tui.lab import LabFleet
from netraven_tui.services import Services

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
