"""The command line: `job list` shows next runs; `netraven-tui scheduler` stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netraven_tui.cli import main
from netraven_tui.domain import DeviceInput, JobInput, RunStatus
from netraven_tui.services import Services
from tests.scheduler.conftest import LAB_TAG, wait_until


def test_job_list_shows_the_next_run(capsys, home: Path) -> None:
    assert (
        main(
            [
                "job",
                "add",
                "every-15",
                "--kind",
                "reachability",
                "--tags",
                "all",
                "--interval",
                "900",
                "--disabled",
            ]
        )
        == 0
    )
    assert (
        main(["job", "add", "nightly", "--kind", "backup", "--tags", "all", "--cron", "15 4 * * *"])
        == 0
    )
    assert main(["job", "add", "by-hand", "--kind", "backup", "--tags", "all"]) == 0
    capsys.readouterr()

    assert main(["job", "list", "--json"]) == 0
    jobs = {job["name"]: job for job in json.loads(capsys.readouterr().out)}
    nightly = datetime.fromisoformat(jobs["nightly"]["next_run"])
    assert timedelta(0) < nightly - datetime.now(UTC) <= timedelta(days=1)
    assert nightly.astimezone().hour == 4 and jobs["nightly"]["timezone"]
    assert (
        jobs["by-hand"]["next_run"] is None and jobs["every-15"]["next_run"] is None
    )  # manual, disabled
    assert jobs["reachability"]["next_run"] is not None  # the system job, every 15 min

    assert main(["job", "list"]) == 0
    out, err = capsys.readouterr()
    header = out.splitlines()[0]
    assert "NEXT RUN" in header
    assert "scheduler: not running" in err


@pytest.fixture
def slow_port() -> Iterator[int]:
    """A loopback port whose accept queue is full: a TCP connect to it hangs until its timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=2)
    check = socket.socket()
    check.settimeout(0.3)
    with pytest.raises(TimeoutError):
        check.connect(("127.0.0.1", port))
    yield port
    for sock in (check, filler, server):
        sock.close()


def test_scheduler_command_stops_cleanly_on_sigterm(
    live: Services, home: Path, slow_port: int
) -> None:
    live.devices.update("r1", DeviceInput("r1", "127.0.0.1", "cisco_ios", slow_port, (LAB_TAG,)))
    job = live.jobs.create(
        JobInput(
            "soon",
            "reachability",
            "once",
            run_at=datetime.now(UTC) + timedelta(seconds=2),
            tags=(LAB_TAG,),
        )
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("NETRAVEN_")}
    env.update(
        NETRAVEN_HOME=str(home),
        NETRAVEN_REACHABILITY_TIMEOUT="60",
        NETRAVEN_SHUTDOWN_GRACE_SECONDS="1",
        NETRAVEN_LEASE_SECONDS="5",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "netraven_tui", "scheduler"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(
            lambda: live.runs.list(job_id=job.id, status=RunStatus.RUNNING), timeout=20, step=0.2
        )
        leader = live.leader()
        assert leader is not None and leader.pid == process.pid

        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    assert process.returncode == 0, err
    assert time.monotonic() - started < 10  # grace 1 s, not the 60 s probe timeout
    assert not live.runs.list(status=RunStatus.RUNNING) and not live.runs.list(
        status=RunStatus.QUEUED
    )
    [run] = live.runs.list(job_id=job.id)
    assert run.status is RunStatus.INTERRUPTED
    assert live.leader() is None  # released on exit
    assert "received SIGTERM" in err and "scheduler stopped" in err
    assert (home / "logs" / "netraven.log").read_text().count("received SIGTERM") == 1


def test_scheduler_modules_load_neither_textual_nor_netmiko() -> None:
    code = (
        "import sys, netraven_tui.runtime.scheduler, netraven_tui.cli.scheduler; "
        "print('textual' in sys.modules, 'netmiko' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]
