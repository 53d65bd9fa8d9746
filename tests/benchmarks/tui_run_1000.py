"""Benchmark: how responsive the console stays while a backup of 1,000 lab devices runs.

A plain script (not a pytest test): ``python tests/benchmarks/tui_run_1000.py [N]``.
It starts a lab fleet of N devices (default 1,000; latency 0-20 ms per device), imports it,
adds a credential and a backup job, opens the console with ``App.run_test``, presses `r` on
the job (the run view opens) and, while the run goes, measures:

- key latency: a `j`/`k` key event posted to the app until the run view's device table has
  moved its cursor (the key handled on the UI thread: what an operator feels as lag)
- pilot round trip: ``pilot.press`` of the same keys. Pilot waits until the whole *process*
  is idle (``wait_for_idle`` compares process CPU time with wall time, up to 1 s, twice), so
  while 50 device threads work this measures their CPU use more than the console's lag
- timer gaps: the longest interval between ticks of a 50 ms ``set_interval`` callback
  (how long the event loop was blocked)
- batches: how many runtime-event batches the run view handled and the longest one took

then the same figures in the same run view once the run has finished (1,000 rows, no run
going) as the baseline, and the ratios. The fleet and the runtime are stopped at the end.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

TICK = 0.05
RUN_TIMEOUT = 900.0
BASELINE_SAMPLES = 100


class Probe:
    """Key round trips, timer gaps and batch handling times."""

    def __init__(self) -> None:
        self.keys: list[float] = []
        self.presses: list[float] = []
        self.ticks: list[float] = []
        self.batches: list[float] = []
        self._last_tick: float | None = None

    def tick(self) -> None:
        now = time.perf_counter()
        if self._last_tick is not None:
            self.ticks.append(now - self._last_tick)
        self._last_tick = now

    def reset(self) -> None:
        self.keys.clear()
        self.presses.clear()
        self.ticks.clear()
        self.batches.clear()
        self._last_tick = None


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(probe: Probe) -> dict[str, float]:
    return {
        "key median ms": statistics.median(probe.keys) * 1000 if probe.keys else 0.0,
        "key p95 ms": percentile(probe.keys, 0.95) * 1000,
        "key max ms": max(probe.keys, default=0.0) * 1000,
        "pilot median ms": statistics.median(probe.presses) * 1000 if probe.presses else 0.0,
        "pilot max ms": max(probe.presses, default=0.0) * 1000,
        "tick gap p95 ms": percentile(probe.ticks, 0.95) * 1000,
        "tick gap max ms": max(probe.ticks, default=0.0) * 1000,
        "batches": float(len(probe.batches)),
        "batch max ms": max(probe.batches, default=0.0) * 1000,
    }


async def key_latency(app, table, key: str, timeout: float = 30.0) -> float:
    """Post a key event and wait until the table's cursor has moved."""
    from textual import events

    before = table.cursor
    started = time.perf_counter()
    app.post_message(events.Key(key, key))
    while table.cursor == before:
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"key {key!r} not handled in {timeout} s")
        await asyncio.sleep(0.001)
    return time.perf_counter() - started


async def sample(pilot, table, probe: Probe, index: int) -> None:
    """One precise key latency and one pilot round trip (the table ends where it started)."""
    probe.keys.append(await key_latency(pilot.app, table, "j"))
    probe.keys.append(await key_latency(pilot.app, table, "k"))
    if index % 4 == 0:
        before = time.perf_counter()
        await pilot.press("j")
        probe.presses.append(time.perf_counter() - before)
        await pilot.press("k")


def prepare(count: int, home: Path):
    from netraven_tui.config import load_settings
    from netraven_tui.domain import Actor, CredentialInput, JobInput, Role
    from netraven_tui.lab import LabFleet
    from netraven_tui.services import open_services

    env = {"NETRAVEN_HOME": str(home)}
    settings = load_settings(env).with_(connect_timeout=10.0, command_timeout=60.0, attempts=1)
    fleet = LabFleet(devices=count, seed=3)
    rng = random.Random(3)
    fleet.devices = [replace(d, latency_ms=rng.uniform(0, 20)) for d in fleet.devices]
    started = time.perf_counter()
    fleet.start()
    print(f"fleet of {count} devices up in {time.perf_counter() - started:.1f} s", flush=True)
    services = open_services(settings, Actor("bench", Role.ADMIN), env=env)
    services.devices.import_csv(fleet.write_inventory(home / "inventory.csv"))
    services.credentials.create(
        CredentialInput("lab", fleet.username, fleet.password, fleet.enable_secret, 10, ("lab",))
    )
    services.jobs.create(JobInput("backup-lab", "backup", tags=("lab",)))
    return fleet, services


async def measure(services) -> dict[str, object]:
    from netraven_tui.domain import Actor, Role
    from netraven_tui.runtime.console import start_console_runtime
    from netraven_tui.tui.app import build_app
    from netraven_tui.tui.screens.run_view import RunViewScreen
    from netraven_tui.tui.widgets.record_table import RecordTable

    probe = Probe()
    handle = RunViewScreen.on_runtime_events

    def timed(screen, message) -> None:
        started = time.perf_counter()
        handle(screen, message)
        probe.batches.append(time.perf_counter() - started)

    RunViewScreen.on_runtime_events = timed  # type: ignore[method-assign]
    runtime = start_console_runtime(services, scheduler=False)
    app = build_app(
        services, auto_login=Actor("bench", Role.ADMIN), runtime=runtime, cursor_blink=False
    )
    figures: dict[str, object] = {}
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.set_interval(TICK, probe.tick)
            await pilot.press("5")
            await pilot.pause(0.5)
            started = time.perf_counter()
            await pilot.press("r")
            while not (isinstance(app.screen, RunViewScreen) and app.screen.loaded):
                await pilot.pause(0.05)
            view = app.screen
            table = view.query_one(RecordTable)
            probe.reset()
            index = 0
            while view.run is None or not view.run.status.finished:
                if time.perf_counter() - started > RUN_TIMEOUT:
                    raise TimeoutError("the run did not finish in time")
                await sample(pilot, table, probe, index)
                index += 1
                await asyncio.sleep(0.05)
            figures["run seconds"] = time.perf_counter() - started
            figures["run"] = view.run
            figures["during"] = summary(probe)
            await pilot.pause(1.0)
            figures["rows"] = table.total_count
            probe.reset()
            for index in range(BASELINE_SAMPLES):
                await sample(pilot, table, probe, index)
                await asyncio.sleep(0.05)
            figures["baseline"] = summary(probe)
            figures["errors"] = list(app.unexpected_errors)
    finally:
        RunViewScreen.on_runtime_events = handle  # type: ignore[method-assign]
        runtime.stop(grace_seconds=10)
    return figures


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    home = Path(tempfile.mkdtemp(prefix="netraven-bench-run-"))
    os.environ["NETRAVEN_HOME"] = str(home)
    fleet, services = prepare(count, home)
    try:
        figures = asyncio.run(measure(services))
    finally:
        fleet.stop()
        services.close()
    run = figures["run"]
    print(
        f"run {run.id}: {run.status}, {run.succeeded} ok, {run.failed} failed, {run.changed} changed, "
        f"{run.skipped} skipped in {figures['run seconds']:.1f} s; {figures['rows']} rows in the run view"
    )
    during, baseline = figures["during"], figures["baseline"]
    print(f"{'':18} {'during run':>12} {'baseline':>12} {'ratio':>8}")
    for name in during:
        ratio = during[name] / baseline[name] if baseline[name] else float("nan")
        print(f"{name:18} {during[name]:12.1f} {baseline[name]:12.1f} {ratio:8.2f}")
    if figures["errors"]:
        print(f"unexpected errors in the console: {figures['errors']}")
        return 1
    return 0 if run.status.finished else 1


if __name__ == "__main__":
    sys.exit(main())
