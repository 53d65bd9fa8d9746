"""The rotating log file. The program never prints logs to the terminal."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from pathlib import Path

from netraven_tui.config import Locations, make_private_dir, make_private_file

_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
_configured: Path | None = None


def setup_logging(locations: Locations, level: str = "info") -> Path:
    """Send the program's logging to <log>/netraven.log (rotating, 5 x 5 MB)."""
    global _configured
    path = locations.log_file
    if _configured == path:
        return path
    make_private_dir(locations.log_dir)
    handler = _QuietRotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    make_private_file(path)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_netraven", False):
            root.removeHandler(old)
    handler._netraven = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    # Paramiko and Netmiko are chatty at INFO; their debug output could carry device prompts.
    for noisy in ("netmiko", "asyncssh", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Paramiko logs a traceback per unreachable device; the run's results already say why.
    logging.getLogger("paramiko").setLevel(logging.CRITICAL)
    _configured = path
    return path


class _QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that, when it cannot be written (disk full, read-only), says so once on stderr.

    The standard handler prints a traceback to the terminal for every record it fails to write:
    on a full disk that buried the one line that mattered under thousands.
    """

    _reported = False

    def close(self) -> None:
        # Closing flushes what is buffered: on a full disk that fails too, and must not raise.
        try:
            super().close()
        except OSError:
            self.stream = None  # type: ignore[assignment]

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if _QuietRotatingFileHandler._reported:
            return
        _QuietRotatingFileHandler._reported = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or error
        with contextlib.suppress(Exception):
            sys.stderr.write(f"warning: cannot write the log file {self.baseFilename}: {reason}\n")


def log_unexpected(error: BaseException) -> str:
    """Log ``error`` with its traceback to the log file; return where it went."""
    try:
        from netraven_tui.config import locations

        path = setup_logging(locations())
    except Exception:  # noqa: BLE001 - last resort: no log folder
        return "the log file (unavailable)"
    logging.getLogger("netraven_tui").error("unexpected error", exc_info=error)
    return str(path)
