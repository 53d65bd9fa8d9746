"""The Textual application: login first, then the console screens."""

from __future__ import annotations

import logging
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from netraven_tui.domain import Actor
from netraven_tui.services import Services
from netraven_tui.tui.screens.home import HomeScreen
from netraven_tui.tui.screens.login import LoginScreen

log = logging.getLogger(__name__)


class NetRavenApp(App[int]):
    """NetRaven console. Built by :func:`build_app` so the CLI and the tests make it the same way."""

    TITLE = "NetRaven"
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, services: Services, username: str | None = None, auto_login: Actor | None = None) -> None:
        super().__init__()
        self.services = services
        self.prefill_username = username
        self.auto_login = auto_login
        self.session_services: Services | None = None

    def on_mount(self) -> None:
        if self.auto_login is not None:
            self.logged_in(self.auto_login)
        else:
            self.push_screen(LoginScreen(self.services, self.prefill_username))

    def logged_in(self, actor: Actor) -> None:
        """Switch to the console as ``actor``; every service call from now on acts as them."""
        self.session_services = self.services.as_actor(actor)
        self.sub_title = f"{actor.name} ({actor.role})"
        home = HomeScreen(self.session_services)
        if isinstance(self.screen, LoginScreen):
            self.switch_screen(home)
        else:
            self.push_screen(home)

    def _handle_exception(self, error: Exception) -> None:  # pragma: no cover - last resort
        log.error("unexpected error in the console", exc_info=error)
        super()._handle_exception(error)


def build_app(services: Services, username: str | None = None, auto_login: Actor | None = None) -> NetRavenApp:
    return NetRavenApp(services, username=username, auto_login=auto_login)


def run_app(services: Services, username: str | None = None, auto_login: Actor | None = None) -> int:
    app = build_app(services, username=username, auto_login=auto_login)
    result = app.run()
    return int(result or 0)
