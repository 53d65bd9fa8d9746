"""More runs through real site collectors on a real PostgreSQL: a cancel, a reachability job, host
keys pinned and refused via a collector, and a device that moves to another site between runs.

Every collector is a `netraven-tui collector` child process of this test, stopped by its pid
(the ``collectors`` fixture); every wait is bounded.
"""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest
from sqlalchemy import text

from netraven_tui.domain import DeviceInput, ErrorKind, JobInput, ResultStatus, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.factory import make_runner
from netraven_tui.services import Services

pytest.importorskip("procrastinate", reason="the collectors extra (procrastinate) is in [test]")

from tests.integration.test_engine_hostkeys import _fleet, _free_ports  # noqa: E402
from tests.postgres.collector_procs import Collectors, commits, inventory, watch_workers  # noqa: E402


def leftovers(services: Services) -> tuple[int, int]:
    """(queue jobs, stored captures) left in the database."""
    with services.ctx.engine.connect() as connection:
        jobs = connection.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar()
        kept = connection.execute(text("SELECT count(*) FROM collector_results")).scalar()
    return jobs, kept


def pid_of(worker: str) -> int:
    return int(worker.rpartition(":")[2])


def test_a_cancel_skips_the_queued_tasks_and_keeps_what_was_captured(
    owner: Services, collectors: Collectors
) -> None:
    count = 8
    with LabFleet(devices=count, seed=51, latency_ms=250) as fleet:  # ~3 s per device
        inventory(owner, fleet, ["paris"] * count)
        collectors.start("paris1", "paris", 2)
        collectors.wait_live(1)
        runner = make_runner(owner)
        captured = watch_workers(runner)
        run_id = runner.start("backup-lab")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not owner.runs.results(run_id):
            time.sleep(0.1)
        assert owner.runs.results(run_id), "no device finished before the cancel"
        assert runner.cancel(run_id)
        run = runner.wait(run_id, timeout=90)

    assert run is not None and run.status is RunStatus.CANCELLED
    results = owner.runs.results(run_id)
    assert len(results) == count and len({r.hostname for r in results}) == count
    statuses = {r.hostname: r.status for r in results}
    done = {h for h, s in statuses.items() if s is ResultStatus.SUCCESS}
    skipped = [r for r in results if r.status is ResultStatus.SKIPPED]
    # As with threads: what had started finished and is committed, the queued tasks were
    # cancelled (never captured), nothing failed.
    assert done and skipped and len(done) + len(skipped) == count
    assert all("cancelled" in r.message for r in skipped)
    assert set(captured) == done  # the collector captured no skipped device
    assert run.succeeded == len(done) == run.changed and run.skipped == len(skipped)
    assert run.commit and commits(owner) == 1
    assert leftovers(owner) == (0, 0)  # the cancelled jobs are gone from the queue


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the socket is: nothing listens


def test_a_reachability_job_is_probed_by_the_collectors_of_each_site(
    owner: Services, collectors: Collectors
) -> None:
    sites = ["paris", "paris", "lyon", "lyon"]
    with LabFleet(devices=len(sites), seed=52) as fleet:
        inventory(owner, fleet, sites)
        owner.devices.create(
            DeviceInput("gone-sw", "127.0.0.1", "cisco_ios", _closed_port(), ("lab",), site="lyon")
        )
        owner.jobs.create(JobInput("reach-lab", "reachability", tags=("lab",)))
        paris = collectors.start("paris1", "paris", 2)
        lyon = collectors.start("lyon1", "lyon", 2)
        collectors.wait_live(2)
        runner = make_runner(owner)
        captured = watch_workers(runner)
        run = runner.run("reach-lab")
        site_of = {d.hostname: s for d, s in zip(fleet.devices, sites, strict=True)}

    results = {r.hostname: r for r in owner.runs.results(run.id)}
    assert len(results) == len(sites) + 1
    for hostname, site in site_of.items():
        assert results[hostname].status is ResultStatus.SUCCESS, results[hostname].message
        expected = paris.pid if site == "paris" else lyon.pid
        assert pid_of(captured[hostname]) == expected
    gone = results["gone-sw"]
    assert gone.status is ResultStatus.FAILED and gone.error_kind is ErrorKind.UNREACHABLE
    assert pid_of(captured["gone-sw"]) == lyon.pid
    assert run.status is RunStatus.PARTIAL and (run.succeeded, run.failed) == (4, 1)
    assert run.commit is None and leftovers(owner) == (0, 0)


def test_host_keys_are_pinned_and_checked_through_a_collector(
    owner: Services, collectors: Collectors
) -> None:
    port = _free_ports(2)
    collector = collectors.start("paris1", "paris", 2)
    collectors.wait_live(1)
    runner = make_runner(owner)
    captured = watch_workers(runner)
    with _fleet(port, "fleet-a") as fleet_a:
        inventory(owner, fleet_a, ["paris", "paris"])
        first = runner.run("backup-lab")
        pinned_a = fleet_a.host_key_fingerprint
    assert (first.status, first.succeeded) == (RunStatus.SUCCESS, 2)
    assert {pid_of(w) for w in captured.values()} == {collector.pid}
    for device in fleet_a.devices:  # pinned on first use, from the key the collector saw
        pin = owner.hostkeys.get(device.hostname)
        assert pin is not None and pin.fingerprint == pinned_a

    captured.clear()
    with _fleet(port, "fleet-b") as fleet_b:  # another machine on the same address and port
        pinned_b = fleet_b.host_key_fingerprint
        assert pinned_b != pinned_a
        second = runner.run("backup-lab")
    results = owner.runs.results(second.id)
    assert len(results) == 2
    for result in results:
        assert (result.status, result.error_kind, result.attempts) == (
            ResultStatus.FAILED,
            ErrorKind.HOSTKEY,
            1,
        )
        assert pinned_a in result.message and pinned_b in result.message
        assert "\n" not in result.message
        assert pid_of(captured[result.hostname]) == collector.pid
    assert second.commit is None and commits(owner) == 1  # nothing committed for them
    for device in fleet_a.devices:
        assert owner.hostkeys.get(device.hostname).fingerprint == pinned_a  # never replaced

    # The owner's policy travels with the task: strict here refuses an unknown key on the
    # collector, which has no settings file and would otherwise use its default (tofu).
    strict = Services(
        replace(owner.ctx, settings=owner.ctx.settings.with_(host_key_policy="strict"))
    )
    with LabFleet(devices=1, seed=9, host_key="newcomer", platforms=["cisco_ios"]) as newcomer:
        [device] = newcomer.devices
        owner.devices.create(
            DeviceInput(
                device.hostname,
                device.address,
                device.platform,
                device.port,
                ("lab",),
                site="paris",
            )
        )
        third = make_runner(strict).run("backup-lab")
    [new] = [r for r in owner.runs.results(third.id) if r.hostname == device.hostname]
    assert (new.status, new.error_kind) == (ResultStatus.FAILED, ErrorKind.HOSTKEY)
    assert "strict" in new.message and owner.hostkeys.get(device.hostname) is None
    assert third.commit is None and commits(owner) == 1


def test_a_collector_serves_two_sites_and_a_moved_device_follows_its_site(
    owner: Services, collectors: Collectors, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netraven_tui.services.task_queue import TaskQueue

    queued: dict[str, str] = {}  # hostname -> the queue its job was stored in (read back)
    defer = TaskQueue.defer

    def noting(self, work):
        job_of = defer(self, work)
        rows = self.statuses(job_of.values())
        for device, _ in work:
            queued[device.hostname] = rows[job_of[device.id]][1]
        return job_of

    monkeypatch.setattr(TaskQueue, "defer", noting)  # a spy: the real defer runs
    with LabFleet(devices=2, seed=53) as fleet:
        inventory(owner, fleet, ["paris", "lyon"])
        both = collectors.start("both", "paris,lyon", 2)
        nice = collectors.start("nice", "nice", 2)
        collectors.wait_live(2)
        runner = make_runner(owner)
        captured = watch_workers(runner)
        first = runner.run("backup-lab")
        one, two = (d.hostname for d in fleet.devices)
        assert first.succeeded == 2
        assert queued == {one: "site-paris", two: "site-lyon"}
        assert {pid_of(w) for w in captured.values()} == {both.pid}  # one collector, two queues

        for device, site in zip(fleet.devices, ["lyon", "nice"], strict=True):
            owner.devices.update(
                device.hostname,
                DeviceInput(
                    device.hostname,
                    device.address,
                    device.platform,
                    device.port,
                    ("lab",),
                    site=site,
                ),
            )
        captured.clear()
        second = runner.run("backup-lab")
    assert second.status is RunStatus.SUCCESS and second.succeeded == 2
    assert queued == {one: "site-lyon", two: "site-nice"}
    assert pid_of(captured[one]) == both.pid and pid_of(captured[two]) == nice.pid
    assert leftovers(owner) == (0, 0)
