"""Start multiprocessing's helper processes (resource tracker, fork server) safely.

The resource tracker is spawned with the parent's ``sys.stderr.fileno()`` among the file
descriptors it keeps. Inside the console, Textual replaces ``sys.stderr`` with a capture whose
``fileno()`` is -1, and the spawn fails with ``ValueError: bad value(s) in fds_to_keep``: every
run started from the console then failed (only one started before the console opened worked).
Here both helpers are started once, with a real stderr for the length of the call: the
terminal's own when it is usable and we are not under a full-screen app, else /dev/null, so a
helper's warning can never draw over the console.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

_lock = threading.Lock()


def _usable(stream: object) -> bool:
    try:
        return stream is not None and stream.fileno() >= 0  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """``sys.stderr`` with a real descriptor for the duration (restored after)."""
    if _usable(sys.stderr):
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w") as sink:  # noqa: PTH123 - a plain descriptor is what is needed
        sys.stderr = sink
        try:
            yield
        finally:
            sys.stderr = saved


def start_helpers(forkserver: bool = True) -> None:
    """Make sure the resource tracker (and the fork server) run; cheap once they do."""
    from multiprocessing import resource_tracker

    with _lock, _real_stderr():
        resource_tracker.ensure_running()
        if forkserver:
            from multiprocessing import forkserver as server

            server.ensure_running()
