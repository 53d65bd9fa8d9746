"""An area whose table lists one kind of record (tags, credentials, users): loading by key (in a
thread worker), the record under the cursor, and a saved or deleted record shown in place, the
cursor on it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult

from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

R = TypeVar("R")


class RecordScreen(AreaScreen, Generic[R]):
    NOUN: ClassVar[str] = "record"
    # Records changed by another process (the CLI, another console) show within this many
    # seconds while the area is on view.
    POLL_SECONDS: ClassVar[float] = 5.0
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    EMPTY: ClassVar[str] = "Nothing here yet."

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[Hashable, R] = {}

    # What a subclass says about its records.
    def fetch(self) -> Iterable[R]:
        """Read the records (runs in a thread worker)."""
        raise NotImplementedError

    def key_of(self, record: R) -> Hashable:
        raise NotImplementedError

    def row_of(self, record: R, now: datetime) -> Row:
        raise NotImplementedError

    def name_of(self, record: R) -> str:
        return str(self.key_of(record))

    # Shared behaviour.
    def on_mount(self) -> None:
        self.set_interval(self.POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self.is_current:
            self.reload()

    def compose_body(self) -> ComposeResult:
        yield RecordTable(self.COLUMNS, empty_text=self.EMPTY, id=f"{self.AREA}-table")

    def reload(self) -> None:
        seen = self.changes
        self.read_in_thread(
            lambda: list(self.fetch()),
            lambda records: self._show(records, seen),
            doing=f"load {self.NOUN}s",
        )

    def _show(self, records: list[R], seen: int) -> None:
        if self.is_stale(seen):
            self.reload()
            return
        self.records = {self.key_of(record): record for record in records}
        now = self.host.clock()
        self.query_one(RecordTable).sync(self.row_of(r, now) for r in self.records.values())
        self.set_status(self.status_text())

    def status_text(self) -> str:
        return fmt.plural(len(self.records), self.NOUN)

    @property
    def current(self) -> R | None:
        key = self.query_one(RecordTable).cursor_key
        return self.records.get(key) if key is not None else None

    def _saved(self, record: R | None, what: str = "saved") -> None:
        """After a form or an action: the record's row as saved, the cursor on it, a note."""
        if record is None:
            return
        self.note_change()
        key = self.key_of(record)
        self.records[key] = record
        table = self.query_one(RecordTable)
        table.upsert(self.row_of(record, self.host.clock()))
        table.move_to(key)
        self.set_status(self.status_text())
        self.notify(f"{self.NOUN} {self.name_of(record)} {what}")

    def _deleted(self, record: R) -> None:
        """After a delete went through: its row gone, a note."""
        key = self.key_of(record)
        self.records.pop(key, None)
        self.query_one(RecordTable).remove(key)
        self.set_status(self.status_text())
        self.notify(f"{self.NOUN} {self.name_of(record)} deleted")
