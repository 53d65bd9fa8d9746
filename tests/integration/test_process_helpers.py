"""Worker processes started while the console runs: Textual swaps ``sys.stderr`` for a capture
whose ``fileno()`` is -1, and multiprocessing's resource tracker could not be spawned then
(``ValueError: bad value(s) in fds_to_keep``), so every backup started from the console failed.
A fresh interpreter (no tracker running yet) stands in for the console's process."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import io, os, sys

class Capture(io.TextIOBase):  # what Textual puts in sys.stderr while an app runs
    def write(self, text):
        return len(text)

    def fileno(self):
        return -1

if __name__ == "__main__":
    sys.stderr = Capture()
    from netraven_tui.runtime.executors.processes import process_context

    ctx = process_context()
    results = ctx.Queue()  # the first semaphore: this is where the tracker is spawned
    child = ctx.Process(target=os.getpid)
    child.start()
    child.join(30)
    sys.__stdout__.write(f"child exit {child.exitcode}; stderr still captured: "
                         f"{isinstance(sys.stderr, Capture)}\\n")
"""


def test_worker_processes_start_under_a_captured_stderr() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert "fds_to_keep" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    assert "child exit 0; stderr still captured: True" in done.stdout
