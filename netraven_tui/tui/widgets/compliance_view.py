"""A configuration text with a rule's offending lines marked (a red bar in the gutter)."""

from __future__ import annotations

from rich.text import Text

from netraven_tui.tui.widgets.config_view import ConfigView

MARKED_STYLE = "bold white on dark_red"


class MarkedConfigView(ConfigView):
    """``marked``: 1-based line numbers to highlight; `n`/`N` in the screen walk them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.marked: frozenset[int] = frozenset()

    def show_marked(self, text: str, marked: tuple[int, ...]) -> None:
        self.marked = frozenset(n for n in marked if n >= 1)
        first = min(self.marked) if self.marked else 1
        self.show(text, first)

    @property
    def marked_indices(self) -> tuple[int, ...]:
        return tuple(sorted(n - 1 for n in self.marked if n <= len(self.lines)))

    def line_text(self, index: int) -> Text:
        text = super().line_text(index)
        if index + 1 in self.marked:
            gutter = len(str(len(self.lines))) + 3
            text.stylize(MARKED_STYLE, 0, gutter)
            text.stylize("bold", gutter)
        return text
