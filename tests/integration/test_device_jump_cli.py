"""A device's own jump host: `device edit --jump-host/--no-jump-host`, and the inventory CSV
carrying it (export -> import keeps it; a file without the columns leaves it as it is)."""

from __future__ import annotations

import io
from pathlib import Path

from netraven_tui.cli import main
from netraven_tui.domain import CredentialInput, DeviceInput
from netraven_tui.services import Services

BASTION = "netops@bastion.example.net:2222"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _inventory(services: Services) -> None:
    services.credentials.create(CredentialInput("bastion", "netops", "Jump-Secret-1"))
    services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios", site="paris"))
    services.devices.create(DeviceInput("r2", "10.0.0.2", "cisco_ios"))


def test_device_edit_sets_and_clears_its_own_jump_host(services: Services, capsys) -> None:
    _inventory(services)
    code, out, err = run(
        capsys, "device", "edit", "r1", "--jump-host", BASTION, "--jump-credential", "bastion"
    )
    assert (code, err) == (0, "") and f"jump host {BASTION}" in out
    device = services.devices.get("r1")
    assert (device.jump_host, device.jump_credential) == (
        "netops@bastion.example.net:2222",
        "bastion",
    )
    # Editing another field keeps the jump host.
    assert run(capsys, "device", "edit", "r1", "--description", "core")[0] == 0
    assert services.devices.get("r1").jump_host == BASTION
    code, out, _ = run(capsys, "device", "edit", "r1", "--no-jump-host")
    assert code == 0 and "no jump host of its own" in out
    device = services.devices.get("r1")
    assert (device.jump_host, device.jump_credential, device.description) == ("", "", "core")


def test_device_edit_jump_host_mistakes_are_one_line(services: Services, capsys) -> None:
    _inventory(services)
    cases = [
        (("--jump-host", BASTION), "jump_credential: required"),
        (("--jump-host", BASTION, "--jump-credential", "nope"), "'nope' does not exist"),
        (("--jump-host", "a b", "--jump-credential", "bastion"), "jump_host:"),
        (("--jump-host", BASTION, "--no-jump-host"), "not both"),
        (("--jump-credential", "bastion"), "give it with --jump-host"),
    ]
    for extra, expected in cases:
        code, out, err = run(capsys, "device", "edit", "r1", *extra)
        assert code == 1 and out == "" and err.count("\n") == 1 and expected in err, (extra, err)
    assert services.devices.get("r1").jump_host == ""


def test_export_then_import_keeps_the_jump_host(services: Services, capsys, tmp_path: Path) -> None:
    _inventory(services)
    services.jumps.set_for_device("r1", BASTION, "bastion")
    target = tmp_path / "inventory.csv"
    assert run(capsys, "device", "export", str(target))[0] == 0
    lines = target.read_text().splitlines()
    assert (
        lines[0] == "hostname,address,platform,port,tags,description,site,jump_host,jump_credential"
    )
    assert lines[1] == f"r1,10.0.0.1,cisco_ios,22,,,paris,{BASTION},bastion"
    assert lines[2] == "r2,10.0.0.2,cisco_ios,22,,,,,"
    for hostname in ("r1", "r2"):
        services.devices.delete(hostname)
    code, out, err = run(capsys, "device", "import", str(target))
    assert code == 0, err
    device = services.devices.get("r1")
    assert (device.jump_host, device.jump_credential, device.site) == (BASTION, "bastion", "paris")
    assert services.devices.get("r2").jump_host == ""
    # An --update from the same file with the jump host cleared clears it.
    target.write_text(target.read_text().replace(f"{BASTION},bastion", ","))
    assert run(capsys, "device", "import", "--update", str(target))[0] == 0
    assert services.devices.get("r1").jump_host == ""


def test_an_older_csv_without_jump_columns_keeps_the_jump_host(services: Services) -> None:
    _inventory(services)
    services.jumps.set_for_device("r1", BASTION, "bastion")
    old_format = (
        "hostname,address,platform,port,tags,description,site\nr1,10.0.0.9,cisco_ios,22,,,\n"
    )
    report = services.devices.import_csv(io.StringIO(old_format), update=True)
    assert report.updated == ("r1",) and not report.problems
    device = services.devices.get("r1")
    assert (device.address, device.jump_host, device.jump_credential) == (
        "10.0.0.9",
        BASTION,
        "bastion",
    )


def test_a_bad_jump_host_row_is_reported_and_skipped(services: Services) -> None:
    _inventory(services)
    rows = (
        "hostname,address,platform,jump_host,jump_credential\n"
        f"r3,10.0.0.3,cisco_ios,{BASTION},bastion\n"
        f"r4,10.0.0.4,cisco_ios,{BASTION},missing\n"
        "r5,10.0.0.5,cisco_ios,,bastion\n"
        f"r6,10.0.0.6,cisco_ios,{BASTION},\n"
    )
    report = services.devices.import_csv(io.StringIO(rows))
    assert report.created == ("r3",)
    assert [p.line for p in report.problems] == [3, 4, 5]
    assert "credential 'missing' does not exist" in str(report.problems[0])
    assert "jump_credential" in str(report.problems[1])
    assert "required with a jump host" in str(report.problems[2])
    assert services.devices.get("r3").jump_host == BASTION
