"""Builds a JobRunner with every job kind the installation supports."""

from __future__ import annotations

from netraven_tui.runtime.events import EventBus
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.services import Services


def make_runner(services: Services, bus: EventBus | None = None) -> JobRunner:
    """The runner used by the CLI, the scheduler and the console."""
    return JobRunner(services, bus)
