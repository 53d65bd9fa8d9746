"""How the live logs and the configuration history look (pytest-textual-snapshot).

Fixed data: log entries written through LogService under the frozen clock, and a configuration
repository built with GitStore.stage/commit + ``index_versions`` (tests/conftest.py) from fixed
texts, with git's dates pinned so commit ids are the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from netraven_tui.backup.gitstore import GitStore, config_path
from netraven_tui.db import models as m
from netraven_tui.domain import (
    DeviceInput,
    DeviceOutcome,
    DeviceTarget,
    JobInput,
    LogKind,
    LogLevel,
    NewConfigVersion,
    ResultStatus,
    RunStatus,
)
from netraven_tui.runtime.console import ConsoleRuntime, start_console_runtime
from netraven_tui.services import Services
from tests.conftest import FrozenClock, index_versions
from tests.snapshots.conftest import console, keys

SIZE = (100, 30)
GIT_DATE = "2026-11-28T09:00:00+0000"
LINGER = 0.1  # a short wait after the last key before each picture, then the workers again


def config(hostname: str, description: str = "uplink to core-sw2", extra: str = "") -> str:
    """An IOS-like configuration: comments, sections, addresses and a masked secret."""
    lines = [
        "! Last configuration change by netops",
        "version 17.9",
        f"hostname {hostname}",
        "!",
        "enable secret 9 <removed>",
        "username backup privilege 15 secret 9 <removed>",
        "!",
        "vlan 10",
        " name users",
        "vlan 20",
        " name voice",
        "!",
    ]
    for port in range(1, 9):
        lines += [
            f"interface GigabitEthernet1/0/{port}",
            f" description {description if port == 1 else f'access port {port}'}",
            " switchport mode access",
            f" switchport access vlan {10 if port % 2 else 20}",
            "!",
        ]
    lines += [
        "interface Vlan10",
        " ip address 10.0.10.1 255.255.255.0",
        "!",
        "router ospf 1",
        " network 10.0.0.0 0.0.255.255 area 0",
        "!",
        "ip access-list extended MGMT",
        " 10 permit tcp 10.0.9.0 0.0.0.255 any eq 22",
        " 20 deny ip any any log",
        "!",
        "ntp server 10.0.0.123",
        "logging host 10.0.0.50",
        *([extra] if extra else []),
        "snmp-server community <removed> RO",
        "!",
        "end",
    ]
    return "\n".join(lines) + "\n"


VERSIONS = {  # hostname -> texts, oldest first
    "core-sw1": [
        config("core-sw1"),
        config("core-sw1", "uplink to dist-sw9"),
        config("core-sw1", "uplink to dist-sw9", "ntp server 10.0.0.124"),
    ],
    "core-sw2": [config("core-sw2")],
    "edge-r1": [config("edge-r1").replace("ntp server 10.0.0.123\n", "")],
}


def seed_history(services: Services, clock: FrozenClock) -> None:
    """Devices, a backup job, three runs of versions and a readable set of log entries."""
    for hostname, address, platform in (
        ("core-sw1", "10.0.0.1", "cisco_ios"),
        ("core-sw2", "10.0.0.2", "cisco_ios"),
        ("edge-r1", "10.0.1.1", "cisco_ios"),
        ("lab-fw1", "10.0.9.1", "cisco_asa"),
    ):
        services.devices.create(
            DeviceInput(hostname, address, platform, tags=("core",)), create_missing_tags=True
        )
    job = services.jobs.create(JobInput("backup-core", "backup", tags=("core",)))
    store = GitStore(services.ctx.settings.locations.repo)
    devices = {d.hostname: d for d in services.devices.list()}
    try:
        for generation in range(3):
            clock.advance(hours=1)
            run = services.runs.create(job.id, "manual", "ada")
            texts = {
                host: texts[generation]
                for host, texts in VERSIONS.items()
                if generation < len(texts)
            }
            staged = [store.stage(config_path(host), text) for host, text in texts.items()]
            commit = store.commit(staged, f"backup-core: run {run.id}")
            assert commit is not None
            outcomes = [
                _outcome(devices[host], text, VERSIONS[host], generation, clock)
                for host, text in texts.items()
            ]
            index_versions(
                services,
                run.id,
                commit,
                [NewConfigVersion.of(o, config_path(o.device.hostname)) for o in outcomes],
            )
            # Finished, so the next generation may run (one active run per job); without the
            # close's log line, which the pictures do not show.
            with services.ctx.transaction() as session:
                session.execute(
                    update(m.JobRunRow)
                    .where(m.JobRunRow.id == run.id)
                    .values(status=RunStatus.SUCCESS, finished_at=clock.now)
                )
    finally:
        store.close()
    for index, (level, kind, host, message) in enumerate(LOG_LINES):
        clock.advance(seconds=7)
        ids: dict[str, object] = {"device_id": devices[host].id, "hostname": host} if host else {}
        if kind is LogKind.JOB:
            ids["job_id"] = job.id
        services.logs.write(level, kind, message.format(n=index), **ids)


LOG_LINES = [
    (LogLevel.INFO, LogKind.JOB, None, "run 4 of job backup-core started: 4 devices"),
    (LogLevel.DEBUG, LogKind.CONNECTION, "core-sw1", "connecting to 10.0.0.1:22"),
    (LogLevel.INFO, LogKind.CONNECTION, "core-sw1", "logged in with credential netops"),
    (LogLevel.INFO, LogKind.JOB, "core-sw1", "backed up: 71 lines, unchanged"),
    (LogLevel.WARNING, LogKind.CONNECTION, "core-sw2", "attempt 1 timed out after 10 s; retrying"),
    (LogLevel.INFO, LogKind.JOB, "core-sw2", "backed up: 70 lines, changed (+1 -1)"),
    (LogLevel.ERROR, LogKind.CONNECTION, "lab-fw1", "authentication failed with every credential"),
    (LogLevel.INFO, LogKind.JOB, "edge-r1", "backed up: 69 lines, unchanged"),
    (LogLevel.INFO, LogKind.JOB, None, "run 4 of job backup-core finished: 3 ok, 1 failed"),
    (LogLevel.INFO, LogKind.AUDIT, None, "job backup-core updated: schedule every 4 h"),
    (LogLevel.INFO, LogKind.SYSTEM, None, "scheduler started (leader)"),
    (LogLevel.DEBUG, LogKind.SYSTEM, None, "lease renewed"),
] * 3


def _outcome(
    device, text: str, texts: list[str], generation: int, clock: FrozenClock
) -> DeviceOutcome:
    previous = texts[generation - 1].splitlines() if generation else []
    lines = text.splitlines()
    added = len(set(lines) - set(previous)) if generation else 0
    removed = len(set(previous) - set(lines)) if generation else 0
    target = DeviceTarget(device.id, device.hostname, device.address, device.port, device.platform)
    return DeviceOutcome(
        target,
        ResultStatus.SUCCESS,
        clock.now,
        clock.now,
        changed=True,
        sha256="0" * 64,
        size=len(text),
        lines=len(lines),
        lines_added=added,
        lines_removed=removed,
    )


@pytest.fixture
def history(
    services: Services, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Services, ConsoleRuntime]]:
    monkeypatch.setenv("GIT_AUTHOR_DATE", GIT_DATE)
    monkeypatch.setenv("GIT_COMMITTER_DATE", GIT_DATE)
    seed_history(services, clock)
    runtime = start_console_runtime(services, scheduler=False)
    yield services, runtime
    runtime.stop(1)


def test_logs(snap_compare, history) -> None:
    assert snap_compare(console(*history), run_before=keys("6", linger=LINGER), terminal_size=SIZE)


def test_logs_warnings_paused_at_80x24(snap_compare, history) -> None:
    assert snap_compare(
        console(*history),
        run_before=keys("6", "v", "v", "f", "k", "k", linger=LINGER),
        terminal_size=(80, 24),
    )


def test_configs_devices(snap_compare, history) -> None:
    assert snap_compare(console(*history), run_before=keys("7", linger=LINGER), terminal_size=SIZE)


def test_config_versions(snap_compare, history) -> None:
    assert snap_compare(
        console(*history),
        run_before=keys("7", "enter", "j", "space", linger=LINGER),
        terminal_size=SIZE,
    )


def test_config_view(snap_compare, history) -> None:
    assert snap_compare(
        console(*history), run_before=keys("7", "v", linger=LINGER), terminal_size=(80, 24)
    )


@pytest.mark.parametrize("size", [(100, 30), (160, 40)], ids=["unified-100", "side-by-side-160"])
def test_config_diff(snap_compare, history, size: tuple[int, int]) -> None:
    assert snap_compare(
        console(*history), run_before=keys("7", "d", linger=LINGER), terminal_size=size
    )


def test_config_search(snap_compare, history) -> None:
    run = keys("7", "s", *"^(ntp|logging) ", "enter", linger=LINGER)
    assert snap_compare(console(*history), run_before=run, terminal_size=SIZE)


def test_config_search_missing(snap_compare, history) -> None:
    run = keys("7", "m", *"^ntp server", "enter", linger=LINGER)
    assert snap_compare(console(*history), run_before=run, terminal_size=SIZE)


def test_device_page(snap_compare, history) -> None:
    """Enter on core-sw1: its facts, three versions with their change size, the last diff."""
    assert snap_compare(console(*history), run_before=keys("2", "enter"), terminal_size=SIZE)
