"""A job runs once at a time across every process: the database refuses a second active run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from netraven_tui.db import models as m
from netraven_tui.domain import (
    SYSTEM_JOB,
    Actor,
    Conflict,
    JobBusy,
    JobInput,
    JobKind,
    RunStatus,
)
from netraven_tui.lab import LabFleet
from netraven_tui.services import Services, open_services
from tests.integration.test_engine import add_credential, engine_services
from tests.scheduler.conftest import wait_until


def test_a_second_run_of_a_running_job_is_refused_naming_the_first(services: Services) -> None:
    job = services.jobs.get(SYSTEM_JOB)
    first = services.runs.create(job.id, "manual", "ada")

    with pytest.raises(JobBusy) as refused:
        services.runs.create(job.id, "manual", "otto")

    message = str(refused.value)
    assert refused.value.run_id == first.id
    assert f"job 'reachability' is already running: run {first.id} (queued since" in message
    assert "manual by ada" in message and first.owner in message and "\n" not in message
    assert [run.id for run in services.runs.list(job_id=job.id)] == [first.id]
    services.runs.close(services.runs.start(first.id, 0).id)
    assert services.runs.create(job.id, "manual", "otto").id > first.id  # free again


def test_the_database_itself_refuses_a_second_active_run(services: Services) -> None:
    # Whatever the code above it does: a second queued/running row for a job cannot be stored,
    # finished ones can, as many as there are.
    job = services.jobs.get(SYSTEM_JOB)
    services.runs.create(job.id, "manual", "ada")

    def add(status: RunStatus) -> None:
        with services.ctx.transaction() as session:
            session.execute(
                insert(m.JobRunRow).values(
                    job_id=job.id,
                    job_name=job.name,
                    kind=JobKind.REACHABILITY,
                    status=status,
                    queued_at=services.now(),
                )
            )

    add(RunStatus.SKIPPED)
    add(RunStatus.MISSED)
    with pytest.raises(Conflict):  # the transaction's word for the index's IntegrityError
        add(RunStatus.RUNNING)
    with services.ctx.engine.connect() as connection:
        index = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'uq_job_runs_one_active'")
        ).scalar()
        assert "UNIQUE" in index and "WHERE status IN ('queued', 'running')" in index
        with pytest.raises(IntegrityError):
            connection.execute(
                insert(m.JobRunRow).values(
                    job_id=job.id,
                    job_name=job.name,
                    kind=JobKind.REACHABILITY,
                    status=RunStatus.QUEUED,
                    queued_at=services.now(),
                )
            )


def test_processes_racing_to_start_a_job_get_one_run(services: Services, settings) -> None:
    # Four separate engines (as four processes would have) pass the first check together; the
    # index lets one insert through and the others are told which run won.
    contenders = [
        open_services(
            settings, Actor.system(f"p{n}"), env={"NETRAVEN_HOME": str(settings.locations.data_dir)}
        )
        for n in range(4)
    ]
    job = services.jobs.get(SYSTEM_JOB)
    start = threading.Barrier(len(contenders))
    outcomes: list[object] = [None] * len(contenders)

    def contend(index: int) -> None:
        start.wait(timeout=10)
        try:
            outcomes[index] = contenders[index].runs.create(job.id, "manual", f"p{index}")
        except JobBusy as error:
            outcomes[index] = error

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(len(contenders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for contender in contenders:
        contender.close()

    won = [o for o in outcomes if not isinstance(o, JobBusy)]
    lost = [o for o in outcomes if isinstance(o, JobBusy)]
    assert len(won) == 1 and len(lost) == 3
    assert {error.run_id for error in lost} == {won[0].id}
    assert len(services.runs.list(job_id=job.id)) == 1


# ---------------------------------------------------------------------- two real processes


@pytest.fixture(scope="module")
def slow_fleet() -> Iterator[LabFleet]:
    """One device whose configuration trickles out for a few seconds."""
    with LabFleet(devices=1, seed=3, faults="slow:1", slow_bps=8192) as lab:
        yield lab


@pytest.mark.lab
def test_two_job_runs_of_the_same_job_in_two_processes(
    settings, clock, env, slow_fleet: LabFleet, tmp_path: Path, home: Path
) -> None:
    services = engine_services(settings, clock, env, slow_fleet, tmp_path)
    services.jobs.create(JobInput("big", "backup", tags=("lab",)))
    add_credential(services, slow_fleet)
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    child_env |= {"NETRAVEN_HOME": str(home), "NETRAVEN_COMMAND_TIMEOUT": "60"}
    command = [sys.executable, "-m", "netraven_tui", "job", "run", "big"]
    job = services.jobs.get("big")
    first = subprocess.Popen(
        command, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_until(
            lambda: any(r.status is RunStatus.RUNNING for r in services.runs.list(job_id=job.id)),
            timeout=30,
        )
        [running] = services.runs.list(job_id=job.id)

        second = subprocess.run(command, env=child_env, capture_output=True, text=True, timeout=60)

        assert second.returncode == 1
        assert second.stdout == ""
        assert second.stderr.splitlines() == [second.stderr.strip()]  # one line, no traceback
        assert second.stderr.startswith(
            f"error: job 'big' is already running: run {running.id} (running since "
        )
        assert f"in process {running.owner}" in second.stderr
        assert first.poll() is None  # the first one is still at it
        out, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=10)
    assert first.returncode == 0, err
    [run] = services.runs.list(job_id=job.id)  # no row for the refused one
    assert run.id == running.id and run.status is RunStatus.SUCCESS
    services.close()
