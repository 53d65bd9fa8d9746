"""What every console area shares: the area bar, a status line, the command bar and the footer,
role-aware actions (hidden when the role forbids them) and the `/` filter for its table.

Three habits every screen follows:

- It asks the app only for what :class:`~netraven_tui.tui.console.ConsoleHost` offers
  (``self.host``), never for ``NetRavenApp``.
- Database calls run in thread workers and come back as messages (the rule is written out in
  :mod:`netraven_tui.tui.workers`).
- Textual calls the handler of every class in the MRO (``on_mount``, ``on_screen_resume``,
  ``on_unmount``…), the subclass's first: a subclass's handler adds to this one and never calls
  ``super()`` (that would run this one twice).

A screen that shows runtime events sets ``FOLLOWS_RUNTIME`` and defines ``on_runtime_events``:
it subscribes to the app's ``runtime-events`` signal when mounted and unsubscribes when removed,
so it receives every batch, on top, under a dialog or in another area.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from netraven_tui.domain import Actor, Role
from netraven_tui.services import Services
from netraven_tui.tui.areas import AREAS
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.console import ConsoleHost, host_of
from netraven_tui.tui.errors import GuardedHandlers
from netraven_tui.tui.widgets.area_bar import AreaBar
from netraven_tui.tui.widgets.command_bar import CommandBar
from netraven_tui.tui.widgets.fitting_footer import FittingFooter
from netraven_tui.tui.widgets.record_table import RecordTable
from netraven_tui.tui.workers import ServiceCalls

# Actions that change things: hidden from viewers (and refused by the services anyway).
EDIT_ACTIONS = frozenset({"add", "edit", "delete", "toggle", "import_csv", "test", "run"})


class AreaScreen(GuardedHandlers, ServiceCalls, Screen[None]):
    """Base of the area screens. Subclasses set AREA and TITLE and compose their body."""

    AREA: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    ADMIN_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    FOLLOWS_RUNTIME: ClassVar[bool] = False

    BINDINGS = [
        Binding("colon", "command", "Command", key_display=":"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("q", "back", "Back"),
        Binding("ctrl+r", "reload", "Reload", show=False),
        *[Binding(area.key, f"app.area('{area.name}')", area.title, show=False) for area in AREAS],
    ]

    @property
    def host(self) -> ConsoleHost:
        return host_of(self)

    @property
    def services(self) -> Services:
        services = self.host.session_services
        assert services is not None, "area screens exist only after a login"
        return services

    @property
    def actor(self) -> Actor:
        return self.services.actor

    @property
    def role(self) -> Role:
        return self.actor.role

    def compose(self) -> ComposeResult:
        yield AreaBar(self.AREA, self.actor)
        yield Static(self.TITLE, id="status")
        yield from self.compose_body()
        yield CommandBar()
        yield FittingFooter()

    def compose_body(self) -> ComposeResult:
        """The area's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        if self.FOLLOWS_RUNTIME:
            self.host.runtime_events.subscribe(self, self.on_runtime_events)
        self.reload()
        self.focus_content()

    def on_unmount(self) -> None:
        self.host.runtime_events.unsubscribe(self)

    def on_screen_resume(self) -> None:
        self.focus_content()

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        """A batch of runtime events, oldest first (screens with ``FOLLOWS_RUNTIME``)."""

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Fetch the area's data again (subclasses)."""

    def set_status(self, text: str) -> None:
        table = self.table
        if table is not None and (table.filter_text or table.only is not None):
            shown = " + ".join(part for part in (table.only_label, table.filter_text) if part)
            text += f"   filter: {shown}  ({table.row_count} of {table.total_count})"
        self.query_one("#status", Static).update(f"{self.TITLE} · {text}" if text else self.TITLE)

    def status_text(self) -> str:
        """The counts shown after the title (subclasses)."""
        table = self.table
        return f"{table.total_count} rows" if table is not None else ""

    @property
    def table(self) -> RecordTable | None:
        tables = self.query(RecordTable)
        return tables.first() if tables else None

    def focus_content(self) -> None:
        if self.table is not None:
            self.table.focus()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS and not self.role.can_edit:
            return False
        if action in self.ADMIN_ACTIONS and not self.role.can_manage_users:
            return False
        if action == "filter" and self.table is None:
            return False
        return not (action == "test" and self.host.test_connection is None)

    def action_command(self) -> None:
        self.query_one(CommandBar).open("command")

    def action_filter(self) -> None:
        if self.table is not None:
            self.query_one(CommandBar).open("filter", self.table.filter_text)

    def action_back(self) -> None:
        self.host.area("dashboard")

    def action_reload(self) -> None:
        self.reload()

    @on(CommandBar.FilterChanged)
    def _filter(self, event: CommandBar.FilterChanged) -> None:
        if self.table is not None:
            self.table.set_filter(event.text)
            self.set_status(self.status_text())

    @on(CommandBar.Command)
    def _command(self, event: CommandBar.Command) -> None:
        self.host.run_command(event.text)

    @on(CommandBar.Closed)
    def _bar_closed(self) -> None:
        self.focus_content()
