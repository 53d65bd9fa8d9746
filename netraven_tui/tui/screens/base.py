"""What every console area shares: the area bar, a status line, the command bar and the footer,
role-aware actions (hidden when the role forbids them) and the `/` filter for its table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from netraven_tui.domain import Actor, NetRavenError, Role
from netraven_tui.services import Services
from netraven_tui.tui.areas import AREAS
from netraven_tui.tui.errors import GuardedHandlers, report_error
from netraven_tui.tui.widgets.area_bar import AreaBar
from netraven_tui.tui.widgets.command_bar import CommandBar
from netraven_tui.tui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from netraven_tui.tui.app import NetRavenApp

# Actions that change things: hidden from viewers (and refused by the services anyway).
EDIT_ACTIONS = frozenset({"add", "edit", "delete", "toggle", "import_csv", "test", "run"})


class AreaScreen(GuardedHandlers, Screen[None]):
    """Base of the area screens. Subclasses set AREA and TITLE and compose their body."""

    AREA: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    ADMIN_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    BINDINGS = [
        Binding("colon", "command", "Command", key_display=":"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("q", "back", "Back"),
        Binding("ctrl+r", "reload", "Reload", show=False),
        *[Binding(area.key, f"app.area('{area.name}')", area.title, show=False) for area in AREAS],
    ]

    @property
    def nr_app(self) -> NetRavenApp:
        return self.app  # type: ignore[return-value]

    @property
    def services(self) -> Services:
        services = self.nr_app.session_services
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
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        """The area's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        self.reload()
        self.focus_content()

    def on_screen_resume(self) -> None:
        self.focus_content()

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Fetch the area's data again (subclasses)."""

    def set_status(self, text: str) -> None:
        table = self.table
        if table is not None and table.filter_text:
            text += f"   filter: {table.filter_text}  ({table.row_count} of {table.total_count})"
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

    @contextmanager
    def guard(self, doing: str = "") -> Iterator[None]:
        """Show a service error as a notification instead of letting it escape."""
        try:
            yield
        except NetRavenError as error:
            report_error(self.app, error, doing)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS and not self.role.can_edit:
            return False
        if action in self.ADMIN_ACTIONS and not self.role.can_manage_users:
            return False
        if action == "filter" and self.table is None:
            return False
        return not (action == "test" and self.nr_app.test_connection is None)

    def action_command(self) -> None:
        self.query_one(CommandBar).open("command")

    def action_filter(self) -> None:
        if self.table is not None:
            self.query_one(CommandBar).open("filter", self.table.filter_text)

    def action_back(self) -> None:
        self.nr_app.area("dashboard")

    def action_reload(self) -> None:
        self.reload()

    @on(CommandBar.FilterChanged)
    def _filter(self, event: CommandBar.FilterChanged) -> None:
        if self.table is not None:
            self.table.set_filter(event.text)
            self.set_status(self.status_text())

    @on(CommandBar.Command)
    def _command(self, event: CommandBar.Command) -> None:
        self.nr_app.run_command(event.text)

    @on(CommandBar.Closed)
    def _bar_closed(self) -> None:
        self.focus_content()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report_error(self.app, event.worker.error, event.worker.name)
