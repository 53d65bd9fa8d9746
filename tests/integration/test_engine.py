"""The backup engine against the lab fleet: real Netmiko, real SSH on loopback, a real git repo."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.config import Settings
from netraven_tui.domain import (
    Actor,
    CredentialInput,
    ErrorKind,
    JobInput,
    ResultStatus,
    RunStatus,
)
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.events import DeviceDone, EventBus
from netraven_tui.runtime.factory import make_runner
from netraven_tui.services import Services, open_services
from tests.conftest import FrozenClock

PLATFORMS = [
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "arista_eos",
    "juniper_junos",
    "mikrotik_routeros",
    "huawei",
]
FAST = {
    "connect_timeout": 3.0,
    "command_timeout": 15.0,
    "attempts": 2,
    "backoff_seconds": 0.1,
    "workers": 8,
}

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def healthy_fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=len(PLATFORMS), platforms=PLATFORMS, seed=11, faults="drift:1") as fleet:
        yield fleet


@pytest.fixture(scope="module")
def faulty_fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=8, seed=5, faults="auth:1,refused:1,hang:1,drop:1,enable:1") as fleet:
        yield fleet


def engine_services(
    settings: Settings,
    clock: FrozenClock,
    env: dict[str, str],
    fleet: LabFleet,
    tmp_path: Path,
    **overrides: object,
) -> Services:
    services = open_services(
        settings.with_(**{**FAST, **overrides}), Actor.system("tester"), env=env
    )
    report = services.devices.import_csv(fleet.write_inventory(tmp_path / "inventory.csv"))
    assert report.skipped == 0
    services.jobs.create(JobInput("backup-lab", "backup", tags=("lab",)))
    return services


def add_credential(
    services: Services,
    fleet: LabFleet,
    name: str = "lab",
    priority: int = 10,
    password: str | None = None,
) -> None:
    services.credentials.create(
        CredentialInput(
            name,
            fleet.username,
            password or fleet.password,
            fleet.enable_secret,
            priority,
            ("lab",),
        )
    )


def repo_files(services: Services) -> dict[str, str]:
    repo = services.ctx.settings.locations.repo
    names = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        name: subprocess.run(
            ["git", "-C", str(repo), "show", f"HEAD:{name}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name in names
    }


def test_every_platform_is_backed_up_and_a_second_run_changes_nothing(
    settings, clock, env, healthy_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, healthy_fleet, tmp_path)
    add_credential(services, healthy_fleet)
    runner = make_runner(services)

    first = runner.run("backup-lab")
    assert (first.status, first.succeeded, first.changed) == (
        RunStatus.SUCCESS,
        len(PLATFORMS),
        len(PLATFORMS),
    )
    files = repo_files(services)
    assert sorted(files) == sorted(f"configs/{d.hostname}.cfg" for d in healthy_fleet.devices)
    for device in healthy_fleet.devices:
        stored = files[f"configs/{device.hostname}.cfg"]
        assert 300 <= stored.count("\n") <= 3000

    second = runner.run("backup-lab")
    drifting = [d.hostname for d in healthy_fleet.devices if d.fault == "drift"]
    assert second.status is RunStatus.SUCCESS and second.changed == len(drifting)
    steady = [r for r in services.runs.results(second.id) if r.hostname not in drifting]
    assert steady and all(not r.changed for r in steady)
    assert len(services.configs.history(steady[0].hostname)) == 1


def test_no_lab_secret_reaches_the_repository(
    settings, clock, env, healthy_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, healthy_fleet, tmp_path)
    add_credential(services, healthy_fleet)
    make_runner(services).run("backup-lab")
    repo = services.ctx.settings.locations.repo
    everything = subprocess.run(
        ["git", "-C", str(repo), "log", "-p", "--all"], capture_output=True, text=True, check=True
    ).stdout
    assert "<removed>" in everything
    for device in healthy_fleet.devices:
        for secret in healthy_fleet.secrets(device.hostname):
            assert secret not in everything, (
                f"{device.platform} secret {secret[:4]}… leaked into git"
            )
    logged = " ".join(entry.message for entry in services.logs.recent(limit=1000))
    for secret in (healthy_fleet.password, healthy_fleet.enable_secret):
        assert secret not in everything and secret not in logged


def test_masking_can_be_turned_off(
    settings, clock, env, healthy_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, healthy_fleet, tmp_path, mask_secrets=False)
    add_credential(services, healthy_fleet)
    make_runner(services).run("backup-lab")
    ios = next(d for d in healthy_fleet.devices if d.platform == "cisco_ios")
    stored = repo_files(services)[f"configs/{ios.hostname}.cfg"]
    assert any(secret in stored for secret in healthy_fleet.secrets(ios.hostname))


def test_drift_commit_holds_only_the_drift(
    settings, clock, env, healthy_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, healthy_fleet, tmp_path)
    add_credential(services, healthy_fleet)
    runner = make_runner(services)
    runner.run("backup-lab")
    second = runner.run("backup-lab")
    [drifting] = [d.hostname for d in healthy_fleet.devices if d.fault == "drift"]
    repo = services.ctx.settings.locations.repo
    stat = (
        subprocess.run(
            ["git", "-C", str(repo), "show", "--numstat", "--format=%s", second.commit],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()
    )
    assert stat[0] == f"backup-lab: run {second.id}, 1 changed: {drifting}"
    assert stat[-1].split() == ["1", "1", f"configs/{drifting}.cfg"]
    [newest, _] = services.configs.history(drifting)
    assert (newest.lines_added, newest.lines_removed, newest.commit) == (1, 1, second.commit)


def test_credential_fallback_then_the_one_that_worked_goes_first(
    settings, clock, env, healthy_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, healthy_fleet, tmp_path)
    add_credential(services, healthy_fleet, "wrong", priority=1, password="Not-The-Password")
    add_credential(services, healthy_fleet, "right", priority=10)
    runner = make_runner(services)

    first = runner.run("backup-lab")
    assert first.status is RunStatus.SUCCESS
    assert {(r.credential, r.attempts) for r in services.runs.results(first.id)} == {("right", 2)}
    count = len(PLATFORMS)
    credentials = {c.name: c for c in services.credentials.list()}
    assert (credentials["wrong"].failure_count, credentials["right"].success_count) == (
        count,
        count,
    )

    second = runner.run("backup-lab")
    assert {(r.credential, r.attempts) for r in services.runs.results(second.id)} == {("right", 1)}
    assert services.credentials.get("wrong").failure_count == count
    assert services.devices.get(healthy_fleet.devices[0].hostname).last_credential == "right"


def test_faults_are_classified_retried_and_do_not_disturb_the_rest(
    settings, clock, env, faulty_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, faulty_fleet, tmp_path, connect_timeout=2.0)
    add_credential(services, faulty_fleet)
    run = make_runner(services).run("backup-lab")
    results = {r.hostname: r for r in services.runs.results(run.id)}
    by_fault = {d.fault: results[d.hostname] for d in faulty_fleet.devices if d.fault}
    expected = {
        "auth": (ErrorKind.AUTH, 1),
        "enable": (ErrorKind.AUTH, 1),
        "refused": (ErrorKind.UNREACHABLE, 2),
        "hang": (ErrorKind.TIMEOUT, 2),
        "drop": (ErrorKind.DISCONNECTED, 2),
    }
    assert {fault: (r.error_kind, r.attempts) for fault, r in by_fault.items()} == expected
    assert "enable" in by_fault["enable"].message and "refused" in by_fault["refused"].message
    healthy = [results[d.hostname] for d in faulty_fleet.devices if not d.fault]
    assert healthy and all(r.status is ResultStatus.SUCCESS and r.changed for r in healthy)
    assert run.status is RunStatus.PARTIAL and (run.succeeded, run.failed) == (len(healthy), 5)
    stored = repo_files(services)
    assert sorted(stored) == sorted(
        f"configs/{d.hostname}.cfg" for d in faulty_fleet.devices if not d.fault
    )
    failing = services.devices.get(by_fault["drop"].hostname)
    assert failing.last_backup_status == "failed" and failing.last_backup_error.startswith(
        "disconnected"
    )


def test_cancel_skips_devices_not_started(settings, clock, env, tmp_path: Path) -> None:
    with LabFleet(devices=10, seed=2, latency_ms=150) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, workers=1)
        add_credential(services, fleet)
        bus = EventBus()
        runner = make_runner(services, bus)
        first_done = threading.Event()
        bus.subscribe(lambda event: first_done.set() if isinstance(event, DeviceDone) else None)
        run_id = runner.start("backup-lab")
        assert first_done.wait(60)
        assert runner.cancel(run_id)
        run = runner.wait(run_id, timeout=60)
    assert run is not None and run.status is RunStatus.CANCELLED
    assert run.succeeded >= 1 and run.skipped >= 1 and run.succeeded + run.skipped == 10
    skipped = [r for r in services.runs.results(run_id) if r.status is ResultStatus.SKIPPED]
    assert skipped and all("cancelled" in r.message for r in skipped)
    assert len(repo_files(services)) == run.changed


def test_killed_run_leaves_repo_and_db_consistent(
    settings, clock, env, home: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import sys
    import time

    with LabFleet(devices=8, seed=4, latency_ms=200) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, workers=1)
        add_credential(services, fleet)
        services.close()
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
        child_env.update({"NETRAVEN_HOME": str(home), "NETRAVEN_WORKERS": "1"})
        child = subprocess.Popen(
            [sys.executable, "-m", "netraven_tui", "job", "run", "backup-lab"],
            env=child_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        reopened = open_services(settings, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait until at least one device is recorded
            running = reopened.runs.list(status=RunStatus.RUNNING)
            if running and reopened.runs.results(running[0].id):
                break
            time.sleep(0.2)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    repo = home / "configs.git"
    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "-q", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert head == ""  # the run's single commit never happened: nothing half-done is visible
    subprocess.run(
        ["git", "-C", str(repo), "fsck", "--no-dangling"], check=True, capture_output=True
    )
    assert reopened.configs.latest() == {}
    after = open_services(settings, env=env)  # the next start tidies up
    [run] = after.runs.list()
    assert run.status is RunStatus.INTERRUPTED and "stopped before it finished" in run.message


def test_config_commands_show_history_diff_and_search(
    settings, clock, env, healthy_fleet: LabFleet, tmp_path: Path, capsys
) -> None:
    from netraven_tui.cli import main

    services = engine_services(settings, clock, env, healthy_fleet, tmp_path)
    add_credential(services, healthy_fleet)
    runner = make_runner(services)
    runner.run("backup-lab")
    second = runner.run("backup-lab")
    [drifting] = [d.hostname for d in healthy_fleet.devices if d.fault == "drift"]
    capsys.readouterr()

    assert main(["config", "history", drifting, "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [h["version"] for h in history] == [2, 1] and history[0]["commit"] == second.commit

    assert main(["config", "diff", drifting]) == 0
    diff = capsys.readouterr().out.splitlines()
    changes = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changes) == 2 and changes[0].startswith("-") and changes[1].startswith("+")
    assert main(["config", "show", drifting]) == 0
    latest = capsys.readouterr().out.splitlines()
    changed = changes[1][1:]
    depth = len(changed) - len(changed.lstrip())
    hunk = next(line for line in diff if line.startswith("@@"))
    if depth:  # nested (indented): the hunk is headed by the line it sits in, as git names
        at = latest.index(changed)  # a function; the parent found here by indentation alone
        parent = next(
            line
            for line in reversed(latest[:at])
            if line.strip() and len(line) - len(line.lstrip()) < depth
        )
        assert hunk.endswith(parent.strip()), (hunk, parent)

    assert main(["config", "show", drifting, "--version", "1"]) == 0
    repo = services.ctx.settings.locations.repo
    first = subprocess.run(
        ["git", "-C", str(repo), "show", f"{history[1]['commit']}:configs/{drifting}.cfg"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert capsys.readouterr().out == first

    ios = next(d.hostname for d in healthy_fleet.devices if d.platform == "cisco_ios")
    assert main(["config", "search", "^hostname ", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert ios in found["matched"] and "huawei" not in " ".join(found["matched"])
    # --missing is a compliance check: exit 1 when a device lacks the line, 0 when none does
    assert main(["config", "search", "^hostname ", "--missing"]) == 1
    missing = capsys.readouterr().out.split()
    huawei = next(d.hostname for d in healthy_fleet.devices if d.platform == "huawei")
    assert huawei in missing and ios not in missing
    assert main(["config", "search", ".", "--missing"]) == 0
    assert capsys.readouterr().out.split() == []
    assert main(["config", "search", "^hostname ", "--missing", "--json"]) == 1
    assert huawei in json.loads(capsys.readouterr().out)["missing"]


def test_connection_check_shows_fallback_and_the_prompt(
    settings, clock, env, healthy_fleet: LabFleet, faulty_fleet: LabFleet, tmp_path: Path
) -> None:
    from netraven_tui.runtime.connection_check import check_connection

    services = engine_services(settings, clock, env, healthy_fleet, tmp_path)
    add_credential(services, healthy_fleet, "wrong", priority=1, password="Not-The-Password")
    add_credential(services, healthy_fleet, "right", priority=10)
    ios = next(d for d in healthy_fleet.devices if d.platform == "cisco_ios")
    steps = list(check_connection(services, services.devices.get(ios.hostname).id))
    assert [(s.label.split()[0], s.ok) for s in steps] == [
        ("TCP", True),
        ("host", True),
        ("login", False),
        ("login", True),
    ]
    assert steps[1].detail.startswith(healthy_fleet.host_key_fingerprint)
    assert "not pinned yet" in steps[1].detail and not steps[1].pinned
    assert "wrong" in steps[2].label and "auth" in steps[2].detail
    assert steps[3].detail == f"prompt {ios.hostname}#"
    assert not any(
        healthy_fleet.password in s.detail or healthy_fleet.enable_secret in s.detail for s in steps
    )

    refused = next(d for d in faulty_fleet.devices if d.fault == "refused")
    from netraven_tui.domain import DeviceInput

    device = services.devices.create(
        DeviceInput("refused-one", refused.address, refused.platform, refused.port, ("lab",))
    )
    [step] = list(check_connection(services, device.id))
    assert step.ok is False and "refused" in step.detail


def test_a_renamed_device_keeps_its_history(
    settings, clock, env, healthy_fleet: LabFleet, tmp_path: Path
) -> None:
    from netraven_tui.domain import DeviceInput

    services = engine_services(settings, clock, env, healthy_fleet, tmp_path)
    add_credential(services, healthy_fleet)
    runner = make_runner(services)
    runner.run("backup-lab")
    old = next(d for d in healthy_fleet.devices if d.platform == "arista_eos")
    device = services.devices.get(old.hostname)
    services.devices.update(
        device.id,
        DeviceInput("eos-renamed", device.address, device.platform, device.port, device.tags),
    )
    second = runner.run("backup-lab")
    assert second.commit is not None
    files = repo_files(services)
    assert "configs/eos-renamed.cfg" in files and f"configs/{old.hostname}.cfg" not in files
    repo = services.ctx.settings.locations.repo
    log = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "log",
            "--follow",
            "--name-status",
            "--format=%H",
            "--",
            "configs/eos-renamed.cfg",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        f"configs/{old.hostname}.cfg" in log and log.count("\n\n") >= 1
    )  # the rename and the first version
    assert [v.path for v in services.configs.history("eos-renamed")] == [
        "configs/eos-renamed.cfg",
        f"configs/{old.hostname}.cfg",
    ]


def test_latency_does_not_corrupt_captures(settings, clock, env, tmp_path: Path) -> None:
    # With latency, Netmiko's login can leave a prompt in flight that arrives after the command
    # is sent; taken for the end of the output it would store an empty or prompt-prefixed file.
    with LabFleet(devices=12, seed=9, latency_ms=50, platforms=PLATFORMS) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, workers=12)
        add_credential(services, fleet)
        runner = make_runner(services)
        first = runner.run("backup-lab")
        second = runner.run("backup-lab")
    assert (first.status, first.succeeded, first.changed) == (RunStatus.SUCCESS, 12, 12)
    assert (second.status, second.changed, second.commit) == (RunStatus.SUCCESS, 0, None)
    for name, text in repo_files(services).items():
        assert "show running-config" not in text.splitlines()[0] and "#show" not in text, name
