"""The command line, as a script would use it: exit codes, one-line errors, JSON, no secrets."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netraven_tui.cli import main

PASSWORD = "Cli-Dev1ce-Passw0rd"
ENABLE = "Cli-En4ble-Secr3t"


def run(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_locate_prints_paths_under_netraven_home(capsys, home: Path) -> None:
    code, out, _ = run(capsys, "locate")
    assert code == 0
    assert f"database        {home.resolve()}/netraven.db" in out
    assert "secret key" in out and "config file" in out


def test_db_upgrade(capsys) -> None:
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and "latest" in out


def test_user_add_from_stdin_and_list(capsys, monkeypatch) -> None:
    code, out, _ = run(
        capsys,
        "user",
        "add",
        "alice",
        "--role",
        "admin",
        "--password-stdin",
        stdin="alice-password\n",
        monkeypatch=monkeypatch,
    )
    assert (code, out.strip()) == (0, "user alice added with role admin")
    code, out, _ = run(capsys, "user", "list", "--json")
    [user] = json.loads(out)
    assert (user["username"], user["role"], user["active"]) == ("alice", "admin", True)
    assert "alice-password" not in out


def test_short_password_is_refused(capsys, monkeypatch) -> None:
    code, _, err = run(
        capsys,
        "user",
        "add",
        "bob",
        "--role",
        "viewer",
        "--password-stdin",
        stdin="short\n",
        monkeypatch=monkeypatch,
    )
    assert code == 1 and err.strip() == "error: password: must be at least 8 characters"


def test_tags(capsys) -> None:
    assert run(capsys, "tag", "add", "core", "--description", "core routers")[0] == 0
    code, _, err = run(capsys, "tag", "add", "core")
    assert code == 1 and err.strip() == "error: name: tag 'core' already exists"
    code, out, _ = run(capsys, "tag", "list", "--json")
    assert {t["name"]: t["description"] for t in json.loads(out)} == {
        "all": "every device",
        "core": "core routers",
    }


def test_device_import_reports_bad_lines_and_exits_2(capsys, tmp_path: Path) -> None:
    csv_file = tmp_path / "inv.csv"
    csv_file.write_text(
        "hostname,address,platform,port,tags,description\n"
        "r1,10.0.0.1,cisco_ios,22,core;dc1,\n"
        "r2,not an address,cisco_ios,22,,\n"
        "r3,10.0.0.3,arista_eos,,,\n"
    )
    code, out, err = run(capsys, "device", "import", str(csv_file))
    assert code == 2
    assert (
        err.strip()
        == f"{csv_file}: line 3: address: 'not an address' is not a valid IPv4/IPv6 address or DNS name"
    )
    assert out.strip() == "2 imported, 1 skipped, tags created: core, dc1"
    code, out, err = run(capsys, "device", "import", str(csv_file))
    assert code == 2 and "line 2: device 'r1' already exists (use --update to overwrite)" in err
    assert out.strip() == "0 imported, 3 skipped"
    code, out, _ = run(capsys, "device", "list", "--json")
    assert [(d["hostname"], d["tags"]) for d in json.loads(out)] == [
        ("r1", ["all", "core", "dc1"]),
        ("r3", ["all"]),
    ]


def test_device_import_all_good_exits_0_and_export_round_trips(capsys, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "hostname,address,platform,port,tags,description,site,jump_host,jump_credential\n"
        "r1,10.0.0.1,cisco_ios,2222,core,edge box,paris,,\n"
    )
    assert run(capsys, "device", "import", str(source))[0] == 0
    target = tmp_path / "out.csv"
    assert run(capsys, "device", "export", str(target))[0] == 0
    assert target.read_text() == source.read_text()


def test_missing_import_file_is_one_line(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "device", "import", str(tmp_path / "nope.csv"))
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err


def test_credential_from_stdin_is_never_printed(capsys, monkeypatch, home: Path) -> None:
    run(capsys, "tag", "add", "core")
    code, out, err = run(
        capsys,
        "credential",
        "add",
        "lab",
        "--username",
        "netops",
        "--priority",
        "10",
        "--tags",
        "core",
        "--password-stdin",
        "--enable-secret-stdin",
        stdin=f"{PASSWORD}\n{ENABLE}\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "with enable secret" in out
    code, out, _ = run(capsys, "credential", "list", "--json")
    [cred] = json.loads(out)
    assert (cred["name"], cred["priority"], cred["tags"], cred["has_enable_secret"]) == (
        "lab",
        10,
        ["core"],
        True,
    )
    code, table, _ = run(capsys, "credential", "list")
    everything = (
        out + table + err + "".join(p.read_text(errors="ignore") for p in home.rglob("*.log"))
    )
    assert PASSWORD not in everything and ENABLE not in everything
    db = b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith("netraven.db"))
    assert PASSWORD.encode() not in db and ENABLE.encode() not in db


def test_credential_without_terminal_or_stdin_flag_explains(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "credential", "add", "lab", "--username", "netops")
    assert code == 2 and "use the --*-stdin options" in err


def test_jobs(capsys) -> None:
    code, out, _ = run(
        capsys, "job", "add", "nightly", "--kind", "backup", "--tags", "all", "--cron", "0 2 * * *"
    )
    assert code == 0 and "cron 0 2 * * *" in out
    code, _, err = run(
        capsys, "job", "add", "bad", "--kind", "backup", "--tags", "all", "--cron", "61 * * * *"
    )
    assert code == 1 and err.strip() == "error: cron: minute field 61 is out of range 0-59"
    code, out, _ = run(capsys, "job", "list", "--json")
    jobs = {j["name"]: j for j in json.loads(out)}
    assert (
        set(jobs) == {"nightly", "reachability"} and jobs["nightly"]["schedule"] == "cron 0 2 * * *"
    )
    code, _, err = run(capsys, "job", "delete", "reachability")
    assert code == 1 and "system job" in err


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["job", "add", "x", "--kind", "nope"])
    assert caught.value.code == 2


def _subprocess(
    args: list[str], home: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    env.update({"NETRAVEN_HOME": str(home), **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "-m", "netraven_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_bad_config_file_is_one_line_without_traceback(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.toml").write_text('connect_timeout = "soon"\n')
    result = _subprocess(["device", "list"], home)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "config.toml: key 'connect_timeout': expected a number" in result.stderr


def test_wrong_secret_key_is_one_line(home: Path) -> None:
    result = _subprocess(["tag", "list"], home, {"NETRAVEN_SECRET_KEY": "garbage"})
    assert result.returncode == 1 and result.stderr.startswith(
        "error: the secret key from environment"
    )
    assert "Traceback" not in result.stderr


def test_locate_and_the_demo_say_where_the_demos_data_is(
    capsys, home: Path, monkeypatch, tmp_path: Path
) -> None:
    from netraven_tui.demo import cli_hint, demo_home

    code, out, _ = run(capsys, "locate")
    assert code == 0  # NETRAVEN_HOME is set: the demo would use it as is
    assert f"demo folder     {home.resolve()} (the data folder itself" in out
    monkeypatch.delenv("NETRAVEN_HOME")
    for kind in ("DATA", "CONFIG", "STATE"):  # nothing of the real home is read or made
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))
    assert demo_home(None) == tmp_path / "data" / "netraven-tui" / "demo"
    code, out, _ = run(capsys, "locate")
    assert f"demo folder     {tmp_path / 'data' / 'netraven-tui' / 'demo'} (made by" in out
    # the line the demo prints before the console opens and after it closes
    folder = Path("/home/ann/my data/netraven-tui/demo")
    assert cli_hint(folder, ".venv/bin/netraven-tui") == (
        "NETRAVEN_HOME='/home/ann/my data/netraven-tui/demo' .venv/bin/netraven-tui run list"
    )
    assert cli_hint(folder, "/usr/lib/python3/runpy.py").endswith(" netraven-tui run list")
