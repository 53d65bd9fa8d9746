"""Benchmark: the devices screen with 10,000 devices against a 1,000-device baseline.

A plain script (not a pytest test): ``python tests/benchmarks/tui_devices_10k.py [N]``.
It creates N devices in a temporary NETRAVEN_HOME with ``services.devices.import_rows``, then
drives the console with ``App.run_test`` and prints:

- open: from pressing `2` until every row is in the table (service query + row building + paint)
- the parts of that: ``DeviceService.list()`` alone, and building the rows alone
- filter: per keystroke, typing a filter in the `/` bar (key round trip through Pilot), and
  ``RecordTable.set_filter`` alone
and the ratio of each figure to the same figure with 1,000 devices measured in the same run.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

FILTER = "site8 core"


def make_services(count: int):
    from netraven_tui.config import load_settings
    from netraven_tui.domain import Actor, DeviceInput, Role
    from netraven_tui.services import open_services

    home = Path(tempfile.mkdtemp(prefix=f"netraven-bench-{count}-"))
    env = {"NETRAVEN_HOME": str(home)}
    services = open_services(load_settings(env), Actor("bench", Role.ADMIN), env=env)
    rows = [
        (
            index + 2,
            DeviceInput(
                hostname=f"{('core', 'dist', 'acc', 'edge')[index % 4]}-sw{index:05d}",
                address=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}",
                platform=("cisco_ios", "cisco_nxos", "juniper_junos", "arista_eos")[index % 4],
                tags=(f"site{index % 20}", ("core", "dist", "access", "edge")[index % 4]),
            ),
        )
        for index in range(count)
    ]
    services.devices.import_rows(rows)
    return services


def column_only_query(services) -> float:
    """What a lean service query could cost: plain columns plus one tag query, no ORM objects.

    A sketch for the service owners (the TUI itself never touches the database).
    """
    from sqlalchemy import select

    from netraven_tui.db import models as m

    started = time.perf_counter()
    with services.ctx.read() as session:
        d = m.DeviceRow
        rows = session.execute(
            select(
                d.id,
                d.hostname,
                d.address,
                d.platform,
                d.port,
                d.enabled,
                d.last_backup_at,
                d.last_backup_status,
                d.last_reach_ok,
                d.last_reach_latency_ms,
            ).order_by(d.hostname_key)
        ).all()
        tags: dict[int, list[str]] = {}
        link = m.device_tags
        for device_id, name in session.execute(
            select(link.c.device_id, m.TagRow.name).join(m.TagRow, m.TagRow.id == link.c.tag_id)
        ):
            tags.setdefault(device_id, []).append(name)
    assert len(rows) >= 0 and tags is not None
    return time.perf_counter() - started


async def measure(count: int) -> dict[str, float]:
    from netraven_tui.domain import Actor, Role
    from netraven_tui.tui.app import build_app
    from netraven_tui.tui.screens.devices import DevicesScreen, device_row
    from netraven_tui.tui.widgets.record_table import RecordTable

    services = make_services(count)
    figures: dict[str, float] = {}
    started = time.perf_counter()
    devices = services.devices.list()
    figures["service list()"] = time.perf_counter() - started
    figures["column-only query (sketch)"] = column_only_query(services)
    now = services.ctx.now()
    started = time.perf_counter()
    rows = [device_row(device, now) for device in devices]
    figures["build rows"] = time.perf_counter() - started

    app = build_app(services, auto_login=Actor("bench", Role.ADMIN), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        started = time.perf_counter()
        app.action_area("devices")
        while not isinstance(app.screen, DevicesScreen) or not app.screen.is_mounted:
            await asyncio.sleep(0.001)
        table = app.screen.query_one(RecordTable)
        figures["screen shown (loading…)"] = time.perf_counter() - started
        while table.total_count < count:
            await asyncio.sleep(0.001)
        figures["open (all rows in table)"] = time.perf_counter() - started
        await pilot.pause()
        figures["open (rows painted)"] = time.perf_counter() - started

        # Responsiveness while a load runs in its worker thread: key round trips meanwhile.
        app.screen.reload()
        during = []
        while app.workers and any(w.is_running for w in app.workers):
            tick = time.perf_counter()
            await pilot.press("j")
            during.append(time.perf_counter() - tick)
        figures["key during reload (max)"] = max(during) if during else 0.0

        await pilot.press("slash")
        per_key = []
        for char in FILTER:
            started = time.perf_counter()
            await pilot.press("space" if char == " " else char)
            per_key.append(time.perf_counter() - started)
        figures["filter keystroke (median)"] = statistics.median(per_key)
        figures["filter keystroke (max)"] = max(per_key)
        figures["rows matching"] = table.row_count
        await pilot.press("escape")

        direct = []
        for index in range(1, len(FILTER) + 1):
            started = time.perf_counter()
            table.set_filter(FILTER[:index])
            direct.append(time.perf_counter() - started)
        figures["set_filter (median)"] = statistics.median(direct)
        started = time.perf_counter()
        table.load(rows)
        figures["table.load"] = time.perf_counter() - started
    services.close()
    return figures


def main() -> None:
    os.environ.pop("NETRAVEN_HOME", None)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    baseline = asyncio.run(measure(1_000))
    large = asyncio.run(measure(count))
    print(f"{'figure':28} {'1,000':>10} {count:>10,} {'ratio':>7}")
    for name, value in large.items():
        base = baseline[name]
        if name == "rows matching":
            print(f"{name:28} {base:>10.0f} {value:>10.0f}")
            continue
        ratio = value / base if base else float("nan")
        print(f"{name:28} {base * 1000:>8.1f}ms {value * 1000:>8.1f}ms {ratio:>6.1f}x")


if __name__ == "__main__":
    main()
