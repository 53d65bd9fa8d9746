"""Site collectors on a real PostgreSQL: separate `netraven-tui collector` processes, a lab fleet
split between two sites, this process owning the run (it commits), and a collector killed -9.

The collectors get only the database URL and the key (NETRAVEN_SECRET_KEY), in a data folder
of their own: no repository, no settings file.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time

import pytest

from netraven_tui.domain import (
    ErrorKind,
    ResultStatus,
)
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.factory import make_runner
from netraven_tui.services import Services

pytest.importorskip("procrastinate", reason="the collectors extra (procrastinate) is in [test]")

from tests.postgres.collector_procs import (  # noqa: E402
    Collectors,
    commits,
    doing,
    held_by_first_worker,
    inventory,
    watch_workers,
    workers,
)


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
