"""A run closes in one transaction: versions, commit, counts and status, or none of them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, text

from netraven_tui.domain import (
    DeviceInput,
    DeviceOutcome,
    JobInput,
    JobRun,
    NetRavenError,
    NewConfigVersion,
    ResultStatus,
    RunStatus,
)
from netraven_tui.services import Services
from tests.conftest import FrozenClock

COMMIT = "c0ffee" + "0" * 34


def backed_up_run(services: Services, clock: FrozenClock) -> tuple[JobRun, list[NewConfigVersion]]:
    """A running backup run with two results stored: r1 changed, r2 unchanged."""
    for hostname, address in (("r1", "10.0.0.1"), ("r2", "10.0.0.2")):
        services.devices.create(DeviceInput(hostname, address, "cisco_ios"))
    job = services.jobs.create(JobInput("nightly", "backup", tags=("all",)))
    run = services.runs.start(services.runs.create(job.id, "manual", "tester").id, 2)
    outcomes = []
    for target in services.runs.targets(job.id):
        changed = target.hostname == "r1"
        outcomes.append(
            DeviceOutcome(
                target,
                ResultStatus.SUCCESS,
                clock.now,
                clock.now + timedelta(seconds=2),
                attempts=1,
                changed=changed,
                sha256="ab" * 32,
                size=1200,
                lines=40,
                lines_added=40 if changed else 0,
            )
        )
    services.runs.record(run.id, outcomes)
    versions = [NewConfigVersion.of(o, f"configs/{o.device.hostname}.cfg") for o in outcomes[:1]]
    return run, versions


@contextmanager
def refusing_log_lines(services: Services) -> Iterator[None]:
    """The database refuses every new log line: the close's last statement fails for real."""
    with services.ctx.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_log BEFORE INSERT ON log_entries "
                "BEGIN SELECT RAISE(ABORT, 'log table refuses writes'); END"
            )
        )
    try:
        yield
    finally:
        with services.ctx.engine.begin() as connection:
            connection.execute(text("DROP TRIGGER refuse_log"))


def test_a_failing_close_leaves_no_versions_no_commit_and_the_run_running(
    services: Services, clock: FrozenClock
) -> None:
    run, versions = backed_up_run(services, clock)

    with refusing_log_lines(services), pytest.raises(NetRavenError):
        services.runs.close(run.id, commit=COMMIT, versions=versions, message="commit c0ffee")

    after = services.runs.get(run.id)
    assert after.status is RunStatus.RUNNING and after.finished_at is None
    assert after.commit is None and after.succeeded == 0 and after.message == ""
    assert all(result.commit is None for result in services.runs.results(run.id))
    assert services.configs.latest() == {}

    closed = services.runs.close(run.id, commit=COMMIT, versions=versions, message="commit c0ffee")
    assert closed.status is RunStatus.SUCCESS and closed.commit == COMMIT
    assert (closed.succeeded, closed.changed, closed.unchanged) == (2, 1, 1)
    commits = {r.hostname: r.commit for r in services.runs.results(run.id)}
    assert commits == {"r1": COMMIT, "r2": None}  # only the device the commit holds
    [version] = services.configs.latest().values()
    assert (version.hostname, version.commit, version.path) == ("r1", COMMIT, "configs/r1.cfg")
    assert services.runs.get(run.id) == closed


def test_a_close_is_one_database_transaction(services: Services, clock: FrozenClock) -> None:
    run, versions = backed_up_run(services, clock)
    seen: list[str] = []
    statements: list[str] = []  # "VERB table" of every write

    def on_begin(_connection) -> None:
        seen.append("begin")

    def on_commit(_connection) -> None:
        seen.append("commit")

    def on_statement(_conn, _cursor, statement: str, *_args) -> None:
        words = statement.split()
        if words[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            table = words[2] if words[0].upper() != "UPDATE" else words[1]
            statements.append(f"{words[0].upper()} {table}")

    engine = services.ctx.engine
    listeners = (
        ("begin", on_begin),
        ("commit", on_commit),
        ("before_cursor_execute", on_statement),
    )
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        services.runs.close(run.id, commit=COMMIT, versions=versions, message="commit c0ffee")
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)

    assert seen == ["begin", "commit"]
    # the results' commit, the version row, the run row and its log line, all in that one
    assert sorted(statements) == [
        "INSERT config_versions",
        "INSERT log_entries",
        "UPDATE device_results",
        "UPDATE job_runs",
    ]
