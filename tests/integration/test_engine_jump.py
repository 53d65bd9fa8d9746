"""Jump hosts (issue 12 point 5): a tag or a device names ``user@bastion:port`` and the
credential that logs in to it; sessions go through the lab's real bastion (asyncssh, which
forwards only to the lab's own device ports), with a password or an SSH key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from netraven_tui.cli import main
from netraven_tui.domain import (
    CredentialInput,
    DeviceInput,
    ErrorKind,
    ResultStatus,
    RunStatus,
    ValidationError,
)
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.connection_check import check_connection
from netraven_tui.runtime.factory import make_runner
from netraven_tui.services.jump_hosts import parse_jump_host
from tests.integration.test_engine import add_credential, engine_services

pytestmark = pytest.mark.lab

CLIENT_KEY = asyncssh.generate_private_key("ssh-ed25519")


@pytest.fixture(scope="module")
def jump_fleet() -> Iterator[LabFleet]:
    with LabFleet(
        devices=3,
        seed=12,
        platforms=["cisco_ios", "juniper_junos", "huawei"],
        jump_host=True,
        jump_authorized_keys=CLIENT_KEY.export_public_key("openssh").decode(),
    ) as fleet:
        yield fleet


def _bastion(fleet: LabFleet) -> str:
    assert fleet.jump_host is not None
    return f"{fleet.jump_host.username}@{fleet.jump_host.address}:{fleet.jump_host.port}"


def _jump_credential(services, fleet: LabFleet, name: str, password: str | None = None, key=None):
    assert fleet.jump_host is not None
    services.credentials.create(
        CredentialInput(
            name,
            fleet.jump_host.username,
            password if password is not None else ("" if key else fleet.jump_host.password),
            ssh_key=key,
        )
    )


def test_a_tag_jump_host_carries_every_session(
    settings, clock, env, jump_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, jump_fleet, tmp_path)
    add_credential(services, jump_fleet)
    _jump_credential(services, jump_fleet, "bastion-wrong", password="Not-It")
    _jump_credential(services, jump_fleet, "bastion")
    runner = make_runner(services)

    services.jumps.set_for_tag("lab", _bastion(jump_fleet), "bastion-wrong")
    refused = runner.run("backup-lab")
    results = services.runs.results(refused.id)
    assert {(r.error_kind, r.attempts) for r in results} == {(ErrorKind.AUTH, 1)}
    assert all(r.message.startswith(f"jump host {jump_fleet.jump_host.address}") for r in results)
    # The jump host's refusal is not the device credential's fault.
    assert services.credentials.get("lab").failure_count == 0
    # Trust on first use: the jump host's key was met (its login then refused), so it is
    # pinned; the devices behind it were never reached, so theirs are not.
    endpoint = f"{jump_fleet.jump_host.address}:{jump_fleet.jump_host.port}"
    assert services.hostkeys.jump_pins()[endpoint].fingerprint == jump_fleet.jump_host.fingerprint
    assert services.hostkeys.pins() == {}

    services.jumps.set_for_tag("lab", _bastion(jump_fleet), "bastion")
    run = runner.run("backup-lab")
    assert (run.status, run.succeeded, run.changed) == (RunStatus.SUCCESS, 3, 3)
    pins = services.hostkeys.jump_pins()
    assert pins[endpoint].fingerprint == jump_fleet.jump_host.fingerprint  # first use, pinned
    device_pin = services.hostkeys.get(jump_fleet.devices[0].hostname)
    assert device_pin.fingerprint == jump_fleet.host_key_fingerprint  # the device's own key
    again = runner.run("backup-lab")
    assert (again.succeeded, again.changed) == (3, 0)

    steps = list(
        check_connection(services, services.devices.get(jump_fleet.devices[1].hostname).id)
    )
    assert [s.ok for s in steps] == [True, True]
    assert "via jump@" in steps[0].label and steps[0].pinned
    assert steps[1].detail.startswith("prompt ")


def test_a_device_jump_host_with_an_ssh_key_wins_over_its_tags(
    settings, clock, env, jump_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, jump_fleet, tmp_path)
    add_credential(services, jump_fleet)
    key_text = CLIENT_KEY.export_private_key("openssh").decode()
    _jump_credential(services, jump_fleet, "bastion-key", key=key_text)
    _jump_credential(services, jump_fleet, "bastion-wrong", password="Not-It")
    assert services.credentials.get("bastion-key").has_ssh_key
    services.jumps.set_for_tag("lab", _bastion(jump_fleet), "bastion-wrong")
    one = jump_fleet.devices[0].hostname
    services.jumps.set_for_device(one, _bastion(jump_fleet), "bastion-key")
    run = make_runner(services).run("backup-lab")
    statuses = {r.hostname: (r.status, r.error_kind) for r in services.runs.results(run.id)}
    assert statuses[one] == (ResultStatus.SUCCESS, None)
    assert {v for k, v in statuses.items() if k != one} == {(ResultStatus.FAILED, ErrorKind.AUTH)}


def test_forwarding_the_jump_host_does_not_allow_is_unreachable_and_not_retried(
    settings, clock, env, jump_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, jump_fleet, tmp_path)
    add_credential(services, jump_fleet)
    _jump_credential(services, jump_fleet, "bastion")
    with LabFleet(devices=1, seed=13, platforms=["cisco_ios"]) as elsewhere:
        outside = elsewhere.devices[0]
        services.devices.create(
            DeviceInput(
                "outside",
                outside.address,
                outside.platform,
                outside.port,
                ("lab",),
                jump_host=_bastion(jump_fleet),
                jump_credential="bastion",
            )
        )
        run = make_runner(services).run("backup-lab")
    result = next(r for r in services.runs.results(run.id) if r.hostname == "outside")
    assert (result.error_kind, result.attempts) == (ErrorKind.UNREACHABLE, 1)
    assert "does not allow forwarding" in result.message


def test_jump_host_settings_are_checked_and_conflicts_named(
    settings, clock, env, jump_fleet: LabFleet, tmp_path: Path
) -> None:
    services = engine_services(settings, clock, env, jump_fleet, tmp_path)
    add_credential(services, jump_fleet)
    _jump_credential(services, jump_fleet, "bastion")
    assert str(parse_jump_host("netops@[2001:db8::1]:2222")) == "netops@[2001:db8::1]:2222"
    assert str(parse_jump_host("bastion.example.net")) == "bastion.example.net:22"
    for bad, field in (
        ("user@:22", "jump_host"),
        ("host:99999", "jump_host"),
        ("bad user@host", "jump_host"),
    ):
        with pytest.raises(ValidationError) as error:
            services.jumps.set_for_tag("lab", bad, "bastion")
        assert error.value.field == field
    with pytest.raises(ValidationError, match="does not exist"):
        services.jumps.set_for_tag("lab", "bastion:22", "nobody")
    with pytest.raises(ValidationError, match="required"):
        services.jumps.set_for_tag("lab", "bastion:22", "")
    services.tags.create("dc1", jump_host="a@bastion-1:22", jump_credential="bastion")
    services.tags.create("dc2", jump_host="b@bastion-2:22", jump_credential="bastion")
    host = jump_fleet.devices[0].hostname
    device = services.devices.get(host)
    services.devices.update(
        device.id,
        DeviceInput(
            host, device.address, device.platform, device.port, (*device.tags, "dc1", "dc2")
        ),
    )
    assert services.devices.get(host).jump_host == ""  # an update without jump fields keeps it
    run = make_runner(services).run("backup-lab")
    result = next(r for r in services.runs.results(run.id) if r.hostname == host)
    assert result.error_kind is ErrorKind.UNREACHABLE and "different jump hosts" in result.message
    with pytest.raises(ValidationError, match="jump host of tag dc1"):
        services.credentials.delete("bastion")


def test_cli_flags_for_jump_hosts_and_ssh_keys(
    settings, clock, env, jump_fleet: LabFleet, tmp_path: Path, capsys
) -> None:
    services = engine_services(settings, clock, env, jump_fleet, tmp_path)
    add_credential(services, jump_fleet)
    key_file = tmp_path / "id_ed25519"
    key_file.write_text(CLIENT_KEY.export_private_key("openssh").decode())
    assert (
        main(
            [
                "credential",
                "add",
                "bastion",
                "--username",
                "jump",
                "--ssh-key-file",
                str(key_file),
                "--no-enable-secret",
            ]
        )
        == 0
    )
    assert "with SSH key" in capsys.readouterr().out
    bastion = _bastion(jump_fleet)
    assert main(["tag", "add", "far", "--jump-host", bastion, "--jump-credential", "bastion"]) == 0
    assert f"jump host {bastion}" in capsys.readouterr().out
    assert main(["tag", "edit", "lab", "--jump-host", bastion, "--jump-credential", "bastion"]) == 0
    assert main(["tag", "edit", "far", "--no-jump-host"]) == 0
    assert "no jump host" in capsys.readouterr().out.splitlines()[-1]
    assert main(["tag", "edit", "lab", "--jump-host", "x@:1", "--jump-credential", "bastion"]) == 1
    assert "jump_host:" in capsys.readouterr().err
    device = jump_fleet.devices[0]
    assert (
        main(
            [
                "device",
                "add",
                "via-jump",
                "127.0.0.2",
                "--platform",
                "cisco_ios",
                "--jump-host",
                bastion,
                "--jump-credential",
                "bastion",
            ]
        )
        == 0
    )
    assert f"jump host {bastion}" in capsys.readouterr().out
    assert services.devices.get("via-jump").jump_host == bastion
    assert main(["device", "jump", device.hostname, "--no-jump-host"]) == 0
    run = make_runner(services).run("backup-lab")
    assert run.succeeded == 3  # through the lab tag's jump host, logged in with the key
