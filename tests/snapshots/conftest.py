"""Snapshot fixtures and helpers: the same seeded inventory and UTC clock as the Pilot tests, the
console built the same way for every picture, and keys pressed with the workers waited for."""

from __future__ import annotations

from netraven_tui.runtime.console import ConsoleRuntime
from netraven_tui.services import Services
from netraven_tui.tui.app import NetRavenApp, build_app
from tests.tui.conftest import (  # noqa: F401 - _utc and seeded: fixtures for this folder
    ADMIN,
    _utc,
    seeded,
    settle,
)


def console(services: Services, runtime: ConsoleRuntime | None = None, **options) -> NetRavenApp:
    """The console as the CLI builds it, logged in (as the admin unless told), no cursor blink."""
    options.setdefault("auto_login", ADMIN)
    return build_app(services, runtime=runtime, cursor_blink=False, **options)


def keys(*pressed: str, linger: float = 0.0):
    """A run_before that presses ``pressed`` and waits for workers after each key; ``linger``
    waits that much longer at the end (timers that poll, like the live log's)."""

    async def run(pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        if linger:
            await pilot.pause(linger)
            await settle(pilot)

    return run
