"""`netraven-tui compliance …` as cron or CI would use it: exit codes, FILE:line errors, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from netraven_tui.backup.gitstore import GitStore
from netraven_tui.cli import main
from netraven_tui.domain import DeviceInput
from netraven_tui.services import Services
from tests.compliance.helpers import BAD_IOS, BASELINE, GOOD_IOS, store_config, write


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def routers(services: Services) -> Services:
    services.tags.create("core")
    store = GitStore(services.ctx.settings.locations.repo)
    for number, text in ((1, GOOD_IOS), (2, BAD_IOS)):
        hostname = f"core-r{number}"
        services.devices.create(
            DeviceInput(hostname, f"10.0.0.{number}", "cisco_ios", tags=("core",))
        )
        store_config(services, store, hostname, text.format(hostname=hostname))
    store.close()
    return services


def test_import_check_report_and_their_exit_codes(capsys, routers, tmp_path: Path) -> None:
    policy = write(tmp_path, "baseline.toml", BASELINE)
    code, out, _ = run(capsys, "compliance", "import", str(policy))
    assert code == 0 and out.startswith(f"{policy}: created baseline\nevaluated 8 device x rule")

    code, out, _ = run(capsys, "compliance", "report", "--json")
    report = json.loads(out)
    assert code == 1  # core-r2 is non-compliant
    assert report["summary"] == {"compliant": 4, "non_compliant": 4, "no_config": 0, "error": 0}
    first = report["results"][0]
    assert set(first) == {"policy", "rule", "hostname", "status", "detail"}
    assert {(r["hostname"], r["rule"], r["status"]) for r in report["results"]} >= {
        ("core-r1", "ntp", "compliant"),
        ("core-r2", "no-http", "non_compliant"),
    }

    code, out, err = run(capsys, "compliance", "report")
    assert code == 1
    assert re.search(r"baseline\s+no-http\s+core-r2\s+non_compliant\s+line 4: ip http server", out)
    assert "4 compliant, 4 non_compliant" in err

    # fix core-r2: the check evaluates again and the report exits 0
    store = GitStore(routers.ctx.settings.locations.repo)
    store_config(routers, store, "core-r2", GOOD_IOS.format(hostname="core-r2"))
    store.close()
    code, out, _ = run(capsys, "compliance", "check")
    assert code == 0 and "4 status change(s)" in out
    assert "core-r2  baseline/no-http  non_compliant -> compliant" in out
    assert run(capsys, "compliance", "report")[0] == 0


def test_a_bad_file_is_refused_with_file_and_line_and_nothing_is_imported(
    capsys, routers, tmp_path: Path
) -> None:
    bad = write(
        tmp_path, "bad.toml", BASELINE.replace("must_not = '^ip http", "must_not = '^(ip http")
    )
    code, out, err = run(capsys, "compliance", "import", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"error: {bad}:11: policy 'baseline' rule 'no-http': ")
    assert err.count("\n") == 1
    code, out, _ = run(capsys, "compliance", "list", "--json")
    assert (code, json.loads(out)) == (0, [])
    code, _, err = run(capsys, "compliance", "import", str(tmp_path / "missing.toml"))
    assert code == 1 and "cannot read the policy file" in err


def test_export_round_trips_and_list_counts(capsys, routers, tmp_path: Path) -> None:
    run(capsys, "compliance", "import", str(write(tmp_path, "b.toml", BASELINE)))
    code, out, _ = run(capsys, "compliance", "list", "--json")
    [listed] = json.loads(out)
    assert listed["name"] == "baseline" and listed["devices"] == 2
    assert listed["summary"]["non_compliant"] == 4 and len(listed["rules"]) == 4

    exported = tmp_path / "exported.toml"
    assert run(capsys, "compliance", "export", str(exported))[0] == 0
    assert run(capsys, "compliance", "delete", "baseline")[0] == 0
    assert run(capsys, "compliance", "report")[0] == 0  # nothing left to fail
    code, out, _ = run(capsys, "compliance", "import", str(exported))
    assert code == 0 and "created baseline" in out
    code, out, _ = run(capsys, "compliance", "export")
    assert out == exported.read_text()
    code, _, err = run(capsys, "compliance", "report", "--policy", "nope")
    assert code == 1 and "compliance policy 'nope' not found" in err


def test_every_export_is_audited_to_a_file_or_standard_output(
    capsys, routers, tmp_path: Path
) -> None:
    from netraven_tui.domain import LogKind
    from netraven_tui.services.logs import LogFilter

    run(capsys, "compliance", "import", str(write(tmp_path, "b.toml", BASELINE)))
    target = tmp_path / "exported.toml"
    code, _, err = run(capsys, "compliance", "export", str(target))
    assert (code, err) == (0, f"wrote 1 policy to {target}\n")
    assert target.stat().st_mode & 0o777 == 0o600  # written as the device export is
    code, out, _ = run(capsys, "compliance", "export", "-", "--policy", "baseline")
    assert code == 0 and out == target.read_text()
    audits = [e.message for e in routers.logs.recent(where=LogFilter(kind=LogKind.AUDIT))]
    assert f"compliance export: 1 policy written to {target}" in audits
    assert "compliance export: 1 policy (baseline) written to standard output" in audits
    code, _, err = run(capsys, "compliance", "export", "--policy", "nope")
    assert code == 1 and "compliance policy 'nope' not found" in err
