"""What screens and modals may ask of the console app, as a small protocol.

Screens depend on :class:`ConsoleHost`, not on ``NetRavenApp``: the app imports every screen,
so a screen importing the app would close a circle. ``NetRavenApp`` satisfies the protocol;
:func:`host_of` gives a node's app typed as one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.signal import Signal

from netraven_tui.domain import Actor
from netraven_tui.runtime.console import ConsoleRuntime
from netraven_tui.services import Services
from netraven_tui.services.context import Clock
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.connection import ConnectionTester

if TYPE_CHECKING:
    from textual.dom import DOMNode


class ConsoleHost(Protocol):
    """The console's session and parts, as the screens use them."""

    session_services: Services | None  # the services acting as the logged-in user
    runtime: ConsoleRuntime | None  # job runs, scheduler, config history (None: inventory only)
    clock: Clock  # drives every 'age' and countdown on screen
    test_connection: ConnectionTester | None  # `t` on a device (None hides the action)
    cursor_blink: bool
    runtime_events: Signal[RuntimeEvents]  # one batch per bridge flush, to every subscriber

    def area(self, name: str) -> bool:
        """Switch to the area called ``name``; False (and a notification) when not allowed."""
        ...

    async def show_devices(
        self, words: str = "", only: frozenset[int] | None = None, label: str = ""
    ) -> None:
        """Open the devices area showing just these devices (filter words and/or ids)."""
        ...

    def run_command(self, text: str) -> None:
        """Run what was typed in the `:` command bar."""
        ...

    async def logged_in(self, actor: Actor) -> None:
        """Open the console as ``actor``."""
        ...


def host_of(node: DOMNode) -> ConsoleHost:
    """The console app ``node`` runs in, typed as the protocol screens depend on."""
    return cast(ConsoleHost, node.app)
