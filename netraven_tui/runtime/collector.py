"""``netraven-tui collector``: serve the task queues of some sites (PostgreSQL + procrastinate).

A collector needs the database URL and the credential key, nothing else: no git repository,
no scheduler. Each job is one device of one run. The collector logs in, captures, strips
noise and masks, and stores the outcome with the masked text for the run's owner
(``collector_results``); the owner compares, commits and records.

Liveness: a heartbeat row (``collectors``: which sites, renewed every quarter of
``collector_stall_seconds``) tells owners whether a site is served; procrastinate's own worker
heartbeat tells them which jobs a dead collector held, and this collector also puts back
stalled jobs of its own queues (a run whose owner died leaves no one else to do it).
SIGTERM/SIGINT: stop taking jobs, finish the ones running, unregister, exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from netraven_tui.domain import DeviceCapture, DeviceOutcome, ErrorKind, HostKeyPolicy, JobKind
from netraven_tui.runtime.device_work import DeviceWork, perform
from netraven_tui.runtime.executors.base import skipped
from netraven_tui.runtime.routes import Routes
from netraven_tui.services import Services
from netraven_tui.services.collectors import collector_name
from netraven_tui.services.task_queue import TASK_NAME, TaskQueue, queue_for, worker_app

log = logging.getLogger(__name__)

ABORT_POLL_SECONDS = 1.0  # how often a running task's abort is looked for, besides NOTIFY


class AbortRequested:
    """The run's cancel as a collector's task sees it: procrastinate's abort request for the
    task's job, which the run's owner makes when the run is cancelled. A task stops between
    tries on it (a try under way ends by its timeouts). A collector shutting down is not a
    cancel: its running tasks finish."""

    def __init__(self, context) -> None:
        self._context = context

    def is_set(self) -> bool:
        from procrastinate.job_context import AbortReason

        return self._context.abort_reason() is AbortReason.USER_REQUEST

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(0.2, left))
        return True


class Collector:
    """One collector process: ``serve()`` blocks until SIGTERM/SIGINT (or ``stop()``)."""

    def __init__(self, services: Services, sites: Sequence[str], concurrency: int) -> None:
        self.services = services
        self.sites = tuple(sites) or ("",)
        self.queues = [queue_for(site) for site in self.sites]
        self.concurrency = concurrency
        self.name = collector_name()
        settings = services.ctx.settings
        self.stall_seconds = settings.collector_stall_seconds
        self.app = worker_app(settings.db_url)
        self.app.task(name=TASK_NAME, pass_context=True)(self.device_task)
        self._stopped = threading.Event()
        self.done = 0

    # ------------------------------------------------------------------ the task

    def device_task(
        self, context, run_id: int, work: dict[str, Any], host_key_policy: str | None = None
    ) -> None:
        """One device of one run: capture it (unless its run ended) and store the result.

        ``host_key_policy`` is the run owner's (this process has no settings file of its own).
        ``context`` is procrastinate's: the owner's abort request is the run's cancel.
        """
        item = DeviceWork.from_json(work)
        collectors = self.services.collectors
        device = item.device
        cancel = AbortRequested(context)
        if not collectors.run_is_running(run_id) or collectors.has_result(run_id, device.id):
            return  # the run is over, or a retried job whose first try got through
        if cancel.is_set():  # taken from the queue just as the run was cancelled
            collectors.put_result(run_id, DeviceCapture(skipped(device), None, self.name))
            return
        try:
            credentials = (
                self.services.credentials.login_order(device.id) if item.needs_credentials else []
            )
            policy = HostKeyPolicy(host_key_policy) if host_key_policy else None
            capture = self._perform(item, credentials, policy, cancel)
        except Exception as error:  # noqa: BLE001 - the device must still get its one result
            log.exception("device task for %s failed", device.hostname)
            outcome = DeviceOutcome.failed(
                device,
                datetime.now(UTC),
                ErrorKind.INTERNAL,
                f"internal error on collector {self.name}: {type(error).__name__}: {error}",
            )
            capture = DeviceCapture(outcome, None, self.name)
        collectors.put_result(run_id, capture)
        self.done += 1

    def _perform(
        self, item: DeviceWork, credentials, policy: HostKeyPolicy | None, cancel: AbortRequested
    ) -> DeviceCapture:
        """A backup goes the device's own way in (pinned host key, jump host), read here from
        the database: the task's arguments never hold a secret."""
        if item.kind is JobKind.BACKUP:
            route = Routes.load(self.services, [item.device.id], policy).route(item.device)
            if isinstance(route, str):  # contradictory jump hosts: nothing is sent
                outcome = DeviceOutcome.failed(
                    item.device, datetime.now(UTC), ErrorKind.UNREACHABLE, route, attempts=0
                )
                return DeviceCapture(outcome, None, self.name)
            item = replace(item, route=route)
        return perform(item, credentials, cancel, self.name)

    # ------------------------------------------------------------------ serving

    def serve(self) -> None:
        """Register, beat, and run the procrastinate worker until asked to stop."""
        self.services.collectors.register(self.name, self.sites, self.concurrency)
        beat = threading.Thread(target=self._beat, name="collector-heartbeat", daemon=True)
        beat.start()
        log.info(
            "collector %s serving %s with %d threads",
            self.name,
            ", ".join(self.queues),
            self.concurrency,
        )
        try:
            asyncio.run(self._work())
        finally:
            self._stopped.set()
            beat.join(timeout=5)
            self.services.collectors.unregister(self.name)
            log.info("collector %s stopped after %d devices", self.name, self.done)

    def stop(self) -> None:
        self._stopped.set()

    async def _work(self) -> None:
        # procrastinate runs a sync task on the loop's default executor: size it to the
        # concurrency, or it would be capped at a handful of threads.
        loop = asyncio.get_running_loop()
        loop.set_default_executor(
            # (+1: the thread that waits for stop())
            ThreadPoolExecutor(max_workers=self.concurrency + 1, thread_name_prefix="capture")
        )
        async with self.app.open_async():
            worker = asyncio.create_task(
                self.app.run_worker_async(
                    queues=self.queues,
                    concurrency=self.concurrency,
                    name=self.name,
                    delete_jobs="successful",
                    update_heartbeat_interval=max(0.5, self.stall_seconds / 4),
                    stalled_worker_timeout=self.stall_seconds,
                    fetch_job_polling_interval=2.0,
                    abort_job_polling_interval=ABORT_POLL_SECONDS,  # (NOTIFY comes first)
                    install_signal_handlers=True,
                )
            )
            stopper = asyncio.create_task(asyncio.to_thread(self._stopped.wait))
            await asyncio.wait({worker, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if not worker.done():
                worker.cancel()  # procrastinate stops gracefully: running jobs finish first
            with contextlib.suppress(asyncio.CancelledError):
                await worker
            self._stopped.set()
            await stopper

    def _beat(self) -> None:
        """The heartbeat row, and the stalled jobs of our queues, every quarter stall period."""
        every = max(0.5, self.stall_seconds / 4)
        queue: TaskQueue | None = None
        try:
            queue = TaskQueue(self.services.ctx.settings.db_url)
            while not self._stopped.wait(every):
                try:
                    if not self.services.collectors.heartbeat(self.name):
                        self.services.collectors.register(self.name, self.sites, self.concurrency)
                    queue.retry_stalled(None, self.stall_seconds, set(self.queues))
                except Exception:  # noqa: BLE001 - a database hiccup: beat again next time
                    log.exception("collector heartbeat failed")
        finally:
            if queue is not None:
                queue.close()
