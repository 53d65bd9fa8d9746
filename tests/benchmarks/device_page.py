"""Benchmark: opening a device's page with 10,000 devices and 100 versions of that device.

A plain script (not a pytest test): ``python tests/benchmarks/device_page.py [DEVICES] [VERSIONS]``
(default 10000 100). In a temporary NETRAVEN_HOME it imports the devices, backs them all up in
RUNS runs (results stored through RunService, as a run does: RUNS x DEVICES result rows), then
gives one device VERSIONS versions, each a real git commit of its configuration made and
indexed by its own one-device run, the newest a failure. Then, in the console
(``App.run_test`` with a console runtime, the devices table loaded):

- open: the Enter key event is posted to the app as the driver would; the time is from the
  event's own ``time`` until the first screen update (the app's ``_display``) that shows the
  page with its content (summary, versions, last diff), then Escape back; OPENS times (the
  first one also alone: it builds the page's styles)
- read: what the page's worker reads (``read_page``) alone, without the UI
Median and max of each, and the load average (the machine may be shared).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console_waits import settled

RUNS = 10  # full backups of the whole inventory before the device's own history
OPENS = 15
TIMEOUT = 30.0
BATCH = 1_000


def config(hostname: str, generation: int) -> str:
    """An IOS-like configuration of ~300 lines whose generation changes a few lines."""
    lines = ["version 17.9", f"hostname {hostname}", "!"]
    for port in range(1, 49):
        lines += [
            f"interface GigabitEthernet1/0/{port}",
            f" description access port {port}"
            + (f" moved in change {generation}" if port == generation % 48 + 1 else ""),
            f" switchport access vlan {10 + (port + generation) % 3}",
            " switchport mode access",
            "!",
        ]
    lines += [f"ntp server 10.0.0.{100 + generation % 50}", "end"]
    return "\n".join(lines) + "\n"


def make_services(count: int, versions: int):
    from netraven_tui.backup.gitstore import GitStore, config_path
    from netraven_tui.config import load_settings
    from netraven_tui.domain import (
        Actor,
        DeviceInput,
        DeviceOutcome,
        ErrorKind,
        NewConfigVersion,
        ResultStatus,
    )
    from netraven_tui.services import open_services

    home = Path(tempfile.mkdtemp(prefix=f"netraven-page-{count}-"))
    env = {"NETRAVEN_HOME": str(home)}
    services = open_services(load_settings(env), Actor.system("bench"), env=env)
    services.devices.import_rows(
        [
            (
                index + 2,
                DeviceInput(
                    hostname=f"{('core', 'dist', 'acc', 'edge')[index % 4]}-sw{index:05d}",
                    address=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}",
                    platform="cisco_ios",
                    tags=(f"site{index % 20}", ("core", "dist", "access", "edge")[index % 4]),
                ),
            )
            for index in range(count)
        ]
    )
    devices = services.devices.list()
    runs = services.runs
    base = datetime.now(UTC) - timedelta(days=30)

    def outcome(target, when: datetime, **fields) -> DeviceOutcome:
        return DeviceOutcome(
            target, fields.pop("status", ResultStatus.SUCCESS), when, when, **fields
        )

    for number in range(RUNS):  # the whole fleet, unchanged (no versions: only result rows)
        run, targets = runs.create_for_devices([d.id for d in devices], "schedule", "bench")
        runs.start(run.id, len(targets))
        when = base + timedelta(days=number)
        for start in range(0, len(targets), BATCH):
            runs.record(
                run.id,
                [outcome(t, when, attempts=1) for t in targets[start : start + BATCH]],
            )
        runs.close(run.id)

    device = devices[len(devices) // 2]
    store = GitStore(services.ctx.settings.locations.repo)
    try:
        for generation in range(versions):
            run, (target,) = runs.create_for_devices([device.id], "manual", "bench")
            runs.start(run.id, 1)
            text = config(device.hostname, generation)
            commit = store.commit(
                [store.stage(config_path(device.hostname), text)], f"run {run.id}"
            )
            when = base + timedelta(days=RUNS, hours=generation)
            done = outcome(
                target,
                when,
                changed=True,
                sha256=f"{generation:064x}",
                size=len(text),
                lines=text.count("\n"),
                lines_added=2 if generation else text.count("\n"),
                lines_removed=2 if generation else 0,
                attempts=1,
            )
            runs.record(run.id, [done])
            runs.close(
                run.id,
                commit=commit,
                versions=[NewConfigVersion.of(done, config_path(target.hostname))],
            )
        run, (target,) = runs.create_for_devices([device.id], "manual", "bench")
        runs.start(run.id, 1)
        runs.record(
            run.id,
            [
                outcome(
                    target,
                    base + timedelta(days=RUNS + 5),
                    status=ResultStatus.FAILED,
                    error_kind=ErrorKind.AUTH,
                    message="every credential was rejected",
                    attempts=2,
                )
            ],
        )
        runs.close(run.id)
    finally:
        store.close()
    return services, home, device


def summary(values: list[float]) -> str:
    values = sorted(values)
    return (
        f"median {statistics.median(values) * 1000:6.1f} ms   max {values[-1] * 1000:6.1f} ms"
        f"   (n={len(values)})"
    )


async def measure(services, device, count: int) -> dict[str, str]:
    from textual import events

    from netraven_tui.domain import Actor, Role
    from netraven_tui.runtime.console import start_console_runtime
    from netraven_tui.tui.app import build_app
    from netraven_tui.tui.screens.device_page import DevicePageScreen, read_page
    from netraven_tui.tui.screens.devices import DevicesScreen
    from netraven_tui.tui.widgets.record_table import RecordTable

    figures: dict[str, str] = {}
    runtime = start_console_runtime(services, scheduler=False)
    app = build_app(
        services, auto_login=Actor("bench", Role.ADMIN), runtime=runtime, cursor_blink=False
    )
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(app)
            app.action_area("devices")
            await settled(app)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DevicesScreen)
            table = screen.query_one(RecordTable)
            while table.total_count < count or not screen.loaded:
                await asyncio.sleep(0.01)
            assert table.move_to(device.id)
            await pilot.pause()

            painted: list[float] = []
            original = app._display

            def display(shown, renderable):
                original(shown, renderable)
                if isinstance(shown, DevicePageScreen) and shown.page is not None:
                    painted.append(time.monotonic())

            app._display = display
            opens: list[float] = []
            shown_versions = 0
            for _ in range(OPENS):
                painted.clear()
                event = events.Key("enter", "\r")
                app.post_message(event)
                deadline = time.monotonic() + TIMEOUT
                while not painted and time.monotonic() < deadline:
                    await asyncio.sleep(0.001)
                assert painted, "the device page never showed its content"
                opens.append(painted[0] - event.time)
                page = app.screen
                assert isinstance(page, DevicePageScreen) and page.page is not None
                shown_versions = len(page.page.versions)
                await settled(app)
                await pilot.press("escape")
                await settled(app)
                await pilot.pause()
            app._display = original
            figures["open: Enter to content painted"] = summary(opens)
            figures["open: the first one"] = f"{opens[0] * 1000:6.1f} ms"
            figures["versions on the page"] = str(shown_versions)

            reads = []
            for _ in range(OPENS):
                started = time.perf_counter()
                read_page(screen, device.id)
                reads.append(time.perf_counter() - started)
            figures["read_page alone (worker)"] = summary(reads)
    finally:
        runtime.stop(grace_seconds=5)
    return figures


def main() -> None:
    os.environ.pop("NETRAVEN_HOME", None)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    versions = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    started = time.perf_counter()
    services, home, device = make_services(count, versions)
    print(
        f"{count:,} devices, {RUNS} full runs ({RUNS * count:,} results), {versions} versions "
        f"of {device.hostname}; set up in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    try:
        figures = asyncio.run(measure(services, device, count))
    finally:
        services.close()
        shutil.rmtree(home, ignore_errors=True)
    for name, value in figures.items():
        print(f"{name:34} {value}")
    print("load average: " + " ".join(f"{value:.2f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
