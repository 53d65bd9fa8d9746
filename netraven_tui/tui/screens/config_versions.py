"""A device's configuration versions, newest first: view one, or diff two.

`space` marks up to two versions; `d` compares the marked pair, or without marks the selected
version with the one before it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from netraven_tui.runtime.configs import NumberedVersion
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.screens.config_base import ConfigSubScreen
from netraven_tui.tui.screens.config_text import ConfigDiffScreen, ConfigViewScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (
    Column("Version", 8),
    Column("Time", 19),
    Column("Run", 6),
    Column("Commit", 8),
    Column("Size", 8),
    Column("Lines", 6),
    Column("Change"),
)


def version_row(item: NumberedVersion, marked: bool) -> Row:
    version = item.version
    number = Text(f"{'●' if marked else ' '} v{item.number}", style="bold yellow" if marked else "")
    change = Text.assemble(
        (f"+{version.lines_added}", "green"), " ", (f"-{version.lines_removed}", "red")
    )
    if item.number == 1:
        change = Text("first", style="dim")
    return Row(
        item.number,
        (
            number,
            fmt.timestamp(version.created_at),
            f"#{version.run_id}" if version.run_id else "-",
            version.commit[:8],
            _size(version.size),
            str(version.lines),
            change,
        ),
        sort_key=-item.number,
        search=f"v{item.number} {version.commit}",
    )


class ConfigVersionsScreen(ConfigSubScreen):
    BINDINGS = [
        Binding("enter,v", "view", "View"),
        Binding("d", "diff", "Diff"),
        Binding("space", "mark", "Mark"),
    ]

    def __init__(self, hostname: str) -> None:
        super().__init__(f"Configs › {hostname}")
        self.hostname = hostname
        self.versions: dict[int, NumberedVersion] = {}
        self.marked: list[int] = []

    def compose_body(self) -> ComposeResult:
        yield RecordTable(COLUMNS, empty_text="No versions yet.", id="versions-table")

    def read(self) -> Any:
        """The versions and their rows, built here in the worker (up to 500 of them)."""
        history = self.browser.history(self.hostname)
        marked = set(self.marked)
        return history, [version_row(item, item.number in marked) for item in history]

    def loaded(self, payload: tuple[list[NumberedVersion], list[Row]]) -> None:
        history, rows = payload
        self.versions = {item.number: item for item in history}
        kept = [number for number in self.marked if number in self.versions]
        table = self.query_one(RecordTable)
        if table.total_count:
            table.sync(rows)
        else:
            table.load(rows)
        # marks set while the worker read (at most two rows): shown as they are now
        self._show_marks(set(self.marked) | set(kept), kept)
        self.set_status(self.status_text())

    def _show_marks(self, touched: set[int], marked: list[int]) -> None:
        """Only the rows whose mark changed are rebuilt."""
        self.marked = marked
        self.query_one(RecordTable).update_rows(
            version_row(self.versions[number], number in marked)
            for number in touched
            if number in self.versions
        )

    def status_text(self) -> str:
        text = fmt.plural(len(self.versions), "version")
        if self.marked:
            text += " · marked " + " and ".join(f"v{n}" for n in sorted(self.marked))
        elif len(self.versions) > 1:
            text += " · space marks two versions to compare"
        return text

    def _selected(self) -> int | None:
        key = self.query_one(RecordTable).cursor_key
        return int(key) if key is not None else None

    def action_view(self) -> None:
        number = self._selected()
        if number is not None:
            self.app.push_screen(ConfigViewScreen(self.hostname, number))

    def action_mark(self) -> None:
        number = self._selected()
        if number is None:
            return
        before = list(self.marked)
        if number in before:
            after = [n for n in before if n != number]
        else:
            after = [*before, number][-2:]
        self._show_marks(set(before) | set(after), after)
        self.set_status(self.status_text())

    def action_diff(self) -> None:
        if len(self.marked) == 2:
            old, new = sorted(self.marked)
            self.app.push_screen(ConfigDiffScreen(self.hostname, old, new))
            return
        number = self._selected()
        if number is not None:
            self.app.push_screen(ConfigDiffScreen(self.hostname, None, number))


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"
