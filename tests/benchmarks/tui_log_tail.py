"""Benchmark: the live log follows 1,000 entries a second while the operator keeps typing.

Plain script (not pytest): ``.venv/bin/python tests/benchmarks/tui_log_tail.py [--seconds 10]
[--rate 1000]``. A background thread writes log entries into the database through its own
Services (batched inserts, one transaction per 50 ms) while the logs screen follows in
``App.run_test``. Key-press round trips (``pilot.press`` of j/k) and the view's memory (lines kept,
cached strips, process RSS) are measured with writes, against a baseline without writes in the
same run; the script prints figures and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from netraven_tui.config import load_settings  # noqa: E402
from netraven_tui.db import models as m  # noqa: E402
from netraven_tui.domain import Actor, LogKind, LogLevel, Role  # noqa: E402
from netraven_tui.services import Services, open_services  # noqa: E402
from netraven_tui.tui.app import build_app  # noqa: E402
from netraven_tui.tui.widgets.log_view import LogView  # noqa: E402

ADMIN = Actor("bench", Role.ADMIN)
LEVELS = [LogLevel.INFO, LogLevel.INFO, LogLevel.DEBUG, LogLevel.WARNING, LogLevel.ERROR]
BATCH_SECONDS = 0.05


class Writer(threading.Thread):
    """Writes ``rate`` entries a second for ``seconds``, in small batched transactions."""

    def __init__(self, services: Services, rate: int, seconds: float) -> None:
        super().__init__(daemon=True)
        self.services = services
        self.rate = rate
        self.seconds = seconds
        self.written = 0
        self.last_id = 0

    def run(self) -> None:
        per_batch = max(int(self.rate * BATCH_SECONDS), 1)
        start = time.perf_counter()
        batch_no = 0
        while (elapsed := time.perf_counter() - start) < self.seconds:
            with self.services.ctx.transaction() as session:
                rows = [
                    m.LogEntryRow(
                        ts=self.services.ctx.now(),
                        level=LEVELS[i % len(LEVELS)],
                        kind=LogKind.CONNECTION,
                        hostname=f"sw{i % 97:03d}",
                        message=f"bench entry {self.written + i}: show running-config"
                        f" took {i % 50} ms",
                        device_id=i % 97 + 1,
                    )
                    for i in range(per_batch)
                ]
                session.add_all(rows)
                session.flush()
                self.last_id = rows[-1].id
            self.written += per_batch
            batch_no += 1
            pause = batch_no * BATCH_SECONDS - (time.perf_counter() - start)
            if pause > 0:
                time.sleep(pause)
        self.elapsed = elapsed


async def press_loop(
    pilot, view: LogView, seconds: float, pressed: list[float], handled: list[float]
) -> None:
    """Press k and j in turn for ``seconds``: the ``pilot.press`` round trip (which also waits
    for the process to look idle) and the time until the view's action ran (input lag)."""
    end = time.perf_counter() + seconds
    keys = ("k", "j")
    index = 0
    ran: list[float] = []
    for name in ("action_cursor_up", "action_cursor_down"):
        original = getattr(view, name)

        def timed(original=original) -> None:
            original()
            ran.append(time.perf_counter())

        setattr(view, name, timed)
    while time.perf_counter() < end:
        ran.clear()
        began = time.perf_counter()
        await pilot.press(keys[index % 2])
        pressed.append(time.perf_counter() - began)
        if ran:
            handled.append(ran[0] - began)
        index += 1
        await asyncio.sleep(0.02)  # an operator types ~30-50 keys a second at most


def figures(name: str, latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    result = {
        "presses": len(ordered),
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000,
        "max_ms": ordered[-1] * 1000,
    }
    print(
        f"{name:<10} keys {result['presses']:>5}  p50 {result['p50_ms']:7.2f} ms  "
        f"p95 {result['p95_ms']:7.2f} ms  max {result['max_ms']:7.2f} ms"
    )
    return result


def memory(view: LogView) -> dict[str, int]:
    return {
        "lines": len(view.entries),
        "pending": len(view.pending),
        "strips": len(view._strips),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


async def main(seconds: float, rate: int) -> None:
    home = Path(tempfile.mkdtemp(prefix="netraven-bench-"))
    env = {"NETRAVEN_HOME": str(home)}
    settings = load_settings(env)
    # the program writes log lines (a system actor); the console is logged in as an admin
    services = open_services(settings, Actor.system("bench"), env=env)
    writer_services = open_services(settings, Actor.system("bench"), env=env)  # own engine
    for index in range(2000):  # some history
        services.logs.write(LEVELS[index % len(LEVELS)], LogKind.SYSTEM, f"history {index}")
    app = build_app(services, auto_login=ADMIN, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("6")
        await pilot.pause(1.0)
        view = app.screen.query_one(LogView)

        baseline: list[float] = []
        base_handled: list[float] = []
        await press_loop(pilot, view, seconds, baseline, base_handled)
        base_memory = memory(view)

        writer = Writer(writer_services, rate, seconds)
        loaded: list[float] = []
        load_handled: list[float] = []
        writer.start()
        await press_loop(pilot, view, seconds, loaded, load_handled)
        writer.join()
        following = view.following
        load_memory = memory(view)
        await pilot.press("G")
        caught_up = time.perf_counter()
        while (
            not view.entries or view.entries[-1].id < writer.last_id
        ) and time.perf_counter() - caught_up < 10:
            await pilot.pause(0.05)
        lag = time.perf_counter() - caught_up
        shown_last = view.entries[-1].id if view.entries else 0

    print(
        f"\nlog tail benchmark: {writer.written} entries in {writer.elapsed:.1f} s "
        f"({writer.written / writer.elapsed:.0f}/s), terminal 120x40, window max {view.max_lines}"
    )
    for title, quiet, busy in (
        ("pilot.press round trip (includes Pilot's wait for idle)", baseline, loaded),
        ("key to action (input lag)", base_handled, load_handled),
    ):
        print(f"\n{title}")
        base = figures("baseline", quiet)
        load = figures("writing", busy)
        print(
            f"ratios     p50 {load['p50_ms'] / base['p50_ms']:.2f}x  "
            f"p95 {load['p95_ms'] / base['p95_ms']:.2f}x  "
            f"max {load['max_ms'] / base['max_ms']:.2f}x"
        )
    print(f"\nstill following after the j/k presses: {following}")
    print(f"memory     baseline {base_memory}\n           writing  {load_memory}")
    print(
        f"follow     caught up with the last written entry in {lag:.2f} s after the writer "
        f"stopped (last shown id {shown_last}, last written {writer.last_id})"
    )
    services.close()
    writer_services.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=int, default=1000)
    options = parser.parse_args()
    os.environ.setdefault("TZ", "UTC")
    asyncio.run(main(options.seconds, options.rate))
