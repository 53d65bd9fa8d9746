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
  - during reloads (``ctrl+r`` work: the service query, the row building and the table sync;
    one key of each reload posted just before it starts), and how long the UI thread spent
    applying each reload's result
  - during a run: 5,000 DeviceDone events (plus 1,000 log entries/s) published on the runtime's
    event bus from a thread, at about 1,000 devices/s, through the app's bridge (no SSH)
- the table's own filter: ``RecordTable.set_filter`` per keystroke of "site8 core" (median, max)
- RSS of the process once the table holds the rows (VmRSS; the sizes run one after another in
  one process, so the figure for a size includes what the smaller ones left behind)
- the other large lists, with the same in-app key probe: configs (a row per device, with 2
  versions each), one device's 500 versions, the view of a finished 5,000-device run (open
  until every result row is painted, filter per keystroke), and the logs screen over 20,000
  stored entries (open until lines are painted; keys idle and while a thread writes 1,000
  entries/s into the log table, the view paused so only the keys move the cursor)
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

from console_waits import settled

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
    add_history(services, count)
    return services, home


VERSIONS_PER_DEVICE = 2
MANY_VERSIONS = 500  # the first device's history: what the versions screen lists at most
LOG_HISTORY = 20_000


def add_history(services, count: int) -> None:
    """Config versions (2 per device, 500 for the first), a finished run of RUN_DEVICES devices
    and LOG_HISTORY log lines, written as the engine would have (rows, not 50,000 backups)."""
    from sqlalchemy import insert, select

    from netraven_tui.db import models as m

    now = services.ctx.now()
    with services.ctx.transaction() as session:
        devices = session.execute(
            select(m.DeviceRow.id, m.DeviceRow.hostname).order_by(m.DeviceRow.hostname_key)
        ).all()
        run = m.JobRunRow(
            job_name="backup-all",
            kind="backup",
            status="partial",
            trigger="manual",
            triggered_by="bench",
            queued_at=now - timedelta(hours=1),
            started_at=now - timedelta(hours=1),
            finished_at=now - timedelta(minutes=50),
            total=min(RUN_DEVICES, count),
        )
        session.add(run)
        session.flush()
        versions = []
        for index, (device_id, hostname) in enumerate(devices):
            for number in range(MANY_VERSIONS if index == 0 else VERSIONS_PER_DEVICE):
                versions.append(
                    {
                        "device_id": device_id,
                        "hostname": hostname,
                        "run_id": run.id,
                        "commit": f"{index:08x}{number:032x}",
                        "path": f"devices/{hostname}.cfg",
                        "sha256": f"{index:064x}",
                        "size": 20_000 + number,
                        "lines": 600 + number,
                        "lines_added": number % 7,
                        "lines_removed": number % 3,
                        "created_at": now - timedelta(days=1, minutes=number),
                    }
                )
        session.execute(insert(m.ConfigVersionRow), versions)
        results = [
            {
                "run_id": run.id,
                "device_id": device_id,
                "hostname": hostname,
                "status": "failed" if index % 9 == 0 else "success",
                "error_kind": "timeout" if index % 9 == 0 else None,
                "message": "timeout: no prompt" if index % 9 == 0 else "",
                "credential_name": "lab",
                "attempts": 1,
                "duration_ms": 800 + index % 400,
                "changed": index % 5 == 0,
            }
            for index, (device_id, hostname) in enumerate(devices[:RUN_DEVICES])
        ]
        session.execute(insert(m.DeviceResultRow), results)
        session.execute(
            insert(m.LogEntryRow),
            [
                {
                    "ts": now - timedelta(seconds=LOG_HISTORY - index),
                    "level": "info",
                    "kind": "job",
                    "message": f"history line {index}",
                }
                for index in range(LOG_HISTORY)
            ],
        )
    services.bench_run_id = run.id  # type: ignore[attr-defined]
    services.bench_busy_host = devices[0][1]  # type: ignore[attr-defined]


class LogWriter(threading.Thread):
    """LOG_RATE entries a second into the log table (batches every 50 ms), as a busy engine."""

    def __init__(self, services, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.services = services
        self.stop = stop

    def run(self) -> None:
        from sqlalchemy import insert

        from netraven_tui.db import models as m

        started, batch = time.monotonic(), 0
        per_batch = LOG_RATE // 20
        while not self.stop.is_set():
            now = self.services.ctx.now()
            with self.services.ctx.transaction() as session:
                session.execute(
                    insert(m.LogEntryRow),
                    [
                        {
                            "ts": now,
                            "level": "info",
                            "kind": "connection",
                            "message": f"live entry {batch}.{index}: show running-config",
                        }
                        for index in range(per_batch)
                    ],
                )
            batch += 1
            ahead = started + batch * 0.05 - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)


class KeyProbe:
    """Posts j/k Key events and records event time → first screen update showing the cursor."""

    def __init__(self, app, table) -> None:
        self.app = app
        self.table = table  # a RecordTable or a LogView: anything with a cursor
        self.pending: tuple[float, int] | None = None
        self.latencies: list[float] = []
        self.painted_at: float | None = None
        original = self.original = app._display

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
                # a key pressed with ctrl+r: queued behind what the UI thread does to start
                # the reload (posted first, so its latency includes that)
                pressed = asyncio.ensure_future(probe.press())
                await asyncio.sleep(0)
                screen.reload()
                await pressed
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
            app._display = probe_original(probe)
            figures.update(await other_lists(app, pilot, services, count))
    finally:
        runtime.stop(grace_seconds=5)
        services.close()
        shutil.rmtree(home, ignore_errors=True)  # ~65 MB at 50,000
    return figures


def probe_original(probe: KeyProbe):
    """The app's display method as it was before the probe wrapped it."""
    return probe.original


async def open_until(app, opener, ready, limit: float = 60.0) -> float:
    """Seconds from ``opener()`` until the first screen update after which ``ready()`` holds."""
    painted: list[float] = []
    original = app._display

    def display(screen, renderable):
        original(screen, renderable)
        if not painted and ready():
            painted.append(time.monotonic())

    app._display = display
    started = time.monotonic()
    opener()
    while not painted and time.monotonic() - started < limit:
        await asyncio.sleep(0.001)
    app._display = original
    return (painted[0] if painted else time.monotonic()) - started


def _table_of(app, screen_type, wanted: int):
    from netraven_tui.tui.widgets.record_table import RecordTable

    screen = app.screen
    if not isinstance(screen, screen_type) or not screen.is_mounted:
        return False
    tables = screen.query(RecordTable)
    return bool(tables) and tables.first().total_count >= wanted


async def keys_on(app, widget, presses: int = 40) -> list[float]:
    probe = KeyProbe(app, widget)
    for _ in range(presses):
        await probe.press()
        await asyncio.sleep(0.01)
    app._display = probe.original
    return probe.take()


def filter_figure(table) -> str:
    per_key = []
    for index in range(1, len(FILTER) + 1):
        tick = time.perf_counter()
        table.set_filter(FILTER[:index])
        per_key.append(time.perf_counter() - tick)
    table.set_filter("")
    return f"{statistics.median(per_key) * 1000:6.1f} / {max(per_key) * 1000:6.1f} ms"


async def other_lists(app, pilot, services, count: int) -> dict[str, str]:
    """Configs (a row per device), one device's versions, a 5,000-device run, the logs."""
    from netraven_tui.tui.screens.config_versions import ConfigVersionsScreen
    from netraven_tui.tui.screens.configs import ConfigsScreen
    from netraven_tui.tui.screens.logs import LogsScreen
    from netraven_tui.tui.screens.run_view import RunViewScreen
    from netraven_tui.tui.widgets.log_view import LogView
    from netraven_tui.tui.widgets.record_table import RecordTable

    figures: dict[str, str] = {}
    took = await open_until(
        app, lambda: app.action_area("configs"), lambda: _table_of(app, ConfigsScreen, count)
    )
    figures["configs: open, all rows"] = f"{took * 1000:8.0f} ms"
    await settled(app)
    table = app.screen.query_one(RecordTable)
    figures["configs: key idle"] = summary(await keys_on(app, table))
    figures["configs: filter keystroke"] = filter_figure(table)

    host = services.bench_busy_host
    took = await open_until(
        app,
        lambda: app.push_screen(ConfigVersionsScreen(host)),
        lambda: _table_of(app, ConfigVersionsScreen, MANY_VERSIONS),
    )
    figures[f"versions: open ({MANY_VERSIONS})"] = f"{took * 1000:8.0f} ms"
    await settled(app)
    figures["versions: key idle"] = summary(await keys_on(app, app.screen.query_one(RecordTable)))
    app.pop_screen()
    await pilot.pause()

    run_size = min(RUN_DEVICES, count)
    took = await open_until(
        app,
        lambda: app.push_screen(RunViewScreen(services.bench_run_id, "backup-all")),
        lambda: _table_of(app, RunViewScreen, run_size),
    )
    figures[f"run view: open ({run_size:,} results)"] = f"{took * 1000:8.0f} ms"
    await settled(app)
    table = app.screen.query_one(RecordTable)
    figures["run view: key idle"] = summary(await keys_on(app, table))
    figures["run view: filter keystroke"] = filter_figure(table)
    app.pop_screen()
    await pilot.pause()

    def log_ready() -> bool:
        screen = app.screen
        return isinstance(screen, LogsScreen) and bool(screen.query_one(LogView).entries)

    took = await open_until(app, lambda: app.action_area("logs"), log_ready)
    figures[f"logs: open ({LOG_HISTORY:,} in the table)"] = f"{took * 1000:8.0f} ms"
    await settled(app)
    view = app.screen.query_one(LogView)
    view.follow(False)  # paused: the keys move the cursor, the window holds still
    figures["logs: key idle"] = summary(await keys_on(app, view))
    stop = threading.Event()
    writer = LogWriter(services, stop)
    writer.start()
    await asyncio.sleep(1.0)
    # Paused (the cursor moves only by the keys, so the probe sees only their effect): the
    # screen still polls the table twice a second and counts what came.
    keys = await keys_on(app, view, presses=100)
    stop.set()
    writer.join(5)
    figures[f"logs: key at {LOG_RATE:,} entries/s"] = summary(keys)
    return figures


def main() -> None:
    os.environ.pop("NETRAVEN_HOME", None)
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 50_000]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for size in sizes:
        figures = asyncio.run(measure(size))
        print(f"\n{size:,} devices (load average now {os.getloadavg()[0]:.2f})")
        for name, value in figures.items():
            print(f"  {name:36} {value}", flush=True)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
