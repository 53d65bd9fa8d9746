"""The notifier: the runner's after-close hook, and this process's delivery worker.

``Notifier.after_run`` is registered in ``JobRunner.after_run``: the runner calls it once a run
is committed, closed and announced (``RunFinished``). It queues the run's events in the outbox
and wakes the worker; any error is logged and never reaches the run. The worker is one
dispatcher thread that claims due deliveries and a few sender threads (``MAX_PARALLEL``), all
daemons started on first use, so a slow or broken channel holds at most its own sender for
``notify_timeout`` seconds and never the run. ``drain`` gives a short-lived process (``job
run``) a few seconds to send before it exits; what is left is sent by the scheduler leader's
process (``pick_up_leftovers``).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable

from netraven_tui.domain import (
    Actor,
    ComplianceChange,
    Delivery,
    DeliveryStatus,
    JobRun,
    LogKind,
    LogLevel,
    NetRavenError,
)
from netraven_tui.runtime.events import EventBus, LogAppended
from netraven_tui.runtime.notify.diff import SectionOf, diff_provider
from netraven_tui.runtime.notify.send import DeliveryFailed, send
from netraven_tui.services import Services
from netraven_tui.services.notify_outbox import Claimed
from netraven_tui.services.runs import this_process

log = logging.getLogger(__name__)

MAX_PARALLEL = 4
IDLE_POLL_SECONDS = 30.0  # nothing of ours is due: look again this often (or when woken)
LEFTOVER_POLL_SECONDS = 10.0  # as the leader: how often orphaned deliveries are looked for
DRAIN_SECONDS = 5.0

DeliveryListener = Callable[[Delivery], None]


class Notifier:
    def __init__(
        self,
        services: Services,
        store=None,
        *,
        bus: EventBus | None = None,
        section_of: SectionOf | None = None,
        max_parallel: int = MAX_PARALLEL,
    ) -> None:
        from netraven_tui.backup.gitstore import GitStore

        # queueing, sending and logging deliveries is the program's own bookkeeping
        self.services = services.as_actor(Actor.system("notifier"))
        self.store = store or GitStore(services.ctx.settings.locations.repo)
        self.bus = bus
        self.owner = this_process()
        self.listeners: list[DeliveryListener] = []  # called after every attempt
        self._diffs = diff_provider(self.store, services.ctx.platforms, section_of)
        self._outbox = services.notifications.outbox
        self._leftovers: Callable[[], bool] = lambda: False
        self._max = max(1, max_parallel)
        self._queue: queue.Queue[Claimed | None] = queue.Queue()
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ hooks

    def after_run(self, run: JobRun) -> None:
        """Queue a closed run's notifications and wake the worker. Never raises."""
        try:
            ids = self.services.notifications.enqueue_for_run(run.id, self._diffs)
        except Exception as error:  # noqa: BLE001 - a notification problem never fails a run
            self._report(f"notifications for run {run.id} could not be queued", error, run.id)
            return
        if ids:
            self.wake()

    def after_compliance(
        self, changes: Iterable[ComplianceChange], run_id: int | None = None
    ) -> None:
        """Queue ``compliance_changed`` events from an evaluation and wake the worker. Never raises."""
        try:
            ids = self.services.notifications.enqueue_compliance(changes, run_id)
        except Exception as error:  # noqa: BLE001 - as for runs
            self._report("compliance notifications could not be queued", error, run_id)
            return
        if ids:
            self.wake()

    def pick_up_leftovers(self, leading: Callable[[], bool]) -> None:
        """While ``leading()`` is true, also send deliveries whose process died or went silent."""
        self._leftovers = leading
        self.wake()

    # ------------------------------------------------------------------ control

    def wake(self) -> None:
        self._start()
        self._wake.set()

    def send_now(self, delivery_id: int) -> Delivery:
        """One attempt at a queued delivery, in the calling thread (`notify test`): no retries."""
        [item] = self._outbox.claim_due(
            self.owner, True, self._hold_seconds(), limit=1, only_id=delivery_id
        ) or [None]
        if item is None:
            return self._outbox.get(delivery_id)
        return self._attempt(item, final=True)

    def drain(self, seconds: float = DRAIN_SECONDS) -> int:
        """Wait up to ``seconds`` for this process's queued deliveries; returns how many are left."""
        deadline = time.monotonic() + seconds
        left = self._outbox.pending(self.owner)
        while left and time.monotonic() < deadline:
            self.wake()
            time.sleep(0.05)
            left = self._outbox.pending(self.owner)
        return left

    def stop(self) -> None:
        """Stop the worker threads (an attempt in flight finishes or is retried by another)."""
        self._halt.set()
        self._wake.set()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=1.0)

    # ------------------------------------------------------------------ worker threads

    def _start(self) -> None:
        with self._lock:
            if self._threads or self._halt.is_set():
                return
            self._threads = [
                threading.Thread(target=self._dispatch_loop, name="notify-dispatch", daemon=True)
            ] + [
                threading.Thread(target=self._send_loop, name=f"notify-send-{i}", daemon=True)
                for i in range(self._max)
            ]
            for thread in self._threads:
                thread.start()

    def _dispatch_loop(self) -> None:
        while not self._halt.is_set():
            self._wake.clear()
            wait = IDLE_POLL_SECONDS
            try:
                wait = self._dispatch()
            except Exception:  # noqa: BLE001 - a busy database must not end the worker
                log.exception("notifications: reading the outbox failed")
            self._wake.wait(wait)

    def _dispatch(self) -> float:
        """Claim what is due (as many as there are free senders); returns how long to sleep."""
        with self._lock:
            free = self._max - self._in_flight
        if free > 0:
            leading = self._leftovers()
            for item in self._outbox.claim_due(
                self.owner, leading, self._hold_seconds(), limit=free
            ):
                with self._lock:
                    self._in_flight += 1
                self._queue.put(item)
        with self._lock:
            if self._in_flight >= self._max:
                return IDLE_POLL_SECONDS  # a finishing sender wakes us
        wait = LEFTOVER_POLL_SECONDS if self._leftovers() else IDLE_POLL_SECONDS
        due = self._outbox.next_due(self.owner)
        if due is not None:
            wait = min(wait, max(0.05, (due - self.services.ctx.now()).total_seconds()))
        return wait

    def _send_loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None or self._halt.is_set():
                return
            try:
                self._attempt(item)
            except Exception:  # noqa: BLE001 - recorded as far as possible; the row retries
                log.exception("notifications: delivery %s could not be recorded", item.id)
            finally:
                with self._lock:
                    self._in_flight -= 1
                self._wake.set()

    def _attempt(self, item: Claimed, final: bool = False) -> Delivery:
        timeout = self.services.ctx.settings.notify_timeout
        error: str | None = None
        try:
            send(self.services.notifications.target(item.channel_id), item.payload, timeout)
        except (DeliveryFailed, NetRavenError) as failure:
            error = str(failure)
        except Exception as unexpected:  # noqa: BLE001 - one failed attempt, not a dead worker
            log.exception("notifications: sending delivery %s failed", item.id)
            error = f"internal error: {type(unexpected).__name__}"
        try:
            delivery, entry = self._outbox.record_attempt(item, error, final)
        except LookupError:  # the channel was removed while we sent
            return self._gone(item)
        log.log(
            logging.INFO if error is None else logging.WARNING,
            "notification %s to %s: %s",
            item.event,
            item.channel,
            "sent" if error is None else error,
        )
        if self.bus is not None:
            self.bus.publish(LogAppended(entry))
        for listener in self.listeners:
            try:
                listener(delivery)
            except Exception:  # noqa: BLE001 - a listener must not break delivery
                log.exception("notifications: a delivery listener failed")
        return delivery

    def _hold_seconds(self) -> float:
        # a claimed row is not due again before its attempt has surely ended
        return 2 * self.services.ctx.settings.notify_timeout + 30

    def _gone(self, item: Claimed) -> Delivery:
        now = self.services.ctx.now()
        return Delivery(
            item.id,
            item.channel,
            item.event,
            "",
            item.run_id,
            item.hostname,
            DeliveryStatus.FAILED,
            item.attempts,
            "channel removed",
            now,
            now,
            None,
        )

    def _report(self, what: str, error: Exception, run_id: int | None) -> None:
        log.exception("%s", what)
        try:
            entry = self.services.logs.write(
                LogLevel.ERROR,
                LogKind.SYSTEM,
                f"{what}: {type(error).__name__}: {error}",
                run_id=run_id,
            )
        except Exception:  # noqa: BLE001 - the file log has it
            log.exception("notifications: could not write a log entry")
            return
        if self.bus is not None:
            self.bus.publish(LogAppended(entry))
