"""How a dead capture process's devices are classified: killed by a signal is `interrupted`
(something outside did it), any other end is `internal` (the child catches every device error,
so only a bug of ours ends it otherwise). The real kill -9 is in
tests/integration/test_worker_process_killed.py."""

from __future__ import annotations

from netraven_tui.domain import ErrorKind
from netraven_tui.runtime.executors.processes import _death


def test_a_signal_is_interrupted_and_named() -> None:
    assert _death(-9) == (ErrorKind.INTERRUPTED, "was killed by SIGKILL (status -9)")
    assert _death(-15) == (ErrorKind.INTERRUPTED, "was killed by SIGTERM (status -15)")
    assert _death(-200) == (ErrorKind.INTERRUPTED, "was killed by signal 200 (status -200)")


def test_any_other_end_is_internal() -> None:
    assert _death(1) == (ErrorKind.INTERNAL, "died with status 1")
    assert _death(0) == (ErrorKind.INTERNAL, "died with status 0")
    assert _death(None) == (ErrorKind.INTERNAL, "died with status None")
