"""Leader lease: one scheduler fires jobs per database; another takes over when it stops or dies."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from netraven_tui.db import models as m
from netraven_tui.domain import JobInput, LogKind, RunStatus
from netraven_tui.runtime.lease import Lease
from netraven_tui.services import Services
from tests.scheduler.conftest import TIME_SCALE, wait_until
from tests.scheduler.test_scheduler import every_minute, scheduled_runs


def test_two_instances_elect_one_leader_and_the_other_takes_over_on_stop(
    live: Services, open_live, make_scheduler
) -> None:
    first = make_scheduler(live)
    second = make_scheduler(open_live())  # a second console on the same SQLite file
    first.start()
    second.start()
    job = live.jobs.create(every_minute())

    assert (first.is_leader, second.is_leader) == (True, False)
    leader = second.leader_info()
    assert leader is not None and leader.holder == first.lease.holder
    assert leader.active(live.now()) and leader == live.leader()  # what the dashboard shows
    assert leader.owner == f"{socket.gethostname()}:{first.lease.pid}"
    wait_until(
        lambda: job.id in second.next_run_times(), timeout=15
    )  # the standby shows the schedule
    shown, actual = second.next_run_times()[job.id], first.next_run_times()[job.id]
    assert actual - shown in (timedelta(0), timedelta(seconds=60 * TIME_SCALE))  # same grid

    first.stop()

    wait_until(lambda: second.is_leader, timeout=15)  # released: no need to wait for expiry
    assert second.leader_info().holder == second.lease.holder
    fired_before = len(scheduled_runs(live, job.id))
    wait_until(lambda: len(scheduled_runs(live, job.id)) > fired_before, timeout=15)
    assert {r.trigger for r in live.runs.list(job_id=job.id)} == {"schedule"}


def test_a_dead_leaders_lease_expires_and_its_runs_are_interrupted(
    live: Services, make_scheduler
) -> None:
    # A scheduler on another host held the lease, then died with a run in progress.
    ghost = Lease(live, seconds=1.5, host="elsewhere.example", pid=4242)
    assert ghost.acquire() is not None
    orphan = _run_owned_by(live, "elsewhere.example:4242")
    scheduler = make_scheduler(live)
    scheduler.start()
    assert not scheduler.is_leader and scheduler.leader_info().host == "elsewhere.example"

    wait_until(lambda: scheduler.is_leader, timeout=15)

    run = live.runs.get(orphan)
    assert run.status is RunStatus.INTERRUPTED and "elsewhere.example:4242" in run.message
    assert any("expired" in e.message and e.kind is LogKind.SYSTEM for e in live.logs.recent(20))
    assert ghost.acquire() is None  # the old holder cannot come back while the new one renews


def test_runs_left_by_a_dead_local_process_are_interrupted_on_start(
    live: Services, open_live, make_scheduler
) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=10)
    orphan = _run_owned_by(live, f"{socket.gethostname()}:{dead.pid}")
    alive = _run_owned_by(live, f"{socket.gethostname()}:1")  # init: alive, not ours
    leader = make_scheduler(live)
    leader.start()
    standby = make_scheduler(open_live())  # even a standby tidies up on start
    orphan_two = _run_owned_by(live, f"{socket.gethostname()}:{dead.pid}")

    standby.start()

    assert live.runs.get(orphan).status is RunStatus.INTERRUPTED
    assert live.runs.get(orphan_two).status is RunStatus.INTERRUPTED
    assert live.runs.get(alive).status is RunStatus.RUNNING
    logs = [e.message for e in live.logs.recent(50)]
    assert any(f"run {orphan} of job" in text and "interrupted" in text for text in logs)


def test_racing_processes_get_one_lease(live: Services, open_live) -> None:
    contenders = [Lease(open_live(), seconds=30) for _ in range(4)]
    for round_ in ("no row yet", "expired row"):
        start = threading.Barrier(len(contenders))

        def contend(lease: Lease, start: threading.Barrier = start) -> bool:
            start.wait(timeout=5)
            return lease.acquire() is not None

        with ThreadPoolExecutor(len(contenders)) as pool:
            wins = list(pool.map(contend, contenders))
        assert sum(wins) == 1, round_
        winner = contenders[wins.index(True)]
        assert live.leader().holder == winner.holder
        assert winner.acquire() is not None  # renewal
        with live.ctx.transaction() as session:  # let it lapse for the next round
            session.execute(
                update(m.SchedulerLeaseRow).values(
                    expires_at=datetime.now(UTC) - timedelta(seconds=1)
                )
            )
    assert winner.release() and live.leader() is None


def _run_owned_by(services: Services, owner: str) -> int:
    # A job of its own: a job has one active run at a time.
    job = services.jobs.create(
        JobInput(f"orphan-{len(services.jobs.list())}", "reachability", tags=("all",))
    )
    run = services.runs.create(job.id, "manual", "tester")
    services.runs.start(run.id, 1)
    with services.ctx.transaction() as session:
        session.execute(update(m.JobRunRow).where(m.JobRunRow.id == run.id).values(owner=owner))
    return run.id
