"""The bottom line of keys, fitted to the terminal's width: Textual's footer runs its keys off
the right edge under the palette hint (`T Tr▏^p palettee` at 80 columns)."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Never left out: the way to every other key (`?`), and the command bar.
KEPT = frozenset({"help", "app.help", "command", "filter"})
PALETTE_CELLS = 12  # `▏^p palette` docked right, and the gap before it


class FittingFooter(Footer):
    """A compact footer that leaves out what does not fit: first the palette hint, then the
    screen's keys from the right (all of them are in `?` help)."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._width = 0

    def compose(self) -> ComposeResult:
        keys = self._shown_keys()
        width = self.size.width or self.app.size.width
        cells = {
            action: cell_len(f"{display} {text} ".strip()) + 1 for action, display, text in keys
        }
        need = sum(cells.values())
        palette = need + PALETTE_CELLS <= width
        dropped: set[str] = set()
        for action, _, _ in reversed(keys):
            if need <= width or palette:
                break
            if action not in KEPT:
                dropped.add(action)
                need -= cells[action]
        self.set_reactive(Footer.show_command_palette, palette)
        for widget in super().compose():
            if not (isinstance(widget, FooterKey) and widget.action in dropped):
                yield widget

    def _shown_keys(self) -> list[tuple[str, str, str]]:
        """(action, key as shown, description) of each key the footer would show, in order."""
        seen: dict[str, tuple[str, str, str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.show and binding.action not in seen:
                display = self.app.get_key_display(binding)
                seen[binding.action] = (binding.action, display, binding.description)
        return list(seen.values())

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
