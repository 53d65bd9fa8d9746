"""`device export FILE`: complete or untouched, no symlink followed, nothing left behind, audited."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netraven_tui.cli import main
from netraven_tui.domain import DeviceInput, LogKind, ValidationError
from netraven_tui.services import Services
from netraven_tui.services.atomic_file import write_atomically
from netraven_tui.services.logs import LogFilter

HEADER = "hostname,address,platform,port,tags,description,site,jump_host,jump_credential\n"


@pytest.fixture
def inventory(services: Services) -> Services:
    for index in range(3):
        services.devices.create(
            DeviceInput(f"r{index}", f"10.0.0.{index + 1}", "cisco_ios", tags=("core",)),
            create_missing_tags=True,
        )
    return services


def export(capsys, target: Path | str) -> tuple[int, str, str]:
    code = main(["device", "export", str(target)])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_writes_the_file_and_is_audited(inventory: Services, capsys, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, _, err = export(capsys, target)
    assert (code, err.strip()) == (0, f"3 devices written to {target}")
    assert target.read_text().startswith(HEADER) and len(target.read_text().splitlines()) == 4
    assert sorted(os.listdir(tmp_path)) == ["home", "out.csv"]
    audits = inventory.logs.recent(where=LogFilter(kind=LogKind.AUDIT))
    assert any(e.message == f"device export: 3 devices written to {target}" for e in audits)


def test_a_symlink_at_the_old_part_name_is_never_followed(
    inventory: Services, capsys, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "out.csv.part").symlink_to(victim)
    code, _, _ = export(capsys, tmp_path / "out.csv")
    assert code == 0
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "out.csv").read_text().startswith(HEADER)


def test_a_symlink_at_the_target_is_replaced_not_written_through(
    inventory: Services, capsys, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "out.csv"
    target.symlink_to(victim)
    assert export(capsys, target)[0] == 0
    assert victim.read_text() == "precious\n"
    assert not target.is_symlink() and target.read_text().startswith(HEADER)


def test_a_folder_as_target_is_one_line_and_leaves_nothing(
    inventory: Services, capsys, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    code, out, err = export(capsys, folder)
    assert code == 1 and out == ""
    assert (
        err == f"error: file: {folder} is a folder; give a file name (e.g. {folder}/devices.csv)\n"
    )
    assert os.listdir(folder) == [] and sorted(os.listdir(tmp_path)) == ["exports", "home"]


def test_a_missing_folder_is_one_line(inventory: Services, capsys, tmp_path: Path) -> None:
    code, _, err = export(capsys, tmp_path / "nowhere" / "out.csv")
    assert code == 1 and err == f"error: file: folder {tmp_path / 'nowhere'} does not exist\n"


def test_an_error_while_writing_removes_the_temporary_file_and_keeps_the_old_one(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n")

    def half_then_fail(handle) -> int:
        handle.write(HEADER + "r1,10.0.0.1,cisco_ios,22,,\n")
        raise OSError(28, "No space left on device")

    with pytest.raises(ValidationError, match=f"no space left on device writing to {target}"):
        write_atomically(target, half_then_fail)
    assert target.read_text() == "the previous export\n"
    assert os.listdir(tmp_path) == ["out.csv"]

    def interrupted(handle) -> int:
        handle.write(HEADER)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, interrupted)
    assert os.listdir(tmp_path) == ["out.csv"]


def test_the_export_file_is_private(inventory: Services, capsys, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert export(capsys, target)[0] == 0
    assert target.stat().st_mode & 0o777 == 0o600
