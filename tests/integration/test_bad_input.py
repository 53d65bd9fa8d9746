"""Hostile or careless input on the command line: one line, the right exit code, never a hang."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.cli import main
from netraven_tui.lab import LabFleet


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "unexpected" not in err
    return code, out, err


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=2, platforms=("cisco_ios", "juniper_junos"), seed=9) as lab:
        yield lab


@pytest.mark.lab
def test_config_search_with_a_catastrophic_pattern_returns_the_right_lines(
    fleet: LabFleet, capsys, tmp_path: Path, monkeypatch
) -> None:
    import io

    assert run(capsys, "device", "import", str(fleet.write_inventory(tmp_path / "lab.csv")))[0] == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{fleet.password}\n{fleet.enable_secret}\n"))
    credential = ("credential", "add", "lab", "--username", fleet.username, "--tags", "lab")
    assert run(capsys, *credential, "--password-stdin", "--enable-secret-stdin")[0] == 0
    assert run(capsys, "job", "add", "lab-backup", "--kind", "backup", "--tags", "lab")[0] == 0
    assert run(capsys, "job", "run", "lab-backup")[0] == 0
    # Python's re backtracks exponentially on `(.|.)*interface` over any 40-character line that
    # lacks the word (most lines): it would never return. RE2 does not backtrack.
    code, out, _ = run(capsys, "config", "search", "(.|.)*interface", "--json")
    assert code == 0
    found = json.loads(out)
    expected = []
    for device in sorted(fleet.devices, key=lambda d: d.hostname):
        code, text, _ = run(capsys, "config", "show", device.hostname)
        expected += [
            (device.hostname, i + 1)
            for i, line in enumerate(text.splitlines())
            if "interface" in line
        ]
    assert expected and sorted((h["hostname"], h["line"]) for h in found["hits"]) == expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "backreferences are not supported"),
        (r"(?=ntp)", "lookahead and lookbehind are not supported"),
        ("[", "not a valid regular expression"),
    ],
)
def test_a_pattern_re2_cannot_run_is_one_line_and_exit_2(capsys, pattern: str, reason: str) -> None:
    code, out, err = run(capsys, "config", "search", pattern)
    assert code == 2 and out == ""
    assert err.startswith(f"error: pattern: '{pattern}': {reason}") and err.count("\n") == 1


def test_a_huge_interval_is_one_line(capsys) -> None:
    code, _, err = run(
        capsys, "job", "add", "j", "--kind", "backup", "--interval", "99999999999999999999"
    )
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("error: interval: 99999999999999999999 s is too long (at most 31622400")


@pytest.mark.parametrize("argv", [("diff", "r1", "-U", "-1"), ("search", "x", "-C", "-3")])
def test_negative_context_is_refused(capsys, argv: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as stopped:  # argparse: usage, then the one error line
        main(["config", *argv])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"expected a number of lines from 0 to 10000, got '{argv[-1]}'" in err


def test_a_database_url_into_a_missing_folder_is_refused(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    missing = tmp_path / "nowhere" / "netraven.db"
    monkeypatch.setenv("NETRAVEN_DATABASE_URL", f"sqlite:///{missing}")
    code, _, err = run(capsys, "device", "list")
    assert code == 1 and err.count("\n") == 1
    assert f"folder {missing.parent} does not exist" in err
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("tag", "add", "core", "--description", "two\nlines"),
        ("device", "add", "r1", "10.0.0.1", "--platform", "cisco_ios", "--description", "a\rb"),
        ("job", "add", "j", "--kind", "backup", "--tags", "all", "--description", "a\nb"),
    ],
)
def test_multi_line_descriptions_are_refused(capsys, argv: tuple[str, ...]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 1 and err == "error: description: must be one line\n"


def test_a_multi_line_credential_description_is_refused(capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Pass-w0rd-123\n"))
    code, _, err = run(
        capsys, "credential", "add", "c", "--username", "u", "--password-stdin",
        "--description", "one\u2028two",
    )  # fmt: skip
    assert code == 1 and err == "error: description: must be one line\n"
