"""A virtual list of text lines with a cursor: the base of the config, diff, search and log views.

Only the lines on screen are rendered (Textual's Line API); each rendered line is kept in an LRU
cache of strips keyed by what it shows, so scrolling a 3,000-line configuration or a log that
grows by 1,000 lines a second repaints a screenful, never the whole text.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

CACHE_LINES = 2000


class LineView(ScrollView, can_focus=True):
    """Subclasses say how many lines there are (``line_count``) and how one looks (``line_text``)."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "cursor_top", "First line", show=False),
        Binding("end,G", "cursor_bottom", "Last line", show=False),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("left,h", "scroll_left", "Left", show=False),
        Binding("right,l", "scroll_right", "Right", show=False),
    ]

    COMPONENT_CLASSES = {"line-view--cursor", "line-view--empty"}

    DEFAULT_CSS = """
    LineView { height: 1fr; scrollbar-size-vertical: 1; scrollbar-size-horizontal: 1; }
    LineView > .line-view--cursor { background: $block-cursor-blurred-background; }
    LineView:focus > .line-view--cursor { background: $block-cursor-background 60%; }
    LineView > .line-view--empty { color: $text-muted; text-style: italic; }
    """

    class CursorMoved(Message):
        """The cursor moved to line ``index``."""

        def __init__(self, view: LineView, index: int) -> None:
            super().__init__()
            self.view = view
            self.index = index

        @property
        def control(self) -> LineView:
            return self.view

    def __init__(
        self,
        empty_text: str = "Nothing to show.",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.empty_text = empty_text
        self.cursor = 0
        self._strips: LRUCache[Hashable, Strip] = LRUCache(CACHE_LINES)
        self._content_width = 0

    # ------------------------------------------------------------------ for subclasses

    @property
    def line_count(self) -> int:
        return 0

    def line_text(self, index: int) -> Text:
        """How line ``index`` looks (styles included; no trailing newline)."""
        raise NotImplementedError

    def line_key(self, index: int) -> Hashable:
        """What identifies line ``index``'s look in the cache (override when lines shift)."""
        return index

    def line_fill(self, index: int) -> Style | None:
        """The style of the space after the end of line ``index`` (a diff's red or green)."""
        return None

    def on_cursor(self, index: int) -> None:
        """Called after the cursor moved (hook)."""

    # ------------------------------------------------------------------ content

    def content_changed(self, width: int | None = None, clear_cache: bool = True) -> None:
        """The lines changed: resize the virtual area, forget cached looks, repaint."""
        if width is not None:
            self._content_width = width
        if clear_cache:
            self._strips.clear()
        count = self.line_count
        self.virtual_size = Size(self._content_width, count)
        if self.cursor >= count:
            self.cursor = max(count - 1, 0)
        self.refresh()

    def move_cursor(self, index: int, *, center: bool = False) -> None:
        """Put the cursor on line ``index`` (clamped) and scroll it into view."""
        count = self.line_count
        index = min(max(index, 0), max(count - 1, 0))
        old, self.cursor = self.cursor, index
        self.scroll_to_cursor(center=center)
        if old != index:
            self.refresh_line(old)
            self.refresh_line(index)
            self.on_cursor(index)
            self.post_message(self.CursorMoved(self, index))

    def scroll_to_cursor(self, center: bool = False) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_y)
        if center:
            self.scroll_to(y=max(self.cursor - height // 2, 0), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self.scroll_to_cursor)

    # ------------------------------------------------------------------ keys

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_top(self) -> None:
        self.move_cursor(0)

    def action_cursor_bottom(self) -> None:
        self.move_cursor(self.line_count - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self._page())

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self._page())

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_y) + y
        count = self.line_count
        if count == 0:
            if y == 0:
                style = base + self.get_component_rich_style("line-view--empty")
                return Strip([Segment(" " + self.empty_text, style)]).adjust_cell_length(
                    width, style
                )
            return Strip.blank(width, base)
        if index >= count:
            return Strip.blank(width, base)
        strip = self._full_strip(index)
        scroll_x = int(self.scroll_x)
        line = strip.crop_extend(scroll_x, scroll_x + width, self.line_fill(index)).apply_style(
            base
        )
        if index == self.cursor and self.show_cursor:
            cursor = self.get_component_rich_style("line-view--cursor", partial=True)
            line = Strip(Segment.apply_style(line, post_style=_background_only(cursor)), width)
        return line

    @property
    def show_cursor(self) -> bool:
        return True

    def _full_strip(self, index: int) -> Strip:
        key = self.line_key(index)
        strip = self._strips.get(key)
        if strip is None:
            text = self.line_text(index)
            strip = Strip(list(text.render(self.app.console)), text.cell_len)
            self._strips[key] = strip
        return strip


def _background_only(style: Style) -> Style:
    """The cursor paints the background only, so syntax colours stay readable on it."""
    return Style(bgcolor=style.bgcolor, bold=style.bold) if style.bgcolor else style
