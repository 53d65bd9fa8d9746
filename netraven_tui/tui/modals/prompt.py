"""Ask for one line of text (a file path, a name). `enter` accepts, `escape` cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from netraven_tui.tui.console import host_of
from netraven_tui.tui.modals.dialog import DialogScreen


class PromptModal(DialogScreen[str | None]):
    """Dismisses with the text typed, or None when cancelled or left empty."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, note: str = "", value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.note = note
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.prompt_title, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-note")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input", compact=True)
            yield Static("enter to go on · esc to cancel", classes="dialog-help")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = host_of(self).cursor_blink
        field.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)
