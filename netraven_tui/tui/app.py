"""The Textual application: login first, then one screen per area.

Areas are Textual modes, so each keeps its cursor and filter while the user looks elsewhere.
They are switched with `:name`, the number keys or the command palette (`ctrl+p`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal

from netraven_tui.domain import Actor
from netraven_tui.runtime.console import ConsoleRuntime
from netraven_tui.services import Services
from netraven_tui.services.context import Clock
from netraven_tui.tui.areas import AREAS, find_area
from netraven_tui.tui.bridge import FLUSH_SECONDS, EventBridge, RuntimeEvents
from netraven_tui.tui.commands import ConsoleCommands
from netraven_tui.tui.connection import ConnectionTester
from netraven_tui.tui.errors import report_error
from netraven_tui.tui.keys import KeysInOrder
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.help import HelpModal
from netraven_tui.tui.screens.compliance import ComplianceScreen
from netraven_tui.tui.screens.configs import ConfigsScreen
from netraven_tui.tui.screens.credentials import CredentialsScreen
from netraven_tui.tui.screens.dashboard import DashboardScreen
from netraven_tui.tui.screens.devices import DevicesScreen
from netraven_tui.tui.screens.jobs import JobsScreen
from netraven_tui.tui.screens.login import LoginScreen
from netraven_tui.tui.screens.logs import LogsScreen
from netraven_tui.tui.screens.notifications import NotificationsScreen
from netraven_tui.tui.screens.tags import TagsScreen
from netraven_tui.tui.screens.users import UsersScreen

log = logging.getLogger(__name__)
STYLES = Path(__file__).parent / "styles"

AREA_SCREENS: dict[str, type[Screen[Any]]] = {
    "dashboard": DashboardScreen,
    "devices": DevicesScreen,
    "tags": TagsScreen,
    "credentials": CredentialsScreen,
    "jobs": JobsScreen,
    "logs": LogsScreen,
    "configs": ConfigsScreen,
    "users": UsersScreen,
    "compliance": ComplianceScreen,
    "notifications": NotificationsScreen,
}
MAX_UNEXPECTED = 25  # after this many unexpected errors something is badly wrong: stop cleanly


class NetRavenApp(KeysInOrder, App[int]):
    """NetRaven console. Built by :func:`build_app` so the CLI and the tests make it the same way.

    Screens see it as a :class:`~netraven_tui.tui.console.ConsoleHost`. Runtime events reach
    them through :attr:`runtime_events`: every screen that subscribed gets each batch, whether
    it is on top, under a dialog or in another area.
    """

    TITLE = "NetRaven"
    CSS_PATH = [
        STYLES / "app.tcss",
        STYLES / "dialogs.tcss",
        STYLES / "operations.tcss",
        STYLES / "history.tcss",
        STYLES / "compliance.tcss",
    ]
    COMMANDS = App.COMMANDS | {ConsoleCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        services: Services,
        username: str | None = None,
        auto_login: Actor | None = None,
        *,
        clock: Clock | None = None,
        test_connection: ConnectionTester | None = None,
        cursor_blink: bool = True,
        runtime: ConsoleRuntime | None = None,
        users_exist: bool = True,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.runtime_events: Signal[RuntimeEvents] = Signal(self, "runtime-events")
        self.bridge = EventBridge(runtime.bus) if runtime is not None else None
        if test_connection is None and runtime is not None:
            test_connection = runtime.test_connection
        self.services = services
        self.prefill_username = username
        self.auto_login = auto_login
        self.clock: Clock = clock or services.clock
        self.test_connection = test_connection
        self.cursor_blink = cursor_blink
        self.users_exist = users_exist
        self.session_services: Services | None = None
        self.unexpected_errors: list[BaseException] = []
        self.animation_level = "none"  # laggy SSH links: no animations

    async def on_mount(self) -> None:
        if self.bridge is not None:
            self.set_interval(FLUSH_SECONDS, self._flush_events)
        if self.auto_login is not None:
            await self.logged_in(self.auto_login)
        else:
            await self.push_screen(
                LoginScreen(self.services, self.prefill_username, self.users_exist)
            )

    async def logged_in(self, actor: Actor) -> None:
        """Open the console as ``actor``; every service call from now on acts as them."""
        self.session_services = self.services.as_actor(actor)
        self.sub_title = f"{actor.name} ({actor.role})"
        for area in AREAS:
            if area.allowed(actor.role) and area.name not in self._modes:
                self.add_mode(area.name, AREA_SCREENS[area.name])
        if isinstance(self.screen, LoginScreen):
            await self.pop_screen()
        await self.switch_mode("dashboard")

    def _flush_events(self) -> None:
        """Publish the runtime events queued by worker threads, in one batch, to every screen
        that follows them."""
        assert self.bridge is not None
        events = self.bridge.drain()
        if not events or self.session_services is None:
            return
        self.runtime_events.publish(RuntimeEvents(events))

    def on_unmount(self) -> None:
        if self.bridge is not None:
            self.bridge.close()

    # ------------------------------------------------------------------ navigation

    def area(self, name: str) -> bool:
        """Switch to the area called ``name``; say why not when it is unknown or forbidden."""
        if self.session_services is None:
            return False
        area = find_area(name)
        if area is None:
            names = ", ".join(a.name for a in AREAS if a.allowed(self.session_services.actor.role))
            self.notify(f"no screen called {name!r}; try one of: {names}", severity="warning")
            return False
        if not area.allowed(self.session_services.actor.role):
            self.notify(f"{area.title} is for admins only", severity="warning")
            return False
        if self.current_mode != area.name:
            self.switch_mode(area.name)
        return True

    async def show_devices(
        self, words: str = "", only: frozenset[int] | None = None, label: str = ""
    ) -> None:
        """The devices area with just these devices (a dashboard drill-down): the filter
        ``words`` and/or the ids ``only``; a device page left open there is closed first."""
        if self.session_services is None:
            return
        if self.current_mode != "devices":
            await self.switch_mode("devices")
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DevicesScreen):
            await self.pop_screen()
        if isinstance(self.screen, DevicesScreen):
            self.screen.drill(words, only, label)

    def action_area(self, name: str) -> None:
        self.area(name)

    def run_command(self, text: str) -> None:
        """Run a `:` command: an area name, `help`, `reload` or `q`/`quit`."""
        word = text.strip().lower()
        if not word:
            return
        if word in ("q", "quit", "exit"):
            self.action_quit()
        elif word in ("help", "h"):
            self.action_help()
        elif word in ("reload", "refresh"):
            reload = getattr(self.screen, "reload", None)
            if callable(reload):
                reload()
        else:
            self.area(word)

    def action_quit(self) -> None:  # type: ignore[override]
        """Quit, but ask first while runs of this console are in progress: quitting cancels them
        (the runtime's shutdown), and that must never happen without the user's answer."""
        runtime = self.runtime
        active = sorted(runtime.runner.active_runs()) if runtime is not None else []
        if not active:
            self.exit(0)
            return
        if isinstance(self.screen, ConfirmModal):
            return
        grace = self.services.ctx.settings.shutdown_grace_seconds

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        self.push_screen(quit_question(active, grace), answered)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpModal):
            self.screen.dismiss(None)
            return
        title = getattr(self.screen, "TITLE", "") or type(self.screen).__name__
        session = self.session_services
        role = session.actor.role if session is not None else None
        self.push_screen(HelpModal(self.screen, title, role))

    # ------------------------------------------------------------------ errors

    async def run_action(self, action: Any, default_namespace: Any = None) -> bool:
        """Run a key-bound action; an exception becomes a notification, not a crash."""
        try:
            return await super().run_action(action, default_namespace)
        except Exception as error:  # noqa: BLE001 - the edge of the UI
            report_error(self, error)
            return True

    def _handle_exception(self, error: Exception) -> None:
        """Last resort for errors Textual would print as a traceback on exit: log + notify."""
        report_error(self, error)
        if len(self.unexpected_errors) >= MAX_UNEXPECTED or not self.is_running:
            self._return_code = 1
            self.exit(
                1,
                message="netraven-tui stopped after unexpected errors; "
                "see the log file (netraven-tui locate)",
            )


def build_app(
    services: Services,
    username: str | None = None,
    auto_login: Actor | None = None,
    *,
    clock: Clock | None = None,
    test_connection: ConnectionTester | None = None,
    cursor_blink: bool = True,
    runtime: ConsoleRuntime | None = None,
) -> NetRavenApp:
    """The console. ``clock`` drives every 'age' column (defaults to the services' clock);
    ``runtime`` brings job runs, the scheduler, config history and `t` (test connection)."""
    # Read before the event loop starts (the one read not in a worker, see tui/workers.py):
    # the login screen must know at once whether anyone can log in at all.
    users_exist = auto_login is not None or services.users.count() > 0
    return NetRavenApp(
        services,
        username=username,
        auto_login=auto_login,
        clock=clock,
        test_connection=test_connection,
        cursor_blink=cursor_blink,
        runtime=runtime,
        users_exist=users_exist,
    )


def run_app(
    services: Services,
    username: str | None = None,
    auto_login: Actor | None = None,
    *,
    runtime: ConsoleRuntime | None = None,
) -> int:
    """Run the console in the terminal until the user quits; returns the exit code."""
    app = build_app(services, username=username, auto_login=auto_login, runtime=runtime)
    result = app.run()
    return int(app.return_code or result or 0)


def quit_question(active: list[int], grace: float) -> ConfirmModal:
    """What `q` asks while runs of this console are in progress, and what quitting does."""
    runs = ", ".join(f"#{run_id}" for run_id in active)
    many = len(active) > 1
    return ConfirmModal(
        f"Quit with {len(active)} run{'s' if many else ''} in progress ({runs})?",
        f"Quitting cancels {'them' if many else 'it'}: devices already connecting get up "
        f"to {grace:g} s to finish, devices not started yet are recorded as skipped. "
        "Answer n to keep the console (and the runs) going.",
        yes="Quit and cancel",
    )
