"""Search the latest configuration of every device (or of one tag): matching lines with their
context, grouped by device; `m` flips to the devices where the pattern is missing."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding

from netraven_tui.runtime.configs import SearchResult
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.screens.config_base import ConfigSubScreen, compile_pattern
from netraven_tui.tui.screens.config_text import ConfigViewScreen
from netraven_tui.tui.widgets.config_search_view import ConfigSearchView, result_lines

CONTEXT = 2


def parse_query(query: str) -> tuple[str, str | None, bool]:
    """'#core ^ntp server' → ('^ntp server', 'core', ignore_case): smart case, optional tag."""
    text = query.strip()
    tag = None
    if text.startswith("#"):
        head, _, rest = text.partition(" ")
        tag, text = head[1:] or None, rest.strip()
    ignore_case = not any(ch.isupper() for ch in text)
    return text, tag, ignore_case


class ConfigSearchScreen(ConfigSubScreen):
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("m", "toggle_missing", "Matches/missing"),
    ]

    def __init__(self, query: str, missing: bool = False) -> None:
        self.pattern, self.tag, self.ignore_case = parse_query(query)
        where = f" in #{self.tag}" if self.tag else ""
        super().__init__(f"Configs › search “{self.pattern}”{where}")
        self.missing = missing
        self.result: SearchResult | None = None

    def compose_body(self) -> ComposeResult:
        yield ConfigSearchView(id="search-view")

    def focus_content(self) -> None:
        self.query_one(ConfigSearchView).focus()

    def read(self) -> Any:
        return self.browser.search(self.pattern, self.tag, CONTEXT, self.ignore_case)

    def loaded(self, payload: SearchResult) -> None:
        self.result = payload
        self._show()

    def _show(self) -> None:
        result = self.result
        if result is None:
            return
        if self.missing:
            empty = "Every device searched has a match."
        else:
            empty = "No line matches in the devices searched."
        pattern = compile_pattern(self.pattern) if not self.missing else None
        self.query_one(ConfigSearchView).show(result_lines(result, self.missing), pattern, empty)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        result = self.result
        if result is None:
            return "searching…"
        searched = fmt.plural(result.searched, "device")
        if self.missing:
            never = f" · {len(result.unconfigured)} never backed up" if result.unconfigured else ""
            return (
                f"missing on {len(result.missing)}/{searched}{never} · "
                f"{len(result.matched)} match (m)"
            )
        return (
            f"{fmt.plural(len(result.hits), 'line')} on {len(result.matched)}/{searched} · "
            f"{len(result.missing)} missing (m)"
        )

    def action_toggle_missing(self) -> None:
        self.missing = not self.missing
        self._show()

    def action_open(self) -> None:
        view = self.query_one(ConfigSearchView)
        if not view.rows:
            return
        row = view.rows[view.cursor]
        self.app.push_screen(ConfigViewScreen(row.hostname, None, max(row.line_number, 1)))
