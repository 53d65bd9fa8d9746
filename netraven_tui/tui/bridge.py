"""The bridge from the runtime's event bus (worker threads) to the console (the UI thread).

Subscribers run on the publishing thread, so the bridge only appends to a queue there; the
app drains it on a short interval and publishes one :class:`RuntimeEvents` batch on its
``runtime-events`` signal: a burst of 1,000 device results is one repaint, not 1,000.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from netraven_tui.runtime.events import Event, EventBus

FLUSH_SECONDS = 0.25
MAX_QUEUED = 100_000  # a stalled UI must not grow memory without bound


@dataclass(frozen=True, slots=True)
class RuntimeEvents:
    """A batch of runtime events, oldest first: what the app's runtime-events signal carries."""

    events: tuple[Event, ...]


class EventBridge:
    def __init__(self, bus: EventBus) -> None:
        self._queue: deque[Event] = deque(maxlen=MAX_QUEUED)
        self._lock = threading.Lock()
        self._unsubscribe: Callable[[], None] | None = bus.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:  # any thread
        with self._lock:
            self._queue.append(event)

    def drain(self) -> tuple[Event, ...]:
        """Everything queued since the last drain (UI thread)."""
        with self._lock:
            events = tuple(self._queue)
            self._queue.clear()
        return events

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
