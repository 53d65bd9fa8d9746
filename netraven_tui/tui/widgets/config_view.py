"""One configuration version, with line numbers and syntax colours, rendered line by line."""

from __future__ import annotations

from rich.text import Text

from netraven_tui.patterns import UserPattern
from netraven_tui.tui.widgets.config_highlight import clean, highlight_config
from netraven_tui.tui.widgets.config_lines import LineView

MARK_STYLE = "reverse bold"


class ConfigView(LineView):
    """A configuration text. `/` in the screen sets ``find``; `n`/`N` jump between matches."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("This configuration is empty.", id=id)
        self.lines: list[str] = []
        self.find: UserPattern | None = None
        self.matches: tuple[int, ...] = ()
        self._gutter = 1

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def show(self, text: str, line: int = 1) -> None:
        """Show ``text`` with the cursor on line number ``line`` (1-based)."""
        self.lines = text.splitlines()
        self._gutter = len(str(len(self.lines)))
        longest = max((len(clean(line)) for line in self.lines), default=0)
        self.content_changed(longest + self._gutter + 3)
        self.move_cursor(line - 1, center=line > 1)
        if line > 1:
            self.call_after_refresh(self.scroll_to_cursor, True)

    def set_find(self, pattern: UserPattern | None) -> int:
        """Mark lines matching ``pattern``; returns how many match."""
        self.find = pattern
        self.matches = tuple(
            index for index, line in enumerate(self.lines) if pattern and pattern.search_line(line)
        )
        self.content_changed()
        return len(self.matches)

    def line_text(self, index: int) -> Text:
        text = Text(f"{index + 1:>{self._gutter}} │ ", style="dim")
        body = highlight_config(self.lines[index])
        if self.find is not None:
            for start, end in self.find.spans(body.plain):
                body.stylize(MARK_STYLE, start, end)
        text.append_text(body)
        return text
