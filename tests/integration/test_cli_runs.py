"""The CLI answers "what ran and why did it fail" without the console: job run, run, log tail."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.cli import main
from netraven_tui.lab import LabFleet
from tests.integration.test_engine import add_credential, engine_services

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=3, seed=21, faults="auth:1") as lab:
        yield lab


@pytest.fixture
def ran(settings, clock, env, fleet: LabFleet, tmp_path: Path, capsys) -> dict:
    services = engine_services(settings, clock, env, fleet, tmp_path)
    add_credential(services, fleet)
    code = main(["job", "run", "backup-lab", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # one device fails: the run is partial
    return report


def test_job_run_json_lists_the_failed_devices_with_reasons(ran: dict, fleet: LabFleet) -> None:
    [bad] = [d.hostname for d in fleet.devices if d.fault == "auth"]
    assert ran["status"] == "partial" and ran["total"] == 3 and ran["failed_count"] == 1
    [failed] = ran["failed"]
    assert failed["hostname"] == bad and failed["kind"] == "auth"
    assert failed["message"] and "\n" not in failed["message"]
    assert fleet.password not in json.dumps(ran)


def test_run_list_and_show(ran: dict, fleet: LabFleet, capsys) -> None:
    assert main(["run", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["job_name"], listed["status"]) == (
        ran["run_id"],
        "backup-lab",
        "partial",
    )
    assert main(["run", "show", str(ran["run_id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["run"]["id"] == ran["run_id"]
    by_host = {r["hostname"]: r for r in shown["results"]}
    assert set(by_host) == {d.hostname for d in fleet.devices}
    for device in fleet.devices:
        result = by_host[device.hostname]
        assert set(result) == {
            "hostname",
            "status",
            "kind",
            "message",
            "attempts",
            "duration_s",
            "changed",
        }
        if device.fault == "auth":
            assert (result["status"], result["kind"], result["changed"]) == (
                "failed",
                "auth",
                False,
            )
        else:
            assert (result["status"], result["kind"], result["changed"]) == ("success", None, True)
    assert main(["run", "show", str(ran["run_id"])]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"run {ran['run_id']} of backup-lab: partial, 2/3 ok, 1 failed")


def test_run_list_filters_by_job_and_refuses_bad_input(ran: dict, capsys) -> None:
    assert main(["run", "list", "--job", "backup-lab", "--limit", "1"]) == 0
    assert "backup-lab" in capsys.readouterr().out
    assert main(["run", "list", "--job", "nope"]) == 1
    assert "nope" in capsys.readouterr().err
    assert main(["run", "show", "abc"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "expected a run id" in err
    assert main(["run", "show", "999"]) == 1
    assert "999" in capsys.readouterr().err


def test_log_tail_filters_by_device_and_level(ran: dict, fleet: LabFleet, capsys) -> None:
    [bad] = [d.hostname for d in fleet.devices if d.fault == "auth"]
    assert main(["log", "tail", "-n", "50", "--device", bad]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(f" {bad} " in line for line in lines)
    assert main(["log", "tail", "-n", "50", "--level", "error"]) == 0
    errors = capsys.readouterr().out.splitlines()
    assert errors and all(" ERROR " in line for line in errors)
    assert any(bad in line for line in errors)
    assert main(["log", "tail", "-n", "50", "--job", "backup-lab"]) == 0
    assert capsys.readouterr().out.strip()


def test_log_tail_follow_prints_entries_written_by_another_process(services, home: Path) -> None:
    import os
    import select
    import signal
    import subprocess
    import sys
    import time

    from netraven_tui.domain import LogKind, LogLevel

    env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    env["NETRAVEN_HOME"] = str(home)
    child = subprocess.Popen(
        [sys.executable, "-m", "netraven_tui", "log", "tail", "-f", "-n", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # the child starts following at some point (a loaded machine may take many seconds to
        # start it): keep writing until it shows one entry, or it has ended
        deadline = time.monotonic() + 60
        line, written = "", 0
        while time.monotonic() < deadline and "followed entry" not in line:
            written += 1
            services.logs.write(LogLevel.WARNING, LogKind.SYSTEM, f"followed entry {written}")
            ready, _, _ = select.select([child.stdout], [], [], 1.0)
            if ready:
                line = child.stdout.readline()
                if not line:  # end of its output: it has stopped (stderr says why, below)
                    break
        followed = "WARNING" in line and "followed entry" in line
    finally:
        child.send_signal(signal.SIGINT)
        status = child.wait(timeout=30)
    stderr = child.stderr.read()
    assert followed, f"no entry followed after {written} written: {line!r}, stderr: {stderr}"
    assert status == 0, stderr
    assert "Traceback" not in stderr


def test_the_log_file_records_the_run_and_each_failed_device(
    ran: dict, fleet: LabFleet, settings
) -> None:
    [bad] = [d.hostname for d in fleet.devices if d.fault == "auth"]
    text = settings.locations.log_file.read_text()
    summary = f"run {ran['run_id']} of backup-lab: partial, 2/3 ok, 1 failed, 2 changed"
    assert summary in text
    assert f"run {ran['run_id']} of backup-lab: {bad} failed: auth: " in text
    assert fleet.password not in text and fleet.enable_secret not in text


def test_device_backup_runs_just_the_named_devices_as_one_run(
    settings, clock, env, fleet: LabFleet, tmp_path: Path, capsys
) -> None:
    services = engine_services(settings, clock, env, fleet, tmp_path)
    add_credential(services, fleet)
    bad = next(d.hostname for d in fleet.devices if d.fault == "auth")
    good = next(d.hostname for d in fleet.devices if d.fault != "auth")
    assert main(["device", "backup", good, "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert f"of backup of {good}: 1 device\n" in err  # not "1 devices"
    assert report["total"] == 1 and report["status"] == "success" and report["failed"] == []
    assert main(["device", "backup", good, bad, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 2 and report["failed_count"] == 1
    assert [f["hostname"] for f in report["failed"]] == [bad]
    assert report["failed"][0]["kind"] == "auth"
    run = services.runs.get(report["run_id"])
    assert run.job_id is None and run.job_name == "backup of 2 devices"
    assert {r.hostname for r in services.runs.results(run.id)} == {good, bad}


def test_device_backup_refuses_an_unknown_host_in_one_line(
    settings, clock, env, fleet: LabFleet, tmp_path: Path, capsys
) -> None:
    engine_services(settings, clock, env, fleet, tmp_path)
    assert main(["device", "backup", "no-such-router"]) == 1
    err = capsys.readouterr().err.strip()
    assert "no-such-router" in err and len(err.splitlines()) == 1


def test_a_run_summary_names_its_commit_once(ran: dict, capsys) -> None:
    assert main(["run", "show", str(ran["run_id"])]) == 0
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.count("commit ") == 1
