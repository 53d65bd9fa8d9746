"""A throwaway PostgreSQL server on 127.0.0.1 for the tests that prove the PostgreSQL URL works.

It uses the machine's PostgreSQL binaries (Debian's `postgresql` package; `.ci/run` installs it
when missing), runs as the `postgres` user when the tests run as root, and is stopped at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.domain import Actor, Role
from netraven_tui.services import Services, open_services
from tests.postgres.collector_procs import SETTINGS, Collectors


def _pg_bin() -> Path:
    """The folder of initdb/pg_ctl (Debian's layout first); a test failure if there is none."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if candidates:
        return candidates[0].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    pytest.fail(
        "PostgreSQL binaries not found: install them (apt-get install postgresql) to run these tests"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start PostgreSQL in a temp folder; yield a SQLAlchemy URL base (without the database).

    Used by the fixture below and by the benchmarks (tests/benchmarks/sites_throughput.py).
    """
    binaries = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="netraven-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        _as_server_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "netraven",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
    )
    subprocess.run(
        _as_server_user(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=90,
    )
    try:
        yield f"postgresql+psycopg://netraven@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL for the session (or NETRAVEN_TEST_POSTGRES_URL's server)."""
    if os.environ.get("NETRAVEN_TEST_POSTGRES_URL"):
        yield os.environ["NETRAVEN_TEST_POSTGRES_URL"].rstrip("/")
        return
    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database for one test."""
    import psycopg

    name = f"nr_{int(time.time() * 1000) % 10**9}_{os.getpid()}"
    admin = postgres_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{postgres_server}/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
