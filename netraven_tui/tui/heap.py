"""Keeping Python's garbage collector off the UI thread's back once a large table is loaded.

A full (generation 2) collection walks every tracked object and blocks every thread while it
does: with 50,000 devices loaded, one walk took 200-480 ms here, and it comes exactly while a
worker builds the next rows (allocations trigger it). ``gc.freeze()`` moves what is alive now
into the permanent generation, which collections skip; it costs nothing (lists are spliced).

The price: a reference cycle that was alive at a freeze and dies later is not collected (plain
rows and devices hold no cycles and are freed by reference counting as usual; a dialog open
during a load would stay in memory). Called after a load of a large table only.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

LARGE = 5_000  # rows: below this a full collection is quick and freezing buys nothing
FREEZE_AT = 20_000  # objects allocated while paused (a few per row): about LARGE rows


def settle_after_load(rows: int) -> None:
    """A table of ``rows`` rows was just loaded (UI thread): keep collections off it."""
    if rows >= LARGE:
        gc.freeze()


_paused = 0
_lock = threading.Lock()


@contextmanager
def collections_paused(freeze: bool = False) -> Iterator[None]:
    """No automatic collection while a worker reads and builds a large table.

    Reading 50,000 devices allocates several hundred thousand tracked objects: each few
    thousand start a collection, and the older generations are walked again and again (a
    third of the load's time here). Reference counting still frees everything that dies;
    cycles wait until the end. Process-wide (the collector is), counted so that overlapping
    loads resume collections only when the last one ends.

    ``freeze``: what the block built stays (a table's rows): when it is large it is frozen
    before collections resume, or the first allocation after would walk all of it at once
    (80 ms here, on whichever thread allocates). The price is :func:`settle_after_load`'s.
    """
    global _paused
    with _lock:
        _paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if freeze and gc.get_count()[0] >= FREEZE_AT:
                gc.freeze()
            if _paused == 0:
                gc.enable()
