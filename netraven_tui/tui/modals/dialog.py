"""The base of the console's dialogs: errors in handlers become notifications, and service calls
run in thread workers (see :mod:`netraven_tui.tui.workers`). Styles scope under its type name
(``DialogScreen``), so they never reach Textual's own modal screens (the command palette)."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from netraven_tui.tui.errors import GuardedHandlers
from netraven_tui.tui.workers import ServiceCalls

ResultT = TypeVar("ResultT")


class DialogScreen(GuardedHandlers, ServiceCalls, ModalScreen[ResultT]):
    """A modal dialog of the console; subclasses compose a ``.dialog`` container."""
