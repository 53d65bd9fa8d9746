"""The live log: a bounded window of entries that follows the log table, or holds still.

Following, the view is pinned to the end: new entries are appended, the oldest dropped beyond
``max_lines``, and the cursor keeps its row on the last page. Moving up off the last page pauses:
new entries are then only counted (and kept, up to ``max_lines``, to show when following
resumes with `f` or `G`). Moving onto the first line asks for the previous page
(:class:`LogView.NeedOlder`); the screen loads it from the database.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Sequence

from rich.text import Text
from textual.message import Message

from netraven_tui.domain import LogEntry, LogLevel
from netraven_tui.tui.widgets.config_highlight import clean
from netraven_tui.tui.widgets.config_lines import LineView

MAX_LINES = 5000
LEVEL_LABEL = {
    LogLevel.DEBUG: "DEBUG",
    LogLevel.INFO: "INFO ",
    LogLevel.WARNING: "WARN ",
    LogLevel.ERROR: "ERROR",
}
LEVEL_STYLE = {
    LogLevel.DEBUG: "dim",
    LogLevel.INFO: "green",
    LogLevel.WARNING: "bold yellow",
    LogLevel.ERROR: "bold red",
}
MESSAGE_STYLE = {LogLevel.DEBUG: "dim", LogLevel.WARNING: "yellow", LogLevel.ERROR: "red"}


def log_line(entry: LogEntry, highlight: str = "") -> Text:
    """`11-28 12:00:00 INFO  job        core-sw1: backed up (ada)`, coloured by level."""
    text = Text(entry.ts.astimezone().strftime("%m-%d %H:%M:%S"), style="dim")
    text.append(" ")
    text.append(
        LEVEL_LABEL.get(entry.level, str(entry.level)[:5]), LEVEL_STYLE.get(entry.level, "")
    )
    text.append(f" {entry.kind!s:<10} ", "cyan" if entry.kind != "audit" else "magenta")
    message = clean(entry.message)
    if entry.hostname and entry.hostname not in message:
        text.append(f"{entry.hostname}: ", "bold")
    text.append(message, MESSAGE_STYLE.get(entry.level, ""))
    if entry.actor and entry.kind == "audit":
        text.append(f"  ({entry.actor})", "dim")
    if highlight:
        text.highlight_words([highlight], "reverse", case_sensitive=False)
    return text


class LogView(LineView):
    """A window of log entries, oldest first, with follow/pause and paging back."""

    class NeedOlder(LineView.CursorMoved):
        """The cursor is on the first line and older entries may exist: load a page."""

    class FollowChanged(Message):
        """The view paused itself (the operator moved up), or `G` asks to follow again."""

        def __init__(self, view: LogView, following: bool) -> None:
            super().__init__()
            self.view = view
            self.following = following

        @property
        def control(self) -> LogView:
            return self.view

    def __init__(self, max_lines: int = MAX_LINES, *, id: str | None = None) -> None:
        super().__init__("No log entries match.", id=id)
        self.max_lines = max_lines
        self.entries: list[LogEntry] = []
        self.following = True
        self.pending: deque[LogEntry] = deque(maxlen=max_lines)
        self.pending_count = 0
        self.tail_cut = False  # older pages pushed the newest entries out of the window
        self.more_older = True
        self.highlight = ""

    # ------------------------------------------------------------------ LineView

    @property
    def line_count(self) -> int:
        return len(self.entries)

    def line_text(self, index: int) -> Text:
        return log_line(self.entries[index], self.highlight)

    def line_key(self, index: int) -> Hashable:
        return self.entries[index].id

    @property
    def kept(self) -> int:
        """Entries held in memory (window + pending); bounded by 2 × ``max_lines``."""
        return len(self.entries) + len(self.pending)

    # ------------------------------------------------------------------ data

    def reset(self, entries: Sequence[LogEntry], more_older: bool) -> None:
        """Show ``entries`` (oldest first) and follow from their end."""
        self.entries = list(entries[-self.max_lines :])
        self.pending.clear()
        self.pending_count = 0
        self.tail_cut = False
        self.more_older = more_older
        self._content_width = 0
        self.content_changed(self._width())
        self.scroll_to(x=0, animate=False, immediate=True)
        self.move_cursor(len(self.entries) - 1)
        self.call_after_refresh(self.scroll_to_cursor)

    def append(self, entries: Sequence[LogEntry]) -> None:
        """New entries from the tail of the table: shown when following, counted when paused."""
        if not entries:
            return
        if not self.following:
            self.pending.extend(entries)
            self.pending_count += len(entries)
            return
        self._extend(entries)

    def prepend(self, entries: Sequence[LogEntry], more_older: bool) -> None:
        """An older page (oldest first) goes above the first line; the view stays where it was."""
        self.more_older = more_older
        if not entries:
            return
        self.entries[:0] = entries
        shift = len(entries)
        overflow = len(self.entries) - self.max_lines
        if overflow > 0:
            del self.entries[-overflow:]
            self.tail_cut = True
        self.content_changed(self._width(), clear_cache=False)
        self.cursor += shift
        self.scroll_to(y=int(self.scroll_y) + shift, animate=False, immediate=True)
        self.move_cursor(self.cursor - 1)

    def follow(self, on: bool) -> bool:
        """Follow (True) or pause; returns False when the window must be reloaded first."""
        self.following = on
        if not on:
            return True
        if self.tail_cut:
            return False
        pending = list(self.pending)
        self.pending.clear()
        self.pending_count = 0
        self._extend(pending, offset=0)
        return True

    def set_highlight(self, words: str) -> None:
        self.highlight = words
        self.content_changed(self._width())

    # ------------------------------------------------------------------ keys

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._after_moving_up()

    def action_page_up(self) -> None:
        super().action_page_up()
        self._after_moving_up()

    def action_cursor_top(self) -> None:
        super().action_cursor_top()
        self._after_moving_up()

    def action_cursor_bottom(self) -> None:
        super().action_cursor_bottom()
        if not self.following:
            self.post_message(self.FollowChanged(self, True))

    # ------------------------------------------------------------------ internals

    def _after_moving_up(self) -> None:
        """Leaving the last page pauses (the lines read must hold still); the top pages back."""
        if self.following and self.cursor < len(self.entries) - self._height():
            self.following = False
            self.post_message(self.FollowChanged(self, False))
        if self.cursor == 0 and self.more_older:
            self.post_message(self.NeedOlder(self, 0))

    def _height(self) -> int:
        return max(self.scrollable_content_region.height, 1)

    def _extend(self, entries: Sequence[LogEntry], offset: int | None = None) -> None:
        """Append while following: the view stays pinned to the end, the cursor on its row."""
        if offset is None:
            offset = max(len(self.entries) - 1 - self.cursor, 0) if self.entries else 0
        self.entries.extend(entries)
        overflow = len(self.entries) - self.max_lines
        if overflow > 0:
            del self.entries[:overflow]
            self.more_older = True
        self.content_changed(self._width(), clear_cache=False)
        self.cursor = max(len(self.entries) - 1 - offset, 0)
        self.scroll_to(y=max(len(self.entries) - self._height(), 0), animate=False, immediate=True)
        self.refresh()

    def _width(self) -> int:
        """The virtual width: wide enough for the longest line to be scrolled to with `l`."""
        longest = max((_length(entry) for entry in self.entries[-PREFIX:]), default=0)
        return max(self._content_width, min(longest, 2000))


PREFIX = 1000  # the newest lines measured for the width (measuring 5,000 on each batch is waste)


def _length(entry: LogEntry) -> int:
    """Cells of :func:`log_line` for ``entry``, without building it."""
    extra = len(entry.hostname) + 2 if entry.hostname else 0
    if entry.actor and entry.kind == "audit":
        extra += len(entry.actor) + 4
    return 27 + len(entry.message) + extra
