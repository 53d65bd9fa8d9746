"""PostgreSQL by URL: migrations without drift, and the services' rules, on a real server."""

from __future__ import annotations

import io

import pytest
from alembic import command

from netraven_tui.config import Settings
from netraven_tui.db.engine import make_engine
from netraven_tui.db.migrate import alembic_config, downgrade, upgrade
from netraven_tui.domain import (
    AccountLocked,
    Actor,
    AuthenticationFailed,
    Conflict,
    CredentialInput,
    DeviceInput,
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    JobInput,
    ResultStatus,
    RunStatus,
)
from netraven_tui.services import Services, open_services


@pytest.fixture
def pg_services(settings: Settings, clock, env, postgres_url: str):
    services = open_services(
        settings.with_(database_url=postgres_url), Actor.system("tester"), clock=clock, env=env
    )
    yield services
    services.close()


def test_migrations_round_trip_without_drift(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    upgrade(engine)
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.check(config)
    downgrade(engine, "base")
    upgrade(engine)
    engine.dispose()


def test_inventory_rules_hold_on_postgres(pg_services: Services) -> None:
    services = pg_services
    services.devices.create(
        DeviceInput("Core-1", "10.0.0.1", "cisco_ios", 22, ("core",)), create_missing_tags=True
    )
    with pytest.raises(Conflict):
        services.devices.create(DeviceInput("core-1", "10.0.0.2", "cisco_ios"))
    report = services.devices.import_csv(
        io.StringIO("hostname,address,platform,port\nr2,10.0.0.2,arista_eos,\nr3,bad!,x,\n")
    )
    assert report.created == ("r2",) and [p.line for p in report.problems] == [3]
    assert [t.name for t in services.tags.list()] == ["all", "core"]
    services.credentials.create(CredentialInput("lab", "netops", "Pg-Secret-1", None, 5, ("core",)))
    [secret] = services.credentials.login_order(services.devices.get("core-1").id)
    assert secret.password == "Pg-Secret-1"


def test_users_and_jobs_on_postgres(pg_services: Services, clock) -> None:
    services = pg_services
    services.users.create("alice", "alice-password", "admin")
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            services.users.authenticate("alice", "wrong")
    with pytest.raises(AccountLocked):
        services.users.authenticate("alice", "wrong")
    job = services.jobs.create(
        JobInput("nightly", "backup", "cron", cron="0 2 * * *", tags=("all",))
    )
    run = services.runs.create(job.id, "manual", "tester")
    services.runs.start(run.id, 1)
    device = services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    target = DeviceTarget(device.id, device.hostname, device.address, device.port, device.platform)
    now = clock.now
    [result] = services.runs.record(
        run.id,
        [
            DeviceOutcome(
                target,
                ResultStatus.FAILED,
                now,
                now,
                error_kind=ErrorKind.TIMEOUT,
                message="no answer",
            )
        ],
    )
    assert result.error_kind is ErrorKind.TIMEOUT and result.id > 0
    assert services.runs.close(run.id).status is RunStatus.FAILED
    assert services.devices.get("r1").last_backup_status == "failed"
    assert services.runs.mark_interrupted(lambda owner: True) == []


def test_only_one_leader_on_postgres(pg_services: Services, clock) -> None:
    from netraven_tui.runtime.lease import Lease

    first = Lease(pg_services, seconds=30)
    second = Lease(pg_services, seconds=30)
    assert first.acquire() is not None
    assert second.acquire() is None
    assert second.read().holder == first.holder
    clock.advance(seconds=31)  # the first holder stopped renewing
    assert second.acquire() is not None
    assert first.acquire() is None
