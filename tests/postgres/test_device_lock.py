"""The collectors' per-device lock on a real PostgreSQL: two tasks deferred for one device (two
runs that both include it) never run at the same time, even with two collectors free to take
them, while tasks of other devices do run side by side.

The queue side is ours (``TaskQueue.defer``, which sets ``lock=device-<id>``) and procrastinate's
real workers, two of them (two collectors) with two slots each, as ``Collector`` starts them; the
task body is a probe that records when it starts and ends (capturing from the lab would add
nothing here: the lock is taken before the task runs). The assertion is on the order of the
start/end events, never on durations.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from netraven_tui.domain import DeviceTarget
from netraven_tui.services.task_queue import TASK_NAME, TaskQueue, queue_for, worker_app

pytest.importorskip("procrastinate", reason="the collectors extra (procrastinate) is in [test]")

OVERLAP_WAIT = 3.0  # how long a probe stays "running" waiting for the others to start
DEADLINE = 60.0


class Probe:
    """The task body: ``start`` then ``end`` events, in the order they happened (one lock)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.events: list[tuple[str, str]] = []
        self.changed = threading.Condition()

    def task(self, label: str) -> None:
        with self.changed:
            self.events.append(("start", label))
            self.changed.notify_all()
            # Stay running until every task has started (or a while): with four free slots,
            # a second task of the same device would start meanwhile if the lock let it.
            self.changed.wait_for(lambda: self._starts() >= self.total, timeout=OVERLAP_WAIT)
            self.events.append(("end", label))
            self.changed.notify_all()

    def _starts(self) -> int:
        return sum(1 for event, _ in self.events if event == "start")

    def ended(self) -> set[str]:
        with self.changed:
            return {label for event, label in self.events if event == "end"}


def _running_together(events: list[tuple[str, str]]) -> list[set[str]]:
    """Each moment's set of running tasks, one per event."""
    running: set[str] = set()
    moments = []
    for event, label in events:
        running = running | {label} if event == "start" else running - {label}
        moments.append(set(running))
    return moments


async def _serve(url: str, probe: Probe, labels: set[str]) -> None:
    """Two collectors' workers (two slots each) on the default queue until every task ended."""
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=6, thread_name_prefix="probe"))
    apps = [worker_app(url) for _ in range(2)]
    async with contextlib.AsyncExitStack() as stack:
        workers = []
        for index, app in enumerate(apps):
            app.task(name=TASK_NAME, pass_context=False)(probe.task)
            await stack.enter_async_context(app.open_async())
            workers.append(
                asyncio.create_task(
                    app.run_worker_async(
                        queues=[queue_for("")],
                        concurrency=2,
                        name=f"collector-{index}",
                        delete_jobs="successful",
                        fetch_job_polling_interval=0.2,
                        install_signal_handlers=False,
                    )
                )
            )
        deadline = time.monotonic() + DEADLINE
        while probe.ended() != labels and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for worker in workers:
            worker.cancel()  # procrastinate stops gracefully
        for worker in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker


def test_two_tasks_of_one_device_never_run_at_once(postgres_url: str) -> None:
    shared = DeviceTarget(7, "core-r7", "127.0.0.1", 22, "cisco_ios")
    others = [DeviceTarget(i, f"core-r{i}", "127.0.0.1", 22, "cisco_ios") for i in (8, 9)]
    queue = TaskQueue(postgres_url)
    try:
        # Two runs, each with the shared device and one other device, deferred one after the
        # other as two owners would.
        first = queue.defer([(shared, {"label": "r7-run1"}), (others[0], {"label": "r8-run1"})])
        second = queue.defer([(shared, {"label": "r7-run2"}), (others[1], {"label": "r9-run2"})])
    finally:
        queue.close()
    assert len(first) == 2 and len(second) == 2
    labels = {"r7-run1", "r8-run1", "r7-run2", "r9-run2"}
    probe = Probe(len(labels))
    asyncio.run(_serve(postgres_url, probe, labels))

    events = probe.events
    assert probe.ended() == labels, events  # every task ran, once
    assert sorted(label for event, label in events if event == "start") == sorted(labels)
    moments = _running_together(events)
    # The shared device's two tasks: one ended before the other started.
    assert not any({"r7-run1", "r7-run2"} <= running for running in moments), events
    shared_events = [(e, label) for e, label in events if label.startswith("r7-")]
    assert [e for e, _ in shared_events] == ["start", "end", "start", "end"], events
    assert shared_events[0][1] == shared_events[1][1]
    # The workers really run tasks side by side (so the lock is what kept r7's apart).
    assert max(len(running) for running in moments) >= 2, events
