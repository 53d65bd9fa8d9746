"""Commands over SSH (`ssh -p 2222 alice@host job list --json`): the CLI, run as that app user."""

from __future__ import annotations

import asyncio
import json
import time

import asyncssh
import pytest

from netraven_tui.domain import JobInput, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.services.credentials import CredentialInput
from tests.serve.conftest import Served, connect

pytestmark = pytest.mark.timeout(180)


async def run(served: Served, user: str, command: str, stdin: str | None = None):
    conn, _ = await connect(served, user)
    async with conn:
        return await asyncio.wait_for(conn.run(command, input=stdin), 60)


async def test_job_list_json_parses(served: Served) -> None:
    result = await run(served, "alice", "job list --json")
    assert result.exit_status == 0, result.stderr
    jobs = json.loads(result.stdout)
    assert [job["name"] for job in jobs] == ["reachability"]


async def test_a_viewer_is_refused_any_change_with_one_line_and_status_1(served: Served) -> None:
    for command, what in (
        ("tag add x", "create tags"),
        ("job run reachability", "run jobs"),
        ("user passwd alice --password-stdin", "reset passwords"),
    ):
        result = await run(served, "bob", command, stdin="new-Passw0rd\n")
        assert result.exit_status == 1, command
        assert result.stderr == f"error: viewer 'bob' may not {what}\n" or (
            what == "reset passwords" and "may not reset passwords; admins only" in result.stderr
        ), result.stderr
        assert result.stdout == ""
    # and reading is fine
    listed = await run(served, "bob", "tag list --json")
    assert listed.exit_status == 0 and json.loads(listed.stdout)[0]["name"] == "all"


async def test_the_cli_acts_as_the_ssh_user_not_as_a_local_admin(served: Served) -> None:
    result = await run(served, "olga", "tag add core --description 'core routers'")
    assert result.exit_status == 0, result.stderr
    services = served.services()
    try:
        audit = [e for e in services.logs.recent(50) if e.message == "tag core created"]
        assert audit and audit[0].actor == "olga"
    finally:
        services.close()


async def test_stdin_reaches_the_command_and_server_files_are_out_of_reach(
    served: Served,
) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="alice@desk")
    line = key.export_public_key().decode()
    added = await run(served, "alice", "user key add alice -", stdin=line)
    assert added.exit_status == 0, added.stderr
    assert added.stdout.startswith("key SHA256:") and "alice@desk" in added.stdout
    listed = await run(served, "alice", "user key list alice --json")
    assert [k["comment"] for k in json.loads(listed.stdout)] == ["alice@desk"]
    # bob (viewer) may see and manage only his own keys
    others = await run(served, "bob", "user key list alice")
    assert others.exit_status == 1 and "admins only" in others.stderr
    for command in (
        "device import /etc/passwd",
        "device export /tmp/x.csv",
        "user key add alice /etc/hosts",
    ):
        result = await run(served, "alice", command)
        assert result.exit_status == 1, command
        assert "would be a file on the server; use -" in result.stderr, result.stderr
    csv = "hostname,address,platform,port,tags,description\nr1,127.0.0.1,cisco_ios,22,core,\n"
    imported = await run(served, "alice", "device import -", stdin=csv)
    assert imported.exit_status == 0, imported.stderr
    exported = await run(served, "alice", "device export")
    assert "r1,127.0.0.1,cisco_ios,22" in exported.stdout


async def test_commands_outside_the_apps_data_are_not_offered(served: Served) -> None:
    for command in ("serve", "scheduler", "tui", "lab", "demo", "db upgrade", "locate", "sh -c id"):
        result = await run(served, "alice", command)
        assert result.exit_status == 1, command
        assert "is not available over SSH" in result.stderr
    unparsable = await run(served, "alice", "tag add 'unclosed")
    assert unparsable.exit_status == 1 and "cannot be split into words" in unparsable.stderr
    helped = await run(served, "alice", "")
    assert helped.exit_status == 1 and "needs a terminal" in helped.stderr  # empty exec = shell


@pytest.mark.lab
async def test_a_run_started_over_ssh_outlives_the_dropped_connection(
    served: Served, tmp_path
) -> None:
    with LabFleet(devices=3, seed=31, latency_ms=400) as fleet:
        services = served.services()
        try:
            services.devices.import_csv(fleet.write_inventory(tmp_path / "lab.csv"))
            services.credentials.create(
                CredentialInput(
                    "lab", fleet.username, fleet.password, fleet.enable_secret, 10, ("lab",)
                )
            )
            services.jobs.create(JobInput("lab-backup", "backup", tags=("lab",)))
        finally:
            services.close()
        conn, _ = await connect(served, "olga")
        process = await conn.create_process("job run lab-backup")
        await asyncio.wait_for(process.stderr.readline(), 30)  # "run N of lab-backup: 3 devices"
        conn.abort()  # the laptop's lid closes
        services = served.services()
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                [run_] = [r for r in services.runs.list() if r.job_name == "lab-backup"]
                if run_.status.finished:
                    break
                await asyncio.sleep(0.5)
            assert run_.status == RunStatus.SUCCESS, run_.message
            assert run_.triggered_by == "olga" and run_.succeeded == 3
            assert run_.owner.endswith(f":{served.process.pid}")  # the server ran it
        finally:
            services.close()


async def test_job_run_over_ssh_is_run_by_the_server_and_reported_back(served: Served) -> None:
    result = await run(served, "olga", "job run reachability --json")
    report = json.loads(result.stdout)
    assert result.exit_status == (0 if report["status"] in ("success", "no_devices") else 1)
    services = served.services()
    try:
        run_ = services.runs.get(report["run_id"])
    finally:
        services.close()
    assert run_.status.value == report["status"] and run_.triggered_by == "olga"
    assert run_.owner.endswith(f":{served.process.pid}")  # the server's, not the command's
