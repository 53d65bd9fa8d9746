"""``python -m netraven_tui.lab``: serves in the foreground, writes the inventory, stops on signals."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from netraven_tui.lab.plan import DEFAULT_ENABLE_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME
from netraven_tui.lab.ssh_options import DEFAULT_JUMP_PASSWORD, DEFAULT_JUMP_USERNAME
from netraven_tui.platforms import BUILTIN_PLATFORMS

pytestmark = pytest.mark.lab


def _start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    inventory = tmp_path / "inventory.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "netraven_tui.lab", "--inventory", str(inventory), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(30)
    if reader.is_alive():
        proc.kill()
        pytest.fail(f"lab did not come up: {''.join(lines)}")
    return proc, "".join(lines)


def _stop(proc: subprocess.Popen[str], signum: int) -> int:
    proc.send_signal(signum)
    try:
        return proc.wait(15)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_lab_command_serves_the_inventory_it_writes(tmp_path: Path, signum: int) -> None:
    proc, banner = _start(tmp_path, "--devices", "6", "--faults", "hang:1", "--seed", "2")
    try:
        assert f"username:      {DEFAULT_USERNAME}" in banner
        assert f"password:      {DEFAULT_PASSWORD}" in banner
        assert str((tmp_path / "inventory.csv").resolve()) in banner
        text = (tmp_path / "inventory.csv").read_text(encoding="utf-8")
        assert text.splitlines()[0] == "hostname,address,platform,port,tags,description"
        rows = list(csv.DictReader(text.splitlines()))
        assert len(rows) == 6
        assert sum("fault-hang" in row["tags"].split(";") for row in rows) == 1
        row = next(r for r in rows if "fault-" not in r["tags"])
        spec = BUILTIN_PLATFORMS[row["platform"]]
        conn = ConnectHandler(
            device_type=row["platform"],
            host=row["address"],
            port=int(row["port"]),
            username=DEFAULT_USERNAME,
            password=DEFAULT_PASSWORD,
            secret=DEFAULT_ENABLE_SECRET,
            conn_timeout=5,
        )
        try:
            if spec.needs_enable:
                conn.enable()
            assert len(conn.send_command(spec.commands[0]).splitlines()) >= 300
        finally:
            conn.disconnect()
    finally:
        code = _stop(proc, signum)
    assert code == 0


def test_lab_command_rejects_a_bad_fault_spec(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "netraven_tui.lab", "--faults", "gremlins:3"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "unknown fault 'gremlins'" in result.stderr


def test_lab_command_serves_a_jump_host_and_legacy_kex(tmp_path: Path) -> None:
    import paramiko

    proc, banner = _start(
        tmp_path,
        "--devices",
        "2",
        "--platforms",
        "cisco_ios",
        "--legacy-kex",
        "--host-key",
        "cli-seed",
        "--jump-host",
    )
    try:
        assert "host key:      SHA256:" in banner
        jump_line = next(line for line in banner.splitlines() if "jump host:" in line)
        address, port = jump_line.split()[2].split("@")[1].rsplit(":", 1)
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        client.connect(
            address,
            int(port),
            username=DEFAULT_JUMP_USERNAME,
            password=DEFAULT_JUMP_PASSWORD,
            look_for_keys=False,
            allow_agent=False,
            timeout=5,
        )
        try:
            rows = list(csv.DictReader((tmp_path / "inventory.csv").read_text().splitlines()))
            transport = client.get_transport()
            assert transport is not None
            channel = transport.open_channel(
                "direct-tcpip", (rows[0]["address"], int(rows[0]["port"])), ("127.0.0.1", 0)
            )
            device = paramiko.Transport(channel)
            try:
                device.start_client(timeout=5)
                assert device.get_remote_server_key().get_name() == "ssh-rsa"
            finally:
                device.close()
        finally:
            client.close()
    finally:
        code = _stop(proc, signal.SIGTERM)
    assert code == 0
