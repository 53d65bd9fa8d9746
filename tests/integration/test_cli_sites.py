"""`device add/edit/list --site` and `collector` refusing what it cannot serve."""

from __future__ import annotations

import json

from netraven_tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_device_sites_by_command_line(capsys) -> None:
    code, out, _ = run(
        capsys, "device", "add", "r1", "10.0.0.1", "--platform", "cisco_ios", "--site", "Paris"
    )
    assert code == 0 and "site paris" in out
    assert run(capsys, "device", "add", "r2", "10.0.0.2", "--platform", "cisco_ios")[0] == 0
    code, out, _ = run(capsys, "device", "list", "--site", "paris", "--json")
    assert code == 0 and [d["hostname"] for d in json.loads(out)] == ["r1"]
    code, out, _ = run(capsys, "device", "list", "--site", "-", "--json")
    assert [d["hostname"] for d in json.loads(out)] == ["r2"]
    code, out, _ = run(capsys, "device", "edit", "r2", "--site", "lyon", "--description", "edge")
    assert code == 0 and "site lyon" in out
    code, out, _ = run(capsys, "device", "list", "--json")
    devices = {d["hostname"]: d for d in json.loads(out)}
    assert devices["r2"]["site"] == "lyon" and devices["r2"]["description"] == "edge"
    assert devices["r2"]["address"] == "10.0.0.2"  # fields not given are kept
    assert run(capsys, "device", "edit", "r1", "--site", "-")[0] == 0
    code, out, _ = run(capsys, "device", "list")
    assert code == 0 and out.splitlines()[0].lower().split()[:5] == [
        "hostname",
        "address",
        "platform",
        "port",
        "site",
    ]
    code, _, err = run(capsys, "device", "edit", "r1", "--site", "no spaces")
    assert code == 1 and err.count("\n") == 1 and "site:" in err


def test_collector_needs_postgresql(capsys) -> None:
    code, _, err = run(capsys, "collector", "--sites", "paris")
    assert code == 1 and err.count("\n") == 1 and "PostgreSQL database_url" in err
