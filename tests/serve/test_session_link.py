"""The private link of a session process: only a process the server started, with the token it
was given, learns who it acts for; typing the hidden options gets nobody anything."""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest

from netraven_tui.domain import (
    Actor,
    DeviceResult,
    ErrorKind,
    JobKind,
    JobRun,
    LogEntry,
    LogKind,
    LogLevel,
    PermissionDenied,
    ResultStatus,
    Role,
    RunStatus,
)
from netraven_tui.runtime.events import DeviceDone, EventBus, LogAppended, RunStarted
from netraven_tui.runtime.factory import make_runner
from netraven_tui.serve.hub import SessionHub
from netraven_tui.serve.link import (
    ENV_FD,
    ENV_TOKEN,
    LinkError,
    SessionLink,
    decode_events,
    encode_events,
)
from netraven_tui.services import Services


def cli(*args: str, env: dict[str, str] | None = None, pass_fds=()) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_SERVE")}
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "netraven_tui", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
        pass_fds=pass_fds,
    )


def test_typing_the_hidden_console_option_is_refused() -> None:
    result = cli("tui", "--served", "--no-lease")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: --served is only for the consoles `netraven-tui serve` starts for its SSH "
        "users; run `netraven-tui` and log in"
    )


def test_a_made_up_link_is_refused_not_trusted() -> None:
    # A link variable pointing at nothing, or at a socket nobody answers on, gets no identity
    # (and in particular not the local admin the plain CLI would be).
    result = cli("tag", "add", "x", env={ENV_FD: "99", ENV_TOKEN: "guess"})
    assert result.returncode == 1 and "not a link from `netraven-tui serve`" in result.stderr
    mine, theirs = socket.socketpair()
    try:
        threading.Thread(target=lambda: mine.recv(4096), daemon=True).start()  # never answers
        result = cli(
            "tag",
            "list",
            env={ENV_FD: str(theirs.fileno()), ENV_TOKEN: "guess"},
            pass_fds=(theirs.fileno(),),
        )
    finally:
        mine.close()
        theirs.close()
    assert result.returncode == 1 and "no answer from `netraven-tui serve`" in result.stderr


async def test_the_hub_answers_only_the_right_token_from_the_right_process(
    services: Services,
) -> None:
    bus = EventBus()
    hub = SessionHub(services, make_runner(services, bus), bus)
    hub.start()
    alice = Actor("alice", Role.ADMIN)
    try:
        # right token, right pid: the identity comes back
        grant = hub.grant(alice)
        served = asyncio.create_task(hub.serve(grant, os.getpid()))
        link = await asyncio.to_thread(_link, grant.child_socket.dup(), grant.token)
        assert link.actor == alice
        # events of the server's runs reach the session
        seen = threading.Event()
        link.events.subscribe(lambda event: seen.set())
        bus.publish(LogAppended(services.logs.write("info", "system", "hello")))
        assert await asyncio.to_thread(seen.wait, 5)
        link.close()
        await asyncio.wait_for(served, 5)
        # a wrong token, or the right token from another process, gets nothing
        for token, pid in (("not-it", os.getpid()), (None, os.getpid() + 1)):
            grant = hub.grant(alice)
            served = asyncio.create_task(hub.serve(grant, pid))
            with pytest.raises(LinkError, match="not started by the server"):
                await asyncio.to_thread(_link, grant.child_socket.dup(), token or grant.token)
            await asyncio.wait_for(served, 5)
        # and a token is good once
        grant = hub.grant(alice)
        token = grant.token
        served = asyncio.create_task(hub.serve(grant, os.getpid()))
        link = await asyncio.to_thread(_link, grant.child_socket.dup(), token)
        link.close()
        await asyncio.wait_for(served, 5)
        assert grant.token == ""
    finally:
        await hub.stop()


async def test_a_viewers_session_cannot_start_or_cancel_runs(services: Services) -> None:
    bus = EventBus()
    hub = SessionHub(services, make_runner(services, bus), bus)
    hub.start()
    try:
        grant = hub.grant(Actor("bob", Role.VIEWER))
        served = asyncio.create_task(hub.serve(grant, os.getpid()))
        link = await asyncio.to_thread(_link, grant.child_socket.dup(), grant.token)
        with pytest.raises(PermissionDenied, match="viewer 'bob' may not run jobs"):
            await asyncio.to_thread(link.request, "start", job="reachability")
        with pytest.raises(PermissionDenied, match="may not cancel runs"):
            await asyncio.to_thread(link.request, "cancel", run=1)
        assert services.runs.list() == []
        link.close()
        await asyncio.wait_for(served, 5)
    finally:
        await hub.stop()


def test_event_batches_rebuild_only_event_classes() -> None:
    class Evil:
        def __reduce__(self):
            return (os.system, ("true",))

    with pytest.raises(pickle.UnpicklingError, match="is not an event class"):
        decode_events(pickle.dumps([Evil()]))


def test_event_batches_rebuild_the_domain_records_they_carry() -> None:
    # The domain records live in the modules of the netraven_tui.domain package: the unpickler
    # must accept those (a run, its device results with their enums, a log line, datetimes).
    now = datetime.now(UTC)
    run = JobRun(
        1, 2, "nightly", JobKind.BACKUP, RunStatus.RUNNING, "manual", "admin", now, now, None
    )
    result = DeviceResult(
        3, 1, 4, "r1", ResultStatus.FAILED, ErrorKind.AUTH, "denied", None, 1, 5, False, None, None
    )
    entry = LogEntry(5, now, LogLevel.INFO, LogKind.JOB, "started", job_id=2, run_id=1)
    events = [RunStarted(run), DeviceDone(1, result), LogAppended(entry)]
    assert decode_events(encode_events(events)[5:]) == events


def _link(sock: socket.socket, token: str) -> SessionLink:
    return SessionLink(sock, token, on_lost=lambda: None)
