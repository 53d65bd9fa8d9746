"""The credential key: made only while no credential exists, never silently replaced, kept private.

Every command runs as a real child process (so "one line, no traceback" is what a user sees).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from netraven_tui.config import load_settings
from netraven_tui.domain import DeviceInput
from netraven_tui.services import Services, open_services
from netraven_tui.services.credentials import CredentialInput
from netraven_tui.services.jobs import JobInput

PASSWORD = "Key-Test-Passw0rd"


def cli(home: Path, *args: str, stdin: str = "", **extra_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    env.update({"NETRAVEN_HOME": str(home), **extra_env})
    return subprocess.run(
        [sys.executable, "-m", "netraven_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.strip()


@pytest.fixture
def with_credential(services: Services) -> Services:
    services.tags.create("core")
    services.credentials.create(CredentialInput("lab", "netops", PASSWORD, None, 10, ("core",)))
    services.jobs.create(JobInput("nightly", "backup", tags=("core",)))
    services.close()
    return services


def test_a_key_is_made_private_on_first_start_when_no_credential_exists(home: Path) -> None:
    result = cli(home, "tag", "list")
    assert result.returncode == 0, result.stderr
    key = home / "secret.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    Fernet(key.read_bytes().strip())  # a usable key


def test_a_missing_key_stops_what_needs_it_and_is_not_replaced(
    with_credential: Services, home: Path
) -> None:
    key = home / "secret.key"
    saved = key.read_bytes()
    key.unlink()
    expected = (
        f"error: the secret key file {key} is missing, but the database holds 1 credential "
        "encrypted with it: restore it from your backup (or set NETRAVEN_SECRET_KEY); no new key "
        "is made while encrypted credentials exist"
    )
    run = cli(home, "job", "run", "nightly")
    assert run.returncode == 1 and one_line(run) == expected
    add = cli(
        home,
        "credential",
        "add",
        "more",
        "--username",
        "x",
        "--password-stdin",
        stdin="Pw-1234567\n",
    )
    assert add.returncode == 1 and one_line(add) == expected
    assert not key.exists()  # never a fresh key that would mix with the old credentials
    # What needs no secret still works, so the inventory can be read and the key restored calmly.
    listing = cli(home, "credential", "list")
    assert listing.returncode == 0 and "lab" in listing.stdout
    reader = open_services(load_settings({"NETRAVEN_HOME": str(home)}), require_key=False)
    assert reader.runs.list() == []  # the refused run never started
    reader.close()
    key.write_bytes(saved)
    os.chmod(key, 0o600)
    assert cli(home, "job", "run", "nightly").returncode == 0


def test_a_different_key_is_refused_naming_a_credential(
    with_credential: Services, home: Path
) -> None:
    (home / "secret.key").write_bytes(Fernet.generate_key() + b"\n")
    result = cli(home, "job", "run", "nightly")
    assert result.returncode == 1
    assert one_line(result) == (
        f"error: the secret key from key file {home / 'secret.key'} does not decrypt 1 of the "
        "1 credential in the database (e.g. 'lab'): restore the key they were encrypted with "
        "(or set NETRAVEN_SECRET_KEY to it)"
    )
    assert PASSWORD not in result.stderr


def test_the_key_in_the_environment_is_checked_too(with_credential: Services, home: Path) -> None:
    result = cli(home, "job", "run", "nightly", NETRAVEN_SECRET_KEY=Fernet.generate_key().decode())
    assert result.returncode == 1
    assert "environment variable NETRAVEN_SECRET_KEY does not decrypt 1 of the 1" in one_line(
        result
    )


def test_a_key_readable_by_others_is_made_private_with_a_warning(
    with_credential: Services, home: Path
) -> None:
    key = home / "secret.key"
    os.chmod(key, 0o644)
    result = cli(home, "tag", "list")
    assert result.returncode == 0
    assert one_line(result) == (
        f"warning: the secret key file {key} was readable by others (mode 0644); it is now 0600, "
        "but anyone who read it can decrypt the stored credentials: consider replacing them"
    )
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert cli(home, "tag", "list").stderr == ""  # said once, not at every command


def test_job_run_prints_why_the_devices_failed(services: Services, home: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on: every connection is refused
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    services.tags.create("core")
    for name in ("r1", "r2"):
        services.devices.create(
            DeviceInput(name, "127.0.0.1", "cisco_ios", closed_port + (name == "r2"), ("core",))
        )
    services.credentials.create(CredentialInput("lab", "netops", PASSWORD, None, 10, ("core",)))
    services.jobs.create(JobInput("nightly", "backup", tags=("core",)))
    services.close()
    result = cli(home, "job", "run", "nightly", NETRAVEN_ATTEMPTS="1", NETRAVEN_CONNECT_TIMEOUT="2")
    assert result.returncode == 1
    summary, *reasons = result.stdout.strip().splitlines()
    assert "failed, 0/2 ok" in summary
    assert len(reasons) >= 1 and all(" failed, unreachable: " in line for line in reasons)
    assert sum(int(line.split()[0]) for line in reasons) == 2
    assert "r1" in result.stdout and "r2" in result.stdout and PASSWORD not in result.stdout
