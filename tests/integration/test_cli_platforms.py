"""`netraven-tui platform list`: the table an installation uses, with each row's origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from netmiko.ssh_dispatcher import CLASS_MAPPER_BASE

from netraven_tui.cli import main

CONFIG = (
    '[platforms.cisco_ios]\ncommands = ["show running-config all"]\n'
    '[platforms.cisco_s300]\ninherit = "cisco_ios"\nenable = false\n'
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_built_in_platform(capsys, home: Path) -> None:
    code, out, err = run(capsys, "platform", "list", "--json")
    assert (code, err) == (0, "")
    rows = {row["device_type"]: row for row in json.loads(out)}
    assert len(rows) >= 30 and set(rows) <= set(CLASS_MAPPER_BASE)
    assert rows["cisco_asa"] == {
        "device_type": "cisco_asa",
        "label": "Cisco ASA",
        "commands": ["more system:running-config"],
        "enable": True,
        "end_marker": "^: end$",
        "family": "asa",
        "origin": "built-in",
        "inherits": None,
    }
    assert {row["origin"] for row in rows.values()} == {"built-in"}
    # Reading the table needs no database: listing platforms must not create one.
    assert not (home / "netraven.db").exists()


def test_config_toml_rows_say_where_they_came_from(capsys, home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.toml").write_text(CONFIG)
    code, out, _ = run(capsys, "platform", "list", "--json")
    assert code == 0
    rows = {row["device_type"]: row for row in json.loads(out)}
    s300 = rows["cisco_s300"]
    assert s300["origin"] == str(home / "config.toml") and s300["inherits"] == "cisco_ios"
    assert (s300["family"], s300["enable"], s300["end_marker"]) == ("ios", False, "^end$")
    ios = rows["cisco_ios"]
    assert ios["commands"] == ["show running-config all"] and ios["inherits"] == "cisco_ios"

    code, out, _ = run(capsys, "platform", "list")
    assert code == 0
    header, *lines = out.splitlines()
    assert header.split()[:3] == ["DEVICE", "TYPE", "LABEL"]
    [s300_line] = [line for line in lines if line.startswith("cisco_s300 ")]
    assert s300_line.endswith("config.toml (inherits cisco_ios)")
    [wlc_line] = [line for line in lines if line.startswith("cisco_wlc ")]
    assert "show run-config commands" in wlc_line and wlc_line.endswith("built-in")


def test_a_row_without_a_family_is_one_line(capsys, home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.toml").write_text('[platforms.acme_os]\ncommands = ["show config"]\n')
    code, out, err = run(capsys, "platform", "list")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "[platforms.acme_os]: 'inherit' is required" in err
