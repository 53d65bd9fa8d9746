"""500 devices fetched by 50 Netmiko threads from one lab process."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor, wait

import asyncssh
import pytest

from netraven_tui.lab import LabFleet
from tests.lab.helpers import fetch

pytestmark = [pytest.mark.lab, pytest.mark.slow]

DEVICES = 500
WORKERS = 50
BOUND_S = 300  # a hang shows up as a failure, not as a stuck test run


def test_500_devices_fetched_in_parallel(capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    with LabFleet(devices=DEVICES, seed=21, latency_ms=0) as lab:
        ready = time.monotonic()
        with ThreadPoolExecutor(WORKERS) as pool:
            futures = [pool.submit(fetch, lab, device) for device in lab.devices]
            done, pending = wait(futures, timeout=BOUND_S)
            for future in pending:
                future.cancel()
        fetched = time.monotonic()
        assert not pending, f"{len(pending)} fetches still running after {BOUND_S}s"
        outputs = [f.result() for f in futures]
        assert all(300 <= len(text.splitlines()) <= 3000 for text in outputs)
        # The server is still well: a fresh session works.
        again = fetch(lab, lab.devices[0])
        assert lab.strip_noise(lab.devices[0].hostname, again) == lab.strip_noise(
            lab.devices[0].hostname, outputs[0]
        )
    with capsys.disabled():
        print(
            f"\nlab scale: start {ready - started:.1f}s, {DEVICES} fetches with {WORKERS} "
            f"workers {fetched - ready:.1f}s ({(fetched - ready) / DEVICES * 1000:.0f} ms/device "
            f"wall), total {time.monotonic() - started:.1f}s"
        )


def test_1000_devices_in_one_process(capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    with LabFleet(devices=1000, seed=5) as lab:
        ready = time.monotonic() - started
        idle = _rss_mb(lab.pid)
        ports = {d.port for d in lab.devices}
        assert len(ports) == 1000 and 0 not in ports
        for device in lab.devices[::97]:
            output = fetch(lab, device)
            assert lab.strip_noise(device.hostname, output) == lab.strip_noise(
                device.hostname, lab.expected_config(device.hostname)
            )
        busy = _rss_mb(lab.pid)
    with capsys.disabled():
        print(
            f"\nlab 1000 devices: start {ready:.2f}s, server RSS {idle} MB idle, {busy} MB after 11 reads"
        )


def _rss_mb(pid: int | None) -> int:
    """The server process's resident memory (Linux /proc), -1 where unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return -1


def test_200_concurrent_sessions_are_answered() -> None:
    sessions = 200
    with LabFleet(devices=40, seed=8, platforms=["juniper_junos"]) as lab:
        command = "show configuration | display set"

        async def read_config(index: int, all_open: asyncio.Barrier) -> str:
            device = lab.devices[index % len(lab.devices)]
            prompt = f"{lab.username}@{device.hostname}> "
            async with asyncssh.connect(
                device.address,
                device.port,
                username=lab.username,
                password=lab.password,
                known_hosts=None,
            ) as conn:
                process = await conn.create_process(term_type="vt100")
                await process.stdout.readuntil(prompt)
                await all_open.wait()  # every session is open before any reads its config
                process.stdin.write(command + "\n")
                output = await process.stdout.readuntil(prompt)
                process.stdin.write("exit\n")
                return output

        async def main() -> list[str]:
            all_open = asyncio.Barrier(sessions)
            jobs = [read_config(i, all_open) for i in range(sessions)]
            return await asyncio.wait_for(asyncio.gather(*jobs), BOUND_S)

        outputs = asyncio.run(main())
        assert len(outputs) == sessions
        for index, output in enumerate(outputs):
            assert "set protocols lldp interface all" in output, index
        # An exec request ("ssh host command") answers too.

        async def run_once() -> str:
            device = lab.devices[0]
            async with asyncssh.connect(
                device.address,
                device.port,
                username=lab.username,
                password=lab.password,
                known_hosts=None,
            ) as conn:
                result = await conn.run(command, timeout=30)
                return str(result.stdout)

        assert "set system host-name " in asyncio.run(run_once())
