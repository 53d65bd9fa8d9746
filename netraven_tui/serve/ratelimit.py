"""Per-source limit on failed SSH logins: after ``limit`` failures within ``window`` seconds a
source address gets no more tries until the oldest of them leaves the window.

This sits in front of the per-account lockout: the lockout stops guessing one account's
password from anywhere; this stops one address from trying many accounts (or locking them all).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

DEFAULT_LIMIT = 10
DEFAULT_WINDOW = 600.0
MAX_SOURCES = 100_000  # memory bound under a spray from many addresses


class FailureLimiter:
    def __init__(
        self,
        limit: int = DEFAULT_LIMIT,
        window: float = DEFAULT_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}

    def retry_after(self, source: str) -> float:
        """Seconds until ``source`` may try again (0: now)."""
        times = self._recent(source)
        if times is None or len(times) < self.limit:
            return 0.0
        return max(0.0, times[0] + self.window - self._clock())

    def record_failure(self, source: str) -> None:
        times = self._recent(source)
        if times is None:
            if len(self._failures) >= MAX_SOURCES:
                self._failures.pop(next(iter(self._failures)))
            times = self._failures[source] = deque(maxlen=self.limit)
        times.append(self._clock())

    def _recent(self, source: str) -> deque[float] | None:
        times = self._failures.get(source)
        if times is None:
            return None
        cutoff = self._clock() - self.window
        while times and times[0] <= cutoff:
            times.popleft()
        if not times:
            del self._failures[source]
            return None
        return times
