"""A thread-safe event bus: worker threads publish, the UI bridge and the CLI subscribe.

Subscribers are called on the publishing thread, so they must be quick and must not touch
widgets: the TUI bridge only appends to a buffer that it flushes with ``post_message``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from netraven_tui.domain import DeviceResult, JobRun, LogEntry

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunStarted:
    run: JobRun


@dataclass(frozen=True, slots=True)
class DeviceProgress:
    run_id: int
    device_id: int
    hostname: str
    stage: str  # "connecting", "fetching", "retrying", …


@dataclass(frozen=True, slots=True)
class DeviceDone:
    run_id: int
    result: DeviceResult


@dataclass(frozen=True, slots=True)
class RunFinished:
    """A run closed; ``run`` is as stored by that close (counts, status and commit together)."""

    run: JobRun

    @property
    def commit(self) -> str | None:
        """The git commit the run made, or None when nothing changed."""
        return self.run.commit


@dataclass(frozen=True, slots=True)
class LogAppended:
    entry: LogEntry


Event = RunStarted | DeviceProgress | DeviceDone | RunFinished | LogAppended
Subscriber = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: tuple[Subscriber, ...] = ()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Register ``subscriber``; returns a function that unregisters it."""
        with self._lock:
            self._subscribers = (*self._subscribers, subscriber)

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers = tuple(s for s in self._subscribers if s is not subscriber)

        return unsubscribe

    def publish(self, event: Event) -> None:
        for subscriber in self._subscribers:  # a snapshot: safe against concurrent (un)subscribe
            try:
                subscriber(event)
            except Exception:  # noqa: BLE001 - one bad subscriber must not break a run
                log.exception("event subscriber failed on %s", type(event).__name__)
