"""Benchmark: the devices screen at 1,000 / 10,000 / 50,000 devices, key latency measured in-app.

A plain script (not a pytest test): ``python tests/benchmarks/tui_devices_scale.py [N ...]``
(default 1000 10000 50000). For each N it imports N devices with 10 tags each into a temporary
NETRAVEN_HOME, gives them a backup history (last backup time and outcome, reachability: the
columns the table shows), opens the console with ``App.run_test`` and prints:

- open: from asking for the devices area until the first paint that shows rows, and until the
  first paint with every row in the table
- key latency, in the app: a ``j``/``k`` Key event is posted to the app as the driver would;
  the latency is from the event's own ``time`` until the first screen update (the app's
  ``_display``, after the compositor rendered the changed lines) that shows the moved cursor.
  No Pilot round trips (Pilot's wait for idle hides what a user feels). Median, p95, max:
  - idle
  - during reloads (``ctrl+r`` work: the service query, the row building and the table sync),
    and how long the UI thread spent applying each reload's result
  - during a run: 5,000 DeviceDone events (plus 1,000 log entries/s) published on the runtime's
    event bus from a thread, at about 1,000 devices/s, through the app's bridge (no SSH)
- the table's own filter: ``RecordTable.set_filter`` per keystroke of "site8 core" (median, max)
- RSS of the process once the table holds the rows (VmRSS; the sizes run one after another in
  one process, so the figure for a size includes what the smaller ones left behind)
and the load average, since the machine may be shared.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

FILTER = "site8 core"
RUN_DEVICES = 5_000
RUN_RATE = 1_000  # devices per second
LOG_RATE = 1_000  # log entries per second
KEY_TIMEOUT = 5.0


def make_services(count: int):
    from sqlalchemy import update

    from netraven_tui.config import load_settings
    from netraven_tui.db import models as m
    from netraven_tui.domain import Actor, DeviceInput, Role
    from netraven_tui.services import open_services

    home = Path(tempfile.mkdtemp(prefix=f"netraven-scale-{count}-"))
    env = {"NETRAVEN_HOME": str(home)}
    services = open_services(load_settings(env), Actor("bench", Role.ADMIN), env=env)
    roles = ("core", "dist", "access", "edge")
    rows = [
        (
            index + 2,
            DeviceInput(
                hostname=f"{roles[index % 4][:4]}-sw{index:05d}",
                address=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}",
                platform=("cisco_ios", "cisco_nxos", "juniper_junos", "arista_eos")[index % 4],
                tags=(
                    f"site{index % 20}",
                    roles[index % 4],
                    f"rack{index % 50}",
                    f"vlan{index % 30}",
                    f"region{index % 5}",
                    f"vendor{index % 4}",
                    f"tier{index % 3}",
                    f"pod{index % 40}",
                    f"row{index % 12}",
                    f"owner{index % 7}",
                ),
            ),
        )
        for index in range(count)
    ]
    services.devices.import_rows(rows)
    # A backup history (what the table shows of it): the benchmark writes the columns directly,
    # as a run's close would (services/outcome_writes.py), without running 50,000 backups.
    now = services.ctx.now()
    table = m.DeviceRow.__table__
    with services.ctx.transaction() as session:
        session.execute(
            update(table).values(
                last_backup_at=now - timedelta(hours=3),
                last_backup_status="success",
                last_reach_at=now - timedelta(hours=3),
                last_reach_ok=True,
                last_reach_latency_ms=12.0,
            )
        )
        session.execute(
            update(table)
            .where(table.c.id % 17 == 0)
            .values(last_backup_status="failed", last_backup_error="timeout: no prompt")
        )
    return services, home


class KeyProbe:
    """Posts j/k Key events and records event time → first screen update showing the cursor."""

    def __init__(self, app, table) -> None:
        self.app = app
        self.table = table
        self.pending: tuple[float, int] | None = None
        self.latencies: list[float] = []
        self.painted_at: float | None = None
        original = app._display

        def display(screen, renderable):
            original(screen, renderable)
            now = time.monotonic()
            self.painted_at = now
            if self.pending is not None and self.table.cursor != self.pending[1]:
                self.latencies.append(now - self.pending[0])
                self.pending = None

        app._display = display

    async def press(self) -> None:
        from textual import events

        key = "j" if self.table.cursor == 0 else "k"
        event = events.Key(key, key)
        self.pending = (event.time, self.table.cursor)
        self.app.post_message(event)
        deadline = time.monotonic() + KEY_TIMEOUT
        while self.pending is not None and time.monotonic() < deadline:
            await asyncio.sleep(0.001)
        if self.pending is not None:
            self.latencies.append(KEY_TIMEOUT)
            self.pending = None

    def take(self) -> list[float]:
        taken, self.latencies = self.latencies, []
        return taken


def publish_run(bus, devices, stop: threading.Event) -> None:
    """DeviceDone for each device at RUN_RATE/s and LogAppended at LOG_RATE/s (a thread)."""
    from netraven_tui.domain import DeviceResult, ResultStatus
    from netraven_tui.runtime.events import DeviceDone, LogAppended

    started = time.monotonic()
    for index, device in enumerate(devices):
        if stop.is_set():
            return
        failed = index % 9 == 0
        bus.publish(
            DeviceDone(
                99,
                DeviceResult(
                    id=index + 1,
                    run_id=99,
                    device_id=device.id,
                    hostname=device.hostname,
                    status=ResultStatus.FAILED if failed else ResultStatus.SUCCESS,
                    error_kind=None,
                    message="timeout" if failed else "",
                    credential=None,
                    attempts=1,
                    duration_ms=800,
                    changed=not failed,
                    sha256=None,
                    commit=None,
                    latency_ms=9.0,
                ),
            )
        )
        bus.publish(LogAppended(_log_entry(index)))
        ahead = started + (index + 1) / RUN_RATE - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)


def _log_entry(index: int):
    from netraven_tui.domain import LogEntry, LogKind, LogLevel

    return LogEntry(
        id=index + 1,
        ts=datetime.now(UTC),
        level=LogLevel.INFO,
        kind=LogKind.JOB,
        message=f"device {index} done",
        run_id=99,
    )


def summary(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return (
        f"{statistics.median(values) * 1000:6.1f} / {p95 * 1000:6.1f} / "
        f"{values[-1] * 1000:6.1f} ms (n={len(values)})"
    )


async def settled(app) -> None:
    """Wait for the app's workers; a load that a newer one superseded is expected."""
    from textual.worker import WorkerCancelled

    for _ in range(5):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(count: int) -> dict[str, str]:
    from netraven_tui.domain import Actor, Role
    from netraven_tui.runtime.console import start_console_runtime
    from netraven_tui.tui.app import build_app
    from netraven_tui.tui.screens.devices import DevicesScreen
    from netraven_tui.tui.widgets.record_table import RecordTable

    services, home = make_services(count)
    devices = services.devices.list()
    figures: dict[str, str] = {}
    runtime = start_console_runtime(services, scheduler=False)
    app = build_app(
        services, auto_login=Actor("bench", Role.ADMIN), runtime=runtime, cursor_blink=False
    )
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(app)
            await pilot.pause()
            painted: list[float] = []
            first: list[float] = []
            original = app._display

            def display(screen, renderable):
                original(screen, renderable)
                if isinstance(screen, DevicesScreen) and screen.is_mounted:
                    tables = screen.query(RecordTable)
                    if tables and tables.first().total_count:
                        first.append(time.monotonic())
                    if tables and tables.first().total_count >= count:
                        painted.append(time.monotonic())

            app._display = display
            started = time.monotonic()
            app.action_area("devices")
            while not painted and time.monotonic() - started < 60:
                await asyncio.sleep(0.001)
            figures["open: first rows painted"] = f"{(first[0] - started) * 1000:8.0f} ms"
            figures["open: all rows painted"] = f"{(painted[0] - started) * 1000:8.0f} ms"
            app._display = original
            screen = app.screen
            table = screen.query_one(RecordTable)
            await pilot.pause()
            gc.collect()
            figures["RSS (table loaded)"] = f"{rss_mb():8.0f} MB"

            probe = KeyProbe(app, table)
            for _ in range(60):
                await probe.press()
                await asyncio.sleep(0.01)
            figures["key idle (med/p95/max)"] = summary(probe.take())

            applied: list[float] = []
            handler = DevicesScreen.on_devices_screen_loaded

            def timed(self, message):
                tick = time.perf_counter()
                handler(self, message)
                applied.append(time.perf_counter() - tick)

            # how long the UI thread spends on a reload (Textual looks handlers up on the class)
            DevicesScreen.on_devices_screen_loaded = timed  # type: ignore[method-assign]
            for _ in range(4):
                screen.reload()
                await asyncio.sleep(0.001)
                while any(w.is_running and w.group == "load" for w in screen.workers):
                    await probe.press()
                    await asyncio.sleep(0.005)
                await pilot.pause()
            figures["key during reload"] = summary(probe.take())
            figures["reload: UI-thread apply"] = summary(applied)
            DevicesScreen.on_devices_screen_loaded = handler  # type: ignore[method-assign]

            stop = threading.Event()
            publisher = threading.Thread(
                target=publish_run, args=(runtime.bus, devices[:RUN_DEVICES], stop), daemon=True
            )
            publisher.start()
            while publisher.is_alive():
                await probe.press()
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.5)  # the last batch
            figures["key during run"] = summary(probe.take())

            per_key = []
            for index in range(1, len(FILTER) + 1):
                tick = time.perf_counter()
                table.set_filter(FILTER[:index])
                per_key.append(time.perf_counter() - tick)
            figures["filter keystroke (med/max)"] = (
                f"{statistics.median(per_key) * 1000:6.1f} / {max(per_key) * 1000:6.1f} ms"
            )
            table.set_filter("")
    finally:
        runtime.stop(grace_seconds=5)
        services.close()
        shutil.rmtree(home, ignore_errors=True)  # ~65 MB at 50,000
    return figures


def main() -> None:
    os.environ.pop("NETRAVEN_HOME", None)
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 50_000]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for size in sizes:
        figures = asyncio.run(measure(size))
        print(f"\n{size:,} devices (load average now {os.getloadavg()[0]:.2f})")
        for name, value in figures.items():
            print(f"  {name:28} {value}", flush=True)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
