"""A cancel reaches the device task a collector is already running (real PostgreSQL, a real
`netraven-tui collector` child process): the task stops retrying, the devices still queued are
skipped, and the run closes without waiting out the retries.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from netraven_tui.domain import (
    Actor,
    CredentialInput,
    DeviceInput,
    ErrorKind,
    JobInput,
    ResultStatus,
    Role,
    RunStatus,
)
from netraven_tui.runtime.factory import make_runner
from netraven_tui.services import Services, open_services

pytest.importorskip("procrastinate", reason="the collectors extra (procrastinate) is in [test]")

from tests.postgres.collector_procs import Collectors  # noqa: E402

ATTEMPTS = 5  # 20 s, 40 s, 60 s, 60 s between them: minutes for a device that never answers


@contextmanager
def hanging_up_ports(count: int) -> Iterator[tuple[list[int], threading.Event, list[int]]]:
    """``count`` ports on 127.0.0.1 that accept and at once close every connection (the client
    gets no SSH banner: a timeout, retried). Yields the ports, an event set at the first
    connection and the list of the ports connected to, one entry per connection."""
    servers = [socket.create_server(("127.0.0.1", 0)) for _ in range(count)]
    first, seen, stop = threading.Event(), [], threading.Event()

    def serve(server: socket.socket) -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.close()
            seen.append(server.getsockname()[1])
            first.set()

    threads = [threading.Thread(target=serve, args=(s,), daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield [s.getsockname()[1] for s in servers], first, seen
    finally:
        stop.set()
        for thread, server in zip(threads, servers, strict=True):
            thread.join(timeout=5)
            server.close()


def test_a_cancel_stops_the_retries_of_the_task_a_collector_is_running(
    owner: Services, collectors: Collectors, env
) -> None:
    owner.tags.create("lab")
    with hanging_up_ports(3) as (ports, first_try, tries):
        for index, port in enumerate(ports):
            owner.devices.create(
                DeviceInput(f"mute-{index}", "127.0.0.1", "cisco_ios", port, ("lab",), site="paris")
            )
        owner.credentials.create(
            CredentialInput("lab", "netraven", "Lab-Passw0rd", None, 10, ("lab",))
        )
        owner.jobs.create(JobInput("backup-lab", "backup", tags=("lab",)))
        patient = open_services(
            owner.ctx.settings.with_(attempts=ATTEMPTS, backoff_seconds=20, backoff_max_seconds=60),
            Actor("tester", Role.ADMIN),
            env=env,
        )
        try:
            collectors.start("paris1", "paris", 1)  # one device at a time: the others wait
            collectors.wait_live(1)
            runner = make_runner(patient)
            run_id = runner.start("backup-lab")
            # its first try has hung up: the task now waits 20 s to try again
            assert first_try.wait(60), "the collector never tried a device"
            assert runner.cancel(run_id)
            # far less than the retries' minutes; only a bound for a loaded machine
            run = runner.wait(run_id, timeout=60)
        finally:
            patient.close()

    assert run is not None, "the run waited out the retries of the running task"
    assert run.status is RunStatus.CANCELLED
    results = owner.runs.results(run_id)
    assert len(results) == 3
    [tried] = [r for r in results if r.status is ResultStatus.FAILED]
    assert tried.error_kind is ErrorKind.TIMEOUT
    assert tried.attempts < ATTEMPTS  # it saw the cancel and tried no more
    assert len(tries) == tried.attempts and len(set(tries)) == 1  # no other device was tried
    skipped = [r for r in results if r.status is ResultStatus.SKIPPED]
    assert len(skipped) == 2 and all("cancelled" in r.message for r in skipped)
