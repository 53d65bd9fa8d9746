"""Writes that outlast a busy or unreachable database: retried with capped backoff.

SQLite has one writer: another process holding its lock longer than the busy timeout makes a
write fail with "database is locked". A run must not be thrown away for that (its captures are
already in git), so the run's own writes (results, log lines, the close) go through
:func:`retry_writes` and are tried again until the database answers, for as long as the run
lives: the caller's ``stop`` event (set when the process gives up on its runs) ends the wait.

Only errors that go away on their own are retried: SQLite's locked/busy, and on a server
database the operational errors (connection lost, server restarting, serialization failure).
A constraint violation or a bug is raised at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)

T = TypeVar("T")

_SQLITE_TRANSIENT = ("database is locked", "database table is locked", "database is busy")


@dataclass(frozen=True)
class WriteRetry:
    """How a run's writes wait for the database: doubling waits from ``first_wait`` up to
    ``longest_wait`` seconds, until ``stop`` is set (then the last error is raised)."""

    stop: threading.Event = field(default_factory=threading.Event)
    first_wait: float = 0.05
    longest_wait: float = 2.0


def is_transient(error: BaseException) -> bool:
    """True for a database error that goes away on its own (a lock, a lost connection)."""
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    original = error.orig
    if type(original).__module__ == "sqlite3":
        text = str(original).lower()
        return any(marker in text for marker in _SQLITE_TRANSIENT)
    return True


def retry_writes(action: Callable[[int], T], what: str, retry: WriteRetry | None) -> T:
    """``action(attempt)`` (attempt 0, 1, …), tried again while the database is busy or away.

    Without ``retry`` it runs once. The log file says when the waiting starts and ends; the
    database cannot, it is the thing that is busy.
    """
    if retry is None:
        return action(0)
    attempt = 0
    wait = retry.first_wait
    started = time.monotonic()
    while True:
        try:
            result = action(attempt)
        except Exception as error:
            if not is_transient(error) or retry.stop.is_set():
                raise
            if attempt == 0:
                log.warning(
                    "database busy while %s (%s); retrying until it answers",
                    what,
                    _short(error),
                )
            attempt += 1
            if retry.stop.wait(wait):
                raise
            wait = min(wait * 2, retry.longest_wait)
            continue
        if attempt:
            log.warning(
                "database answered again: %s after %d retries (%.1f s)",
                what,
                attempt,
                time.monotonic() - started,
            )
        return result


def _short(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).splitlines()[0] if str(original) else type(original).__name__
