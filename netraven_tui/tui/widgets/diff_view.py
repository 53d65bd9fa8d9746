"""A configuration diff: side by side when the terminal is wide enough, unified otherwise.

Rows come from :mod:`diff_model` (computed off the UI thread); only the rows on screen are
drawn. `n`/`]` and `N`/`[` jump between changes; ``toggle_split`` switches layout by hand.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from netraven_tui.tui.widgets.config_highlight import clean, highlight_config
from netraven_tui.tui.widgets.config_lines import LineView
from netraven_tui.tui.widgets.diff_model import (
    ADDED,
    HUNK,
    REMOVED,
    ConfigDiff,
    DiffLine,
    next_change,
)

SPLIT_WIDTH = 140
PAN_STEP = 8  # columns `left`/`right` move both halves of the side-by-side view
FILL = {REMOVED: Style(bgcolor="#3a0000"), ADDED: Style(bgcolor="#003a00")}
SIGN_STYLE = {REMOVED: "bold red", ADDED: "bold green", HUNK: "bold cyan"}


class DiffView(LineView):
    BINDINGS = [
        Binding("n,right_square_bracket", "change(1)", "Next change", key_display="n"),
        Binding("N,left_square_bracket", "change(-1)", "Prev change", key_display="N"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("No differences: the two versions are the same.", id=id)
        self.diff: ConfigDiff | None = None
        self.forced: bool | None = None  # None: choose by width
        self._gutter = 4
        # side by side: how many columns of every line's text are scrolled out on the left
        # (both halves together, so the old and new line stay face to face)
        self.pan = 0

    @property
    def split(self) -> bool:
        if self.forced is not None:
            return self.forced
        return self.size.width >= SPLIT_WIDTH

    @property
    def rows(self) -> tuple:
        if self.diff is None:
            return ()
        return self.diff.side if self.split else self.diff.unified

    @property
    def changes(self) -> tuple[int, ...]:
        if self.diff is None:
            return ()
        return self.diff.side_changes if self.split else self.diff.unified_changes

    @property
    def line_count(self) -> int:
        return len(self.rows)

    def show(self, diff: ConfigDiff) -> None:
        self.diff = diff
        numbers = [line.old_no or line.new_no or 0 for line in diff.unified]
        self._gutter = len(str(max(numbers, default=0)))
        self._layout()
        first = diff.unified_changes[0] if diff.unified_changes else 0
        self.move_cursor(self.changes[0] if self.changes else first, center=True)
        self.call_after_refresh(self.scroll_to_cursor, True)

    def on_resize(self) -> None:
        was = getattr(self, "_was_split", None)
        if was is not None and was != self.split:
            self._relayout(was)
        super().on_resize()

    def action_change(self, step: int) -> None:
        index = next_change(self.changes, self.cursor, step > 0)
        if index is not None:
            self.move_cursor(index, center=True)

    def action_toggle_split(self) -> None:
        was = self.split
        self.forced = not was
        self._relayout(was)

    # ------------------------------------------------------------------ rendering

    def action_scroll_left(self) -> None:
        if self.split:
            self._pan_to(self.pan - PAN_STEP)
        else:
            super().action_scroll_left()

    def action_scroll_right(self) -> None:
        if self.split:
            self._pan_to(self.pan + PAN_STEP)
        else:
            super().action_scroll_right()

    def _pan_to(self, pan: int) -> None:
        longest = max((len(line.text) for line in self.diff.unified), default=0) if self.diff else 0
        half = max((self.scrollable_content_region.width - 1) // 2, 10)
        room = half - self._gutter - 3  # the text's share of a half: after number and sign
        self.pan = max(0, min(pan, longest - room))
        self.refresh()

    def line_key(self, index: int) -> Hashable:
        return (index, self.split, self.size.width if self.split else 0, self.pan)

    def line_fill(self, index: int) -> Style | None:
        if self.split:
            return None
        return FILL.get(self.rows[index].kind)

    def line_text(self, index: int) -> Text:
        row = self.rows[index]
        if not self.split:
            return self._half(row, "both")
        half = max((self.scrollable_content_region.width - 1) // 2, 10)
        text = self._half(row.left, "old", half)
        text.append("│", style="dim")
        text.append_text(self._half(row.right, "new", half))
        return text

    def _half(self, line: DiffLine | None, side: str, width: int | None = None) -> Text:
        """A line with its number(s) and sign; cut or padded to ``width`` in split mode."""
        if line is None:
            return Text(" " * (width or 0))
        gutter = self._gutter
        if line.kind == HUNK:
            text = Text(line.text, style=SIGN_STYLE[HUNK])
        else:
            if side == "both":
                numbers = f"{_no(line.old_no, gutter)} {_no(line.new_no, gutter)} "
            else:
                numbers = f"{_no(line.old_no if side == 'old' else line.new_no, gutter)} "
            text = Text(numbers, style="dim")
            text.append(f"{line.kind} ", SIGN_STYLE.get(line.kind, ""))
            body = highlight_config(clean(line.text))
            if width is not None and self.pan:
                body = body[self.pan :]
            text.append_text(body)
        if width is not None:
            text.truncate(width, overflow="ellipsis", pad=True)
        fill = FILL.get(line.kind)
        if fill is not None:
            text.stylize(fill)
        return text

    def _layout(self) -> None:
        self._was_split = self.split
        width = None
        if self.diff is not None and not self.split:
            longest = max((len(line.text) for line in self.diff.unified), default=0)
            width = longest + 2 * self._gutter + 4
        self.content_changed(width if width is not None else 0)

    def _relayout(self, was_split: bool) -> None:
        """Keep the cursor on the same change when the layout flips."""
        old_changes = (
            (self.diff.side_changes if was_split else self.diff.unified_changes)
            if self.diff
            else ()
        )
        position = sum(1 for index in old_changes if index <= self.cursor) - 1
        self._layout()
        self.pan = 0
        self.scroll_to(x=0, animate=False, immediate=True)
        if self.changes and position >= 0:
            self.move_cursor(self.changes[min(position, len(self.changes) - 1)], center=True)
        else:
            self.move_cursor(0)


def _no(number: int | None, width: int) -> str:
    return f"{number:>{width}}" if number is not None else " " * width
