"""Live logs: follow the log table as entries are written (by this process or any other).

A thread worker polls ``LogService.after(last_id)`` every half second (sooner when the runtime
says it logged something) and posts one batch per poll; the view keeps a bounded window. Filters
(level, kind, job, run, device, text) reload the window; `f`/`space` pause and follow; moving
above the first line loads the previous page from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from netraven_tui.domain import LogEntry, LogFilter, LogLevel
from netraven_tui.runtime.events import LogAppended
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.modals.log_entry import LogEntryModal
from netraven_tui.tui.modals.log_filter import describe_filter, log_filter_modal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.command_bar import CommandBar
from netraven_tui.tui.widgets.log_view import MAX_LINES, LogView
from netraven_tui.tui.widgets.record_table import Column, Row

POLL_SECONDS = 0.5
# Ids are handed out at insert and become visible at commit: on PostgreSQL a row with a smaller
# id can appear after a larger one. Each poll re-reads this many ids back and skips the seen ones.
OVERLAP = 200
PAGE = 500
SEARCH_DELAY = 0.4
LEVEL_CYCLE: tuple[LogLevel | None, ...] = (None, LogLevel.INFO, LogLevel.WARNING, LogLevel.ERROR)

# The dashboard shows recent entries in a RecordTable with these columns.
COLUMNS = (
    Column("Time", 19),
    Column("Level", 7),
    Column("Kind", 10),
    Column("Actor", 10),
    Column("Message"),
)
LEVEL_STYLE = {LogLevel.ERROR: "bold red", LogLevel.WARNING: "yellow", LogLevel.DEBUG: "dim"}


def log_row(entry: LogEntry) -> Row:
    """A log entry as a RecordTable row (the dashboard's recent activity)."""
    message = entry.message
    if entry.hostname and entry.hostname not in message:
        message = f"{entry.hostname}: {message}"
    return Row(
        entry.id,
        (
            fmt.timestamp(entry.ts),
            Text(str(entry.level), style=LEVEL_STYLE.get(entry.level, "")),
            str(entry.kind),
            entry.actor or "-",
            message,
        ),
        sort_key=-entry.id,
        search=f"{entry.level} {entry.kind} {entry.actor or ''} {message}".lower(),
    )


class LogsScreen(AreaScreen):
    AREA = "logs"
    TITLE = "Logs"
    FOLLOWS_RUNTIME = True
    BINDINGS = [
        Binding("f,space", "toggle_follow", "Follow/pause", key_display="f"),
        Binding("F", "filters", "Filters"),
        Binding("v", "cycle_level", "Level"),
        Binding("x", "clear_filters", "Clear", show=False),
        # a line the width cuts, in full (the footer is full at 80 columns: listed in ? help)
        Binding("enter", "entry", "Entry in full", show=False),
    ]

    class Batch(Message):
        """Entries read by the tail worker, oldest first. ``reset`` replaces the window."""

        def __init__(
            self,
            generation: int,
            entries: Sequence[LogEntry],
            last_id: int = 0,
            reset: bool = False,
            more_older: bool = True,
        ) -> None:
            super().__init__()
            self.generation = generation
            self.entries = entries
            self.last_id = last_id
            self.reset = reset
            self.more_older = more_older

    class Page(Batch):
        """An older page, oldest first."""

    class HostnamesLoaded(Message):
        """Every device's hostname, for the filter form's completion."""

        def __init__(self, hostnames: Sequence[str]) -> None:
            super().__init__()
            self.hostnames = hostnames

    def __init__(self) -> None:
        super().__init__()
        self.where = LogFilter()
        self.device_name = ""
        self.hostnames: Sequence[str] = ()
        self._generation = 0
        self._last_id: int | None = None
        self._polling = False
        self._search_timer: Timer | None = None
        self._paging = False
        self._seen: set[int] = set()  # ids shown in the last OVERLAP-wide stretch

    def compose_body(self) -> ComposeResult:
        yield LogView(id="log-view")

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)
        self._load_hostnames()

    def focus_content(self) -> None:
        self.view.focus()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Start (again) from the newest entries matching the filters."""
        self._generation += 1
        self._paging = False
        self._polling = True
        self._last_id = None  # no incremental poll until the new window has arrived
        self._tail(self.where, self._generation, None)
        self.set_status(self.status_text())

    def _poll(self) -> None:
        """Every POLL_SECONDS (and when the runtime logged something): read what is new."""
        if not self._polling and self._last_id is not None:
            self._polling = True
            self._tail(self.where, self._generation, self._last_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="log-tail")
    def _tail(self, where: LogFilter, generation: int, last_id: int | None) -> None:
        """One poll: the first window (``last_id`` None) or what came after ``last_id``."""
        logs = self.services.logs
        top = _newest_id(logs)
        if last_id is None or top - last_id > MAX_LINES:  # start, or far behind: newest window
            limit = PAGE if last_id is None else MAX_LINES
            entries = list(reversed(logs.recent(limit, where=where)))
            newest = max(top, entries[-1].id if entries else 0)
            self.post_message(
                self.Batch(
                    generation, entries, newest, reset=True, more_older=len(entries) == limit
                )
            )
            return
        batch = logs.after(max(0, last_id - OVERLAP), MAX_LINES, where=where)
        newest = max(top, last_id, batch[-1].id if batch else 0)
        self.post_message(self.Batch(generation, batch, newest))

    @work(thread=True, exclusive=True, exit_on_error=False, group="log-page")
    def _older(self, where: LogFilter, before_id: int, generation: int) -> None:
        page = list(reversed(self.services.logs.recent(PAGE, before_id=before_id, where=where)))
        self.post_message(self.Page(generation, page, more_older=len(page) == PAGE))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Adds to ServiceCalls.on_worker_state_changed, which reports the error.
        if event.worker.group == "log-tail" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._polling = False  # a failed poll must not stop the following ones

    @work(thread=True, exclusive=True, exit_on_error=False, group="log-hosts")
    def _load_hostnames(self) -> None:
        self.post_message(self.HostnamesLoaded(self.services.devices.hostnames()))

    @on(Batch)
    def _log_batch(self, message: Batch) -> None:
        if isinstance(message, self.Page) or message.generation != self._generation:
            return
        self._polling = False
        self._last_id = message.last_id
        view = self.view
        if message.reset:
            self._seen = {entry.id for entry in message.entries}
        if message.reset and (view.following or not view.entries):
            view.reset(message.entries, message.more_older)
        elif message.reset:  # paused and far behind: keep reading, count what came
            view.pending.clear()
            view.tail_cut = True
            view.append(message.entries)
        else:
            fresh = [entry for entry in message.entries if entry.id not in self._seen]
            self._seen.update(entry.id for entry in fresh)
            floor = message.last_id - 2 * OVERLAP
            if len(self._seen) > 8 * OVERLAP:
                self._seen = {seen for seen in self._seen if seen > floor}
            view.append(fresh)
        self.set_status(self.status_text())

    @on(Page)
    def _log_page(self, message: Page) -> None:
        self._paging = False
        if message.generation == self._generation:
            self.view.prepend(message.entries, message.more_older)
            self.set_status(self.status_text())

    @on(HostnamesLoaded)
    def _hostnames_loaded(self, message: HostnamesLoaded) -> None:
        self.hostnames = message.hostnames

    @on(LogView.NeedOlder)
    def _need_older(self) -> None:
        view = self.view
        if self._paging or not view.entries:
            return
        self._paging = True
        if view.following:
            view.follow(False)
        self._older(self.where, view.entries[0].id, self._generation)
        self.set_status(self.status_text())

    @on(LogView.FollowChanged)
    def _follow_changed(self, message: LogView.FollowChanged) -> None:
        if message.following and not self.view.following:
            self.action_toggle_follow()
        self.set_status(self.status_text())

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        """This process logged something: poll at once instead of at the next tick."""
        if self.is_current and any(isinstance(event, LogAppended) for event in batch.events):
            self._poll()

    # ------------------------------------------------------------------ status

    def status_text(self) -> str:
        view = self.view
        if view.following:
            state = "following"
        else:
            more = "+" if view.tail_cut else ""
            state = f"paused, {view.pending_count:,}{more} new (f follows)"
        parts = [state, fmt.plural(len(view.entries), "line")]
        described = describe_filter(self.where, self.device_name)
        if described:
            parts.append(described)
        return " · ".join(parts)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return True
        return super().check_action(action, parameters)

    def action_toggle_follow(self) -> None:
        view = self.view
        if view.following:
            view.follow(False)
        elif not view.follow(True):
            view.following = True
            self.reload()  # the window no longer reaches the newest entries: start again
            return
        self.set_status(self.status_text())

    def action_entry(self) -> None:
        """`enter`: the entry under the cursor in full, its message wrapped."""
        view = self.view
        if 0 <= view.cursor < len(view.entries):
            self.app.push_screen(LogEntryModal(view.entries[view.cursor]))

    def action_cycle_level(self) -> None:
        index = LEVEL_CYCLE.index(self.where.level) if self.where.level in LEVEL_CYCLE else 0
        self.apply_filter(replace(self.where, level=LEVEL_CYCLE[(index + 1) % len(LEVEL_CYCLE)]))

    def action_clear_filters(self) -> None:
        self.device_name = ""
        self.apply_filter(LogFilter())

    def action_filter(self) -> None:
        self.query_one(CommandBar).open("filter", self.where.text or "")

    def action_filters(self) -> None:
        def chosen(result: tuple[LogFilter, str] | None) -> None:
            if result is not None:
                self.device_name = result[1]
                self.apply_filter(result[0])

        self.app.push_screen(
            log_filter_modal(self.services, self.where, self.hostnames, self.device_name), chosen
        )

    def apply_filter(self, where: LogFilter) -> None:
        """Show only entries matching ``where`` (reloads the window and follows)."""
        self.where = where
        view = self.view
        view.following = True
        view.set_highlight(where.text or "")
        self.reload()

    @on(CommandBar.FilterChanged)
    def _search_typed(self, event: CommandBar.FilterChanged) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        text = event.text.strip() or None

        def apply() -> None:
            if text != self.where.text:
                self.apply_filter(replace(self.where, text=text))

        self._search_timer = self.set_timer(SEARCH_DELAY, apply)


def _newest_id(logs) -> int:
    return logs.newest_id()
