"""One active run per job on PostgreSQL: the same partial unique index, the same refusal."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from netraven_tui.config import Settings
from netraven_tui.db import models as m
from netraven_tui.domain import SYSTEM_JOB, Actor, JobBusy, JobKind, RunStatus
from netraven_tui.services import open_services


def test_racing_processes_get_one_run_of_a_job_on_postgres(
    settings: Settings, clock, env, postgres_url: str
) -> None:
    pg = settings.with_(database_url=postgres_url)
    contenders = [open_services(pg, Actor.system(f"p{n}"), clock=clock, env=env) for n in range(4)]
    job = contenders[0].jobs.get(SYSTEM_JOB)
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
    try:
        won = [o for o in outcomes if not isinstance(o, JobBusy)]
        lost = [o for o in outcomes if isinstance(o, JobBusy)]
        assert len(won) == 1 and len(lost) == 3, outcomes
        assert {error.run_id for error in lost} == {won[0].id}
        services = contenders[0]
        assert [r.id for r in services.runs.list(job_id=job.id)] == [won[0].id]

        with services.ctx.engine.connect() as connection:
            where = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_job_runs_one_active'")
            ).scalar()
            assert "UNIQUE" in where and "queued" in where and "running" in where
            with pytest.raises(IntegrityError):  # the index, not the check, refuses it
                connection.execute(
                    insert(m.JobRunRow).values(
                        job_id=job.id,
                        job_name=job.name,
                        kind=JobKind.REACHABILITY,
                        status=RunStatus.RUNNING,
                        queued_at=services.now(),
                    )
                )
        services.runs.close(services.runs.start(won[0].id, 0).id)
        assert services.runs.create(job.id, "manual", "again").status is RunStatus.QUEUED
    finally:
        for contender in contenders:
            contender.close()
