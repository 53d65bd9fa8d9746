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

LARGE = 5_000  # rows: below this a full collection is quick and freezing buys nothing


def settle_after_load(rows: int) -> None:
    """A table of ``rows`` rows was just loaded (UI thread): keep collections off it."""
    if rows >= LARGE:
        gc.freeze()
