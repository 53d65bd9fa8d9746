"""Shared set-up for console tests: seeded inventory, a key-driving helper, screen text."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from netraven_tui.db import models as m
from netraven_tui.domain import Actor, CredentialInput, DeviceInput, Role
from netraven_tui.services import Services

ADMIN = Actor("ada", Role.ADMIN)
OPERATOR = Actor("otto", Role.OPERATOR)
VIEWER = Actor("vera", Role.VIEWER)
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timestamps render in local time; pin it so screens and snapshots do not depend on the host."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def seeded(services: Services) -> Services:
    """A small inventory with every state a table can show, plus three users."""
    for name, role in ((ADMIN.name, "admin"), (OPERATOR.name, "operator"), (VIEWER.name, "viewer")):
        services.users.create(name, PASSWORD, role)
    services.tags.create("core", "core switches")
    services.tags.create("edge", "internet edge")
    services.devices.create(DeviceInput("core-sw1", "10.0.0.1", "cisco_ios", tags=("core",)))
    services.devices.create(DeviceInput("core-sw2", "10.0.0.2", "cisco_nxos", tags=("core",)))
    services.devices.create(DeviceInput("edge-r1", "10.0.1.1", "juniper_junos", tags=("edge",)))
    services.devices.create(DeviceInput("lab-fw1", "10.0.9.1", "cisco_asa", enabled=False))
    services.credentials.create(
        CredentialInput("netops", "backup", "s3cret-Passw0rd", priority=10, tags=("core",))
    )
    now = services.ctx.now()
    with services.ctx.transaction() as session:
        rows = {row.hostname: row for row in session.query(m.DeviceRow)}
        rows["core-sw1"].last_backup_at = now - timedelta(hours=2)
        rows["core-sw1"].last_backup_status = "success"
        rows["core-sw1"].last_reach_ok = True
        rows["core-sw1"].last_reach_latency_ms = 3.2
        rows["core-sw2"].last_backup_at = now - timedelta(days=1, hours=1)
        rows["core-sw2"].last_backup_status = "failed"
        rows["core-sw2"].last_reach_ok = False
    return services


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their messages land."""
    await workers_done(pilot)
    await pilot.pause()
    await workers_done(pilot)
    await pilot.pause()


async def workers_done(pilot: Pilot, tries: int = 5) -> None:
    """Wait for the workers running now. A load superseded meanwhile (a screen's timer started a
    newer one, which cancels it) is expected: then wait for the ones still going."""
    for _ in range(tries):
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def screen_text(app) -> str:
    """Everything visible on the terminal, as plain text (rendered as for a screenshot)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def shown_actions(app) -> set[str]:
    """Actions the footer may show on the current screen (what the role and state allow)."""
    return {
        active.binding.action
        for active in app.screen.active_bindings.values()
        if active.enabled and active.binding.show
    }
