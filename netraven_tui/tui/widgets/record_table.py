"""A keyed, virtual table for large inventories: only the visible lines are ever rendered.

Rows are identified by a key (a record id). Loading, updating and removing rows works by key;
filtering recomputes a list of visible keys from a cached lower-case search text, so a keystroke
in the filter costs one pass over strings and a repaint of the visible lines, never a rebuild.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

# A styled cell is a (plain text, style) pair: an exact tuple of strings, which the garbage
# collector stops tracking, where 50,000 rich Text cells would each be several tracked objects
# that every full collection walks (and a full collection blocks every thread).
Styled = tuple[str, str]
Cell = str | Text | Styled
Key = Hashable


@dataclass(frozen=True, slots=True)
class Column:
    """A column: a title and a fixed width, or ``width=None`` to share the space left over.

    ``min_width``: what a shared column needs before optional columns give up their room;
    ``optional``: dropped (leftmost first) when the table is too narrow for the others.
    """

    title: str
    width: int | None = None
    min_width: int = 4
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One record as the table shows it: cells, the value it sorts by, and what the filter sees."""

    key: Key
    cells: tuple[Cell, ...]
    sort_key: Any
    search: str
    # A cheap value that changes whenever the cells do (e.g. the record plus its age text):
    # sync() compares stamps instead of every rich cell, which matters at 10,000 rows.
    stamp: Hashable | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """Rows made ready for :meth:`RecordTable.load` off the UI thread (see ``prepare``)."""

    rows: dict[Key, Row]
    order: list[tuple[Any, Key]]

    def __len__(self) -> int:
        return len(self.rows)


class RecordTable(ScrollView, can_focus=True):
    """Rows keyed by record id, sorted, filtered and rendered line by line."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "cursor_top", "First row", show=False),
        Binding("end,G", "cursor_bottom", "Last row", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    COMPONENT_CLASSES = {
        "record-table--header",
        "record-table--cursor",
        "record-table--odd",
        "record-table--empty",
    }

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    RecordTable > .record-table--header { text-style: bold; background: $panel; }
    RecordTable > .record-table--cursor { background: $block-cursor-blurred-background; }
    RecordTable:focus > .record-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    RecordTable > .record-table--odd { background: $surface-lighten-1 20%; }
    RecordTable > .record-table--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to another record (``key`` is None when the table is empty)."""

        def __init__(self, table: RecordTable, key: Key | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        empty_text: str = "Nothing here yet.",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = tuple(columns)
        self.empty_text = empty_text
        self._rows: dict[Key, Row] = {}
        self._order: list[tuple[Any, Key]] = []  # (sort key, key), kept sorted
        self._visible: list[Key] = []
        self._filter_words: tuple[str, ...] = ()
        self._filter_text = ""
        self._only: frozenset[Key] | None = None  # a fixed set of keys, on top of the words
        self.only_label = ""
        self._widths_for: tuple[int, tuple[int, ...]] | None = None

    # ------------------------------------------------------------------ data

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return len(self._visible)

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def visible_keys(self) -> list[Key]:
        return list(self._visible)

    @property
    def cursor_key(self) -> Key | None:
        if 0 <= self.cursor < len(self._visible):
            return self._visible[self.cursor]
        return None

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def get_row(self, key: Key) -> Row | None:
        return self._rows.get(key)

    def load(self, rows: Iterable[Row] | Prepared) -> None:
        """Replace every row (first load, or a full reload); the cursor stays on its record.

        ``rows`` may be made ready by :meth:`prepare` in a worker: the UI thread then only
        swaps them in.
        """
        current = self.cursor_key
        prepared = rows if isinstance(rows, Prepared) else self.prepare(rows)
        self._rows = prepared.rows
        self._order = prepared.order
        self._refilter(from_scratch=True)
        self._restore_cursor(current)

    @staticmethod
    def prepare(rows: Iterable[Row]) -> Prepared:
        """Rows by key and in order (any thread): what :meth:`load` would build, so that a
        worker pays for sorting 50,000 rows instead of the UI thread."""
        by_key = {row.key: row for row in rows}
        return Prepared(by_key, sorted((row.sort_key, row.key) for row in by_key.values()))

    def sync(self, rows: Iterable[Row] | Prepared) -> None:
        """Make the table hold exactly ``rows``, touching only the keys that changed."""
        fresh = dict(rows.rows) if isinstance(rows, Prepared) else {row.key: row for row in rows}
        for key in [key for key in self._rows if key not in fresh]:
            self.remove(key, refilter=False)
        for row in fresh.values():
            old = self._rows.get(row.key)
            if old is None:
                self.upsert(row, refilter=False)
            elif row.stamp is not None and old.stamp is not None:
                if old.stamp != row.stamp or old.sort_key != row.sort_key:
                    self.upsert(row, refilter=False)
            elif old != row:
                self.upsert(row, refilter=False)
        current = self.cursor_key
        self._refilter(from_scratch=True)
        self._restore_cursor(current)

    def upsert(self, row: Row, refilter: bool = True) -> None:
        """Add a row or replace the one with the same key."""
        old = self._rows.get(row.key)
        self._rows[row.key] = row
        if old is None or old.sort_key != row.sort_key:
            if old is not None:
                self._order.remove((old.sort_key, old.key))
            insort(self._order, (row.sort_key, row.key))
        if refilter:
            current = self.cursor_key
            self._refilter(from_scratch=True)
            self._restore_cursor(current)

    def rows_by_key(self) -> dict[Key, Row]:
        """A copy of every row by key (for a worker to compare a fresh read against)."""
        return dict(self._rows)

    def update_rows(self, rows: Iterable[Row], removed: Iterable[Key] = ()) -> None:
        """Add or replace a few rows by key (a live run's devices, what a reload found changed)
        and drop the ``removed`` keys: one repaint, and the visible list is recomputed only when
        a row's place or its match with the filter may change."""
        rebuild = False
        for key in removed:
            if key in self._rows:
                self.remove(key, refilter=False)
                rebuild = True
        words = self._filter_words
        for row in rows:
            old = self._rows.get(row.key)
            if old == row:
                continue
            if old is None or old.sort_key != row.sort_key or (words and old.search != row.search):
                rebuild = True
            self.upsert(row, refilter=False)
        if rebuild:
            current = self.cursor_key
            self._refilter(from_scratch=True)
            self._restore_cursor(current)
        else:
            self.refresh()

    def remove(self, key: Key, refilter: bool = True) -> None:
        """Drop the row with ``key`` (no error if it is not there)."""
        old = self._rows.pop(key, None)
        if old is None:
            return
        self._order.remove((old.sort_key, old.key))
        if refilter:
            index = self.cursor
            self._refilter(from_scratch=True)
            self.cursor = min(index, max(len(self._visible) - 1, 0))

    def set_filter(self, text: str) -> None:
        """Show only rows whose search text holds every word of ``text`` (case-insensitive)."""
        words = tuple(text.lower().split())
        narrowing = bool(self._filter_words) and _narrows(self._filter_words, words)
        self._filter_text = text
        self._filter_words = words
        current = self.cursor_key
        self._refilter(from_scratch=not narrowing)
        self._restore_cursor(current)

    @property
    def only(self) -> frozenset[Key] | None:
        return self._only

    def set_only(self, keys: Iterable[Key] | None, label: str = "") -> None:
        """Show only rows with these keys (None: every row), named ``label`` in the status line;
        the word filter still applies on top."""
        only = frozenset(keys) if keys is not None else None
        if only == self._only:
            return
        self._only = only
        self.only_label = label if only is not None else ""
        current = self.cursor_key
        self._refilter(from_scratch=True)
        self._restore_cursor(current)

    def move_to(self, key: Key) -> bool:
        """Put the cursor on ``key`` if it is visible."""
        try:
            self.cursor = self._visible.index(key)
        except ValueError:
            return False
        return True

    # ------------------------------------------------------------------ cursor

    def action_cursor_down(self) -> None:
        self.cursor = min(self.cursor + 1, max(len(self._visible) - 1, 0))

    def action_cursor_up(self) -> None:
        self.cursor = max(self.cursor - 1, 0)

    def action_cursor_top(self) -> None:
        self.cursor = 0

    def action_cursor_bottom(self) -> None:
        self.cursor = max(len(self._visible) - 1, 0)

    def action_page_down(self) -> None:
        self.cursor = min(self.cursor + self._page(), max(len(self._visible) - 1, 0))

    def action_page_up(self) -> None:
        self.cursor = max(self.cursor - self._page(), 0)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor_key))

    def _on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self._visible):
            self.cursor = index

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def _scroll_to_cursor(self) -> None:
        body = max(self.scrollable_content_region.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False, immediate=True)

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            header = self.get_component_rich_style("record-table--header")
            return self._strip([column.title for column in self.columns], width, header)
        index = int(self.scroll_y) + y - 1
        base = self.rich_style
        if not self._visible:
            if y == 1:
                empty = self.get_component_rich_style("record-table--empty")
                filtered = self._filter_words or self._only is not None
                text = "No rows match the filter." if filtered else self.empty_text
                return Strip([Segment(set_cell_size(" " + text, width), base + empty)], width)
            return Strip.blank(width, base)
        if index >= len(self._visible):
            return Strip.blank(width, base)
        row = self._rows[self._visible[index]]
        style = base
        if index % 2:
            style = style + self.get_component_rich_style("record-table--odd")
        if index == self.cursor:
            style = style + self.get_component_rich_style("record-table--cursor")
        return self._strip(row.cells, width, style)

    def _strip(self, cells: Sequence[Cell], width: int, style: Style) -> Strip:
        segments: list[Segment] = []
        for cell, cell_width in zip(cells, self._column_widths(width), strict=False):
            if cell_width <= 0:
                continue
            segments.append(Segment(" ", style))
            if isinstance(cell, tuple):
                plain, style_text = cell
                cell_style = style + _parse_style(style_text) if style_text else style
                segments.append(Segment(_fit(plain, cell_width), cell_style))
            elif isinstance(cell, Text):
                cell_style = (
                    style + cell.style
                    if isinstance(cell.style, Style)
                    else (style + Style.parse(cell.style) if cell.style else style)
                )
                segments.append(Segment(_fit(cell.plain, cell_width), cell_style))
            else:
                segments.append(Segment(_fit(cell, cell_width), style))
        used = sum(cell_len(segment.text) for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments, width).crop(0, width)

    def _column_widths(self, width: int) -> tuple[int, ...]:
        if self._widths_for is not None and self._widths_for[0] == width:
            return self._widths_for[1]
        shown = list(self.columns)
        widths = self._share(shown, width)
        optional = [c for c in self.columns if c.optional]
        while optional and not self._fits(shown, widths):
            shown.remove(optional.pop(0))
            widths = self._share(shown, width)
        by_column = dict(zip((id(c) for c in shown), widths, strict=True))
        result = tuple(by_column.get(id(column), 0) for column in self.columns)
        self._widths_for = (width, result)
        return result

    @staticmethod
    def _share(columns: list[Column], width: int) -> tuple[int, ...]:
        fixed = sum(column.width or 0 for column in columns) + len(columns)
        flexible = [column for column in columns if column.width is None]
        spare = max(width - fixed, 0)
        share = spare // len(flexible) if flexible else 0
        return tuple(
            column.width if column.width is not None else max(share, 4) for column in columns
        )

    @staticmethod
    def _fits(columns: list[Column], widths: tuple[int, ...]) -> bool:
        return all(
            w >= c.min_width for c, w in zip(columns, widths, strict=True) if c.width is None
        )

    def _refilter(self, from_scratch: bool) -> None:
        words = self._filter_words
        only = self._only
        if not words:
            self._visible = [key for _, key in self._order if only is None or key in only]
        else:
            pool = [key for _, key in self._order] if from_scratch else self._visible
            if only is not None:
                pool = [key for key in pool if key in only]
            rows = self._rows
            self._visible = [key for key in pool if all(word in rows[key].search for word in words)]
        self.virtual_size = Size(self.size.width, len(self._visible) + 1)
        self.refresh()

    def _restore_cursor(self, key: Key | None) -> None:
        if key is not None and self.move_to(key):
            return
        self.cursor = min(self.cursor, max(len(self._visible) - 1, 0))


def plain(cell: Cell) -> str:
    """A cell's text without its style, whichever form the cell takes."""
    if isinstance(cell, tuple):
        return cell[0]
    return cell.plain if isinstance(cell, Text) else cell


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


_STYLES: dict[str, Style] = {}


def _parse_style(text: str) -> Style:
    """A style from its text, parsed once (a table repaints the same few styles again and again)."""
    style = _STYLES.get(text)
    if style is None:
        style = _STYLES[text] = Style.parse(text)
    return style


def _narrows(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """True when every row matching ``new`` also matches ``old`` (so filter the visible rows)."""
    return all(any(o in n for n in new) for o in old)
