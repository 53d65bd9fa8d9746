"""What the console benchmarks share: waiting until the app's workers are done (not a benchmark;
the scripts in this folder import it, run as ``python tests/benchmarks/NAME.py``)."""

from __future__ import annotations


async def settled(app) -> None:
    """Wait for the app's workers; a load that a newer one superseded is expected."""
    from textual.worker import WorkerCancelled

    for _ in range(5):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
