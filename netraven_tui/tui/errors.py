"""Errors reach the operator as notifications and the log file, never as a terminal traceback."""

from __future__ import annotations

import logging
from typing import Any

from textual.app import App

from netraven_tui.domain import NetRavenError

log = logging.getLogger("netraven_tui.tui")


def report_error(app: App[Any], error: BaseException, doing: str = "") -> None:
    """Tell the operator about ``error``; unexpected ones also go to the log with a traceback."""
    prefix = f"{doing}: " if doing else ""
    if isinstance(error, NetRavenError):
        log.info("%s%s", prefix, error)
        app.notify(f"{prefix}{error}", severity="error", timeout=8)
        return
    log.error("unexpected error in the console%s", f" ({doing})" if doing else "", exc_info=error)
    errors = getattr(app, "unexpected_errors", None)
    if isinstance(errors, list):
        errors.append(error)
    app.notify(
        f"{prefix}unexpected error ({type(error).__name__}: {error}); details are in the log file",
        title="Unexpected error",
        severity="error",
        timeout=12,
    )


class GuardedHandlers:
    """Mixin for screens: an exception in a message handler becomes a notification.

    Textual stops a widget's message loop after an unhandled error in one of its handlers and
    exits the app; catching it here keeps the screen alive and the terminal free of tracebacks.
    """

    async def _on_message(self, message: Any) -> None:
        try:
            await super()._on_message(message)  # type: ignore[misc]
        except Exception as error:  # noqa: BLE001 - the edge of the UI: report, keep running
            report_error(self.app, error)  # type: ignore[attr-defined]
