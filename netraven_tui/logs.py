"""The rotating log file. The program never prints logs to the terminal."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from netraven_tui.config import Locations

_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
_configured: Path | None = None


def setup_logging(locations: Locations, level: str = "info") -> Path:
    """Send the program's logging to <log>/netraven.log (rotating, 5 x 5 MB)."""
    global _configured
    path = locations.log_file
    if _configured == path:
        return path
    locations.log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
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


def log_unexpected(error: BaseException) -> str:
    """Log ``error`` with its traceback to the log file; return where it went."""
    try:
        from netraven_tui.config import locations

        path = setup_logging(locations())
    except Exception:  # noqa: BLE001 - last resort: no log folder
        return "the log file (unavailable)"
    logging.getLogger("netraven_tui").error("unexpected error", exc_info=error)
    return str(path)
