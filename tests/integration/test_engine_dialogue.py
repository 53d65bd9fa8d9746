"""The engine against real device dialogue (issue 12 point 2): enable refusals, MOTDs that look
like prompts, paging it cannot turn off, a slow "Building configuration...", a 5 MB config,
IOS-XR timestamps and Junos {master:0}, the six newer dialects; and every failure of every
lab fault reads as one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.backup.session import SessionTimeouts, open_session
from netraven_tui.config import load_settings
from netraven_tui.domain import (
    CredentialInput,
    CredentialSecret,
    DeviceTarget,
    ErrorKind,
    ResultStatus,
    RunStatus,
)
from netraven_tui.lab import Fault, LabFleet
from netraven_tui.platforms import BUILTIN_PLATFORMS
from netraven_tui.runtime.factory import make_runner
from tests.integration.test_engine import add_credential, engine_services, repo_files

pytestmark = pytest.mark.lab

NEW_DIALECTS = ["cisco_xr", "cisco_asa", "paloalto_panos", "fortinet", "hp_comware", "hp_procurve"]


@pytest.fixture(scope="module")
def real_fleet() -> Iterator[LabFleet]:
    """IOS devices with the real-device behaviours, a Junos virtual-chassis member, an XR."""
    with LabFleet(
        devices=9,
        seed=23,
        platforms=["cisco_ios", "cisco_ios", "cisco_xr"],
        faults="banner:1,paging:1,preamble:1,huge:1,master:1,enable:1",
    ) as fleet:
        yield fleet


def _stored(services, fleet: LabFleet, fault: Fault) -> tuple[str, str]:
    (device,) = fleet.with_fault(fault)
    return device.hostname, repo_files(services)[f"configs/{device.hostname}.cfg"]


def _same_config(fleet: LabFleet, hostname: str, stored: str) -> bool:
    expected = fleet.strip_noise(hostname, fleet.expected_config(hostname))
    return fleet.strip_noise(hostname, stored) == expected


def test_real_device_dialogue_is_backed_up_whole_and_unchanged_on_a_second_run(
    settings, clock, env, real_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(
        settings, clock, env, real_fleet, tmp_path, mask_secrets=False, command_timeout=20.0
    )
    add_credential(services, real_fleet)
    runner = make_runner(services)
    first = runner.run("backup-lab")
    results = {r.hostname: r for r in services.runs.results(first.id)}
    (enable,) = real_fleet.with_fault(Fault.ENABLE)
    failed = {h: r for h, r in results.items() if r.status is not ResultStatus.SUCCESS}
    assert set(failed) == {enable.hostname}
    assert failed[enable.hostname].error_kind is ErrorKind.AUTH
    assert "enable secret rejected" in failed[enable.hostname].message

    # A MOTD whose lines hold "#", ">" and the hostname is not taken for a prompt.
    host, text = _stored(services, real_fleet, Fault.BANNER)
    assert _same_config(real_fleet, host, text) and "NetRaven lab device" not in text
    # AAA refused "terminal length 0": paged through, no pager residue.
    host, text = _stored(services, real_fleet, Fault.PAGING)
    assert _same_config(real_fleet, host, text)
    assert "--More--" not in text and "\b" not in text and "\x1b" not in text
    # "Building configuration..." then 3 s of silence: waited for, and not stored.
    host, text = _stored(services, real_fleet, Fault.PREAMBLE)
    assert _same_config(real_fleet, host, text) and "Building configuration" not in text
    # 5 MB in one command.
    host, text = _stored(services, real_fleet, Fault.HUGE)
    assert len(text.encode()) >= 5_000_000 and _same_config(real_fleet, host, text)
    # Junos on a virtual chassis: "{master:0}" before every prompt is noise.
    host, text = _stored(services, real_fleet, Fault.MASTER)
    assert "{master:0}" not in text and text.rstrip().splitlines()[-1].startswith("set ")
    # IOS-XR prints the time before the configuration: noise.
    xr = next(d for d in real_fleet.devices if d.platform == "cisco_xr" and not d.fault)
    text = repo_files(services)[f"configs/{xr.hostname}.cfg"]
    assert text.startswith("!! IOS XR Configuration") and _same_config(
        real_fleet, xr.hostname, text
    )

    second = runner.run("backup-lab")
    assert (second.changed, second.commit, second.failed) == (0, None, 1)


def test_a_rejected_enable_secret_is_auth_and_the_next_credential_is_tried(
    settings, clock, env, real_fleet: LabFleet, tmp_path: Path
) -> None:
    (device,) = real_fleet.with_fault(Fault.ENABLE)
    assert device.enable_reject == "bad-secrets"  # Password: three times, then % Bad secrets
    services = engine_services(settings, clock, env, real_fleet, tmp_path)
    add_credential(services, real_fleet, "fleet-enable", priority=1)  # wrong enable here
    services.credentials.create(
        CredentialInput(
            "its-enable",
            real_fleet.username,
            real_fleet.password,
            device.enable_secret,
            priority=2,
            tags=(f"fault-{Fault.ENABLE}",),
        )
    )
    run = make_runner(services).run("backup-lab")
    result = next(r for r in services.runs.results(run.id) if r.hostname == device.hostname)
    assert (result.status, result.credential, result.attempts) == (
        ResultStatus.SUCCESS,
        "its-enable",
        2,
    )
    assert services.credentials.get("fleet-enable").failure_count == 1
    # How long the refusal took: a figure, not an assertion (tests/benchmarks/
    # enable_rejection.py measures it); Netmiko alone waits for its read timeout.
    print(f"\nenable refusal + second credential: {result.duration_ms} ms")


def test_the_prompt_changes_from_user_to_privileged_mode(real_fleet: LabFleet) -> None:
    device = next(d for d in real_fleet.devices if d.platform == "cisco_ios" and not d.fault)
    assert not device.privileged_login  # the lab's IOS logs in at "host>"
    credential = CredentialSecret(
        1, "lab", real_fleet.username, real_fleet.password, real_fleet.enable_secret
    )
    target = DeviceTarget(1, device.hostname, device.address, device.port, device.platform)
    spec = BUILTIN_PLATFORMS["cisco_ios"]
    with open_session(target, spec, credential, SessionTimeouts(5, 15)) as session:
        assert session.prompt() == f"{device.hostname}#"
        capture = session.capture()
    assert capture.prompt == device.hostname
    assert capture.text.rstrip().endswith("end")


def test_the_six_newer_dialects_are_backed_up_end_to_end(
    settings, clock, env, tmp_path: Path
) -> None:
    with LabFleet(devices=12, seed=31, platforms=NEW_DIALECTS) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path)
        add_credential(services, fleet)
        runner = make_runner(services)
        first = runner.run("backup-lab")
        second = runner.run("backup-lab")
    failures = [(r.hostname, r.message) for r in services.runs.results(first.id) if r.message]
    assert (first.status, first.succeeded, first.changed, failures) == (
        RunStatus.SUCCESS,
        12,
        12,
        [],
    )
    assert (second.status, second.changed, second.commit) == (RunStatus.SUCCESS, 0, None)
    stored = repo_files(services)
    for device in fleet.devices:
        text = stored[f"configs/{device.hostname}.cfg"]
        assert len(text.splitlines()) >= 100, device.platform
        for secret in fleet.secrets(device.hostname):
            assert secret not in text, f"{device.platform} secret {secret[:4]}… stored"


def test_every_fault_fails_with_one_line_and_a_device_kind(
    settings, clock, env, tmp_path: Path, capsys
) -> None:
    """Property: over every lab fault, no result, log line or CLI message holds a newline or
    exceeds 200 characters, and none is ``internal``."""
    from netraven_tui.cli import main

    kinds = [f for f in Fault if f is not Fault.HUGE]  # huge succeeds; it is covered above
    spec = ",".join(f"{kind.value}:1" for kind in kinds)
    with LabFleet(devices=len(kinds) + 2, seed=41, faults=spec, slow_bps=200_000) as fleet:
        services = engine_services(
            settings, clock, env, fleet, tmp_path, connect_timeout=2.0, command_timeout=6.0
        )
        add_credential(services, fleet)
        run = make_runner(services).run("backup-lab")
    with LabFleet(devices=1, seed=4, legacy_kex="sha1-only", platforms=["cisco_ios"]) as old:
        old_env = {"NETRAVEN_HOME": str(tmp_path / "old-home")}
        old_services = engine_services(load_settings(old_env), clock, old_env, old, tmp_path)
        add_credential(old_services, old)
        old_run = make_runner(old_services).run("backup-lab")
    results = services.runs.results(run.id) + old_services.runs.results(old_run.id)
    by_fault = {d.hostname: d.fault for d in fleet.devices}
    failed = [r for r in results if r.status is ResultStatus.FAILED]
    expected_failures = {Fault.AUTH, Fault.ENABLE, Fault.REFUSED, Fault.HANG, Fault.DROP}
    assert {by_fault.get(r.hostname) for r in failed} == expected_failures | {None}
    messages = [r.message for r in results if r.message]
    assert messages and all("\n" not in m and "\r" not in m and len(m) <= 200 for m in messages)
    # A log line is "<hostname>: <kind>: <message>": one line, the message part as above.
    logged = [e.message for e in services.logs.recent(limit=1000)]
    logged += [e.message for e in old_services.logs.recent(limit=1000)]
    assert all("\n" not in m and "\r" not in m for m in logged)
    for result in failed:
        line = f"{result.hostname}: {result.error_kind}: {result.message}"
        assert line in logged
    assert all(r.error_kind is not ErrorKind.INTERNAL for r in results)
    assert {r.error_kind for r in failed} >= {
        ErrorKind.AUTH,
        ErrorKind.UNREACHABLE,
        ErrorKind.TIMEOUT,
        ErrorKind.DISCONNECTED,
        ErrorKind.PROTOCOL,
    }
    (legacy,) = old_services.runs.results(old_run.id)
    assert (legacy.error_kind, legacy.attempts) == (ErrorKind.PROTOCOL, 1)  # not retried
    assert "kex" in legacy.message
    capsys.readouterr()
    old_services.close()
    assert main(["run", "show", str(run.id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert all("\n" not in r["message"] and len(r["message"]) <= 200 for r in shown["results"])
    devices = services.devices.list()
    assert all("\n" not in (d.last_backup_error or "") for d in devices)
