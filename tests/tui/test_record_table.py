"""The record table's keyed batch update: rows replaced in place, re-sorted and re-filtered only
when a row's place or its match with the filter changed."""

from __future__ import annotations

from textual.app import App, ComposeResult

from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row


def row(key: int, name: str, state: str = "ok") -> Row:
    return Row(key=key, cells=(name, (state, "green")), sort_key=name, search=f"{name} {state}")


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable((Column("Name"), Column("State", 8)))


async def test_update_rows_replaces_moves_and_filters_by_key() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(RecordTable)
        table.load([row(1, "alpha"), row(2, "bravo"), row(3, "charlie")])
        table.move_to(2)
        table.update_rows([row(2, "bravo", "failed")])  # same place: only the cells change
        assert table.get_row(2).cells[1] == ("failed", "green")
        assert table.visible_keys == [1, 2, 3] and table.cursor_key == 2
        table.update_rows([row(1, "delta"), row(4, "echo")])  # moved, and a new one
        assert table.visible_keys == [2, 3, 1, 4] and table.cursor_key == 2
        table.set_filter("failed")
        table.update_rows([row(3, "charlie", "failed")])  # now matches the filter
        assert table.visible_keys == [2, 3]
        await pilot.pause()
        line = table.render_line(1)  # a (plain, style) cell drawn in its colour
        assert "bravo" in line.text and "failed" in line.text
        assert any(s.text.strip() == "failed" and s.style.color.name == "green" for s in line)
