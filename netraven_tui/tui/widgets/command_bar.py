"""The bottom line for `:` commands and `/` filters, vim/k9s style."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label
from textual.widgets.input import Selection

from netraven_tui.tui.areas import AREAS
from netraven_tui.tui.keys import FieldInput

Mode = Literal["command", "filter"]
COMMAND_WORDS = [area.name for area in AREAS] + ["help", "quit", "refresh"]


class CommandBar(Horizontal):
    """Hidden until `:` or `/`; `enter` runs or keeps, `escape` closes (and clears a filter).

    The focus moves in the key's own turn, both ways (into the bar on `/`, back where it was on
    Enter or Escape): in a burst such as `/auth` + Enter + Enter, the letters behind the `/` must
    land in the bar, not run as the table's bindings, and the last Enter must reach the table.
    """

    DEFAULT_CSS = """
    CommandBar { height: 1; display: none; background: $panel; }
    CommandBar.-open { display: block; }
    CommandBar Label { width: auto; padding: 0 0 0 1; color: $accent; text-style: bold; }
    CommandBar Input { border: none; height: 1; padding: 0 1; background: $panel; }
    CommandBar Input:focus { border: none; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", show=False),
        # before the screen's tab (focus next): the focus stays here, the letters behind it too
        Binding("tab", "complete", "Complete", show=False),
    ]

    class Command(Message):
        """A `:` command was entered."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class FilterChanged(Message):
        """The `/` filter text changed (as the user types)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """The bar closed; focus should go back to the content."""

    def __init__(self) -> None:
        super().__init__(id="command-bar")
        self.mode: Mode = "command"
        self._return_to: Widget | None = None  # what had the focus before the bar opened

    def compose(self) -> ComposeResult:
        yield Label(":", id="command-prompt")
        yield FieldInput(
            id="command-input", suggester=SuggestFromList(COMMAND_WORDS), select_on_focus=False
        )

    def open(self, mode: Mode, text: str = "") -> None:
        """Show the bar in ``mode`` with ``text`` in it, selected (typing replaces it, Right or
        End edits on), and focus it."""
        self.mode = mode
        self.query_one(Label).update(":" if mode == "command" else "/")
        field = self.query_one(Input)
        field.suggester = SuggestFromList(COMMAND_WORDS) if mode == "command" else None
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        with field.prevent(Input.Changed):
            field.value = text
        field.cursor_position = len(text)
        if text:
            field.selection = Selection(0, len(text))
        self.add_class("-open")
        if self.screen.focused is not field:
            self._return_to = self.screen.focused
        self.screen.set_focus(field)  # now, not after the keys already queued behind this one

    def close(self) -> None:
        self.remove_class("-open")
        back, self._return_to = self._return_to, None
        if back is not None and back.is_attached and back.focusable:
            self.screen.set_focus(back)
        self.post_message(self.Closed())

    def field_entered(self, field: Input) -> None:
        """Enter in the bar (in the key's own turn): run the command or keep the filter."""
        if self.mode == "command":
            self.post_message(self.Command(field.value.strip()))
        self.close()

    def action_complete(self) -> None:
        """Tab accepts the completion shown (as Right does); without one it does nothing."""
        field = self.query_one(Input)
        if field._suggestion and field.cursor_at_end:  # Input keeps its completion here
            field.action_cursor_right()

    def action_close(self) -> None:
        if self.mode == "filter":
            self.post_message(self.FilterChanged(""))
        self.close()

    @on(Input.Changed, "#command-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.mode == "filter":
            self.post_message(self.FilterChanged(event.value))
