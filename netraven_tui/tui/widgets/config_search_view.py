"""Search results across the latest configurations: hits grouped by device, or the devices
without a match ("missing", a quick compliance check)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from netraven_tui.patterns import UserPattern
from netraven_tui.runtime.configs import SearchResult
from netraven_tui.tui.widgets.config_highlight import clean, highlight_config
from netraven_tui.tui.widgets.config_lines import LineView

HEADER, CONTEXT, HIT, GAP, MISSING = "header", "context", "hit", "gap", "missing"


@dataclass(frozen=True, slots=True)
class ResultLine:
    kind: str
    hostname: str
    line_number: int  # 0 for headers and gaps
    text: str


def result_lines(result: SearchResult, missing: bool) -> list[ResultLine]:
    """The rows to draw: one header per device, then its hits with their context lines."""
    if missing:
        # a device never backed up cannot be shown to have the line: missing too, said why
        return [ResultLine(MISSING, host, 0, host) for host in result.missing] + [
            ResultLine(MISSING, host, 0, f"{host} (no configuration)")
            for host in result.unconfigured
        ]
    by_host: dict[str, dict[int, tuple[str, str]]] = {}
    hits: dict[str, int] = {}
    for hit in result.hits:
        numbered = by_host.setdefault(hit.hostname, {})
        hits[hit.hostname] = hits.get(hit.hostname, 0) + 1
        first = hit.line_number - len(hit.before)
        for offset, text in enumerate((*hit.before, None, *hit.after)):
            number = first + offset
            if text is None:
                numbered[number] = (HIT, hit.line)
            else:
                numbered.setdefault(number, (CONTEXT, text))
    lines: list[ResultLine] = []
    for host, numbered in by_host.items():
        count = hits[host]
        lines.append(
            ResultLine(HEADER, host, 0, f"{host} · {count} match{'es' if count != 1 else ''}")
        )
        previous = 0
        for number in sorted(numbered):
            if previous and number > previous + 1:
                lines.append(ResultLine(GAP, host, 0, "┈"))
            kind, text = numbered[number]
            lines.append(ResultLine(kind, host, number, text))
            previous = number
    return lines


class ConfigSearchView(LineView):
    """The rows of :func:`result_lines`; `enter` in the screen opens the row's device."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Nothing found.", id=id)
        self.rows: Sequence[ResultLine] = ()
        self.pattern: UserPattern | None = None

    @property
    def line_count(self) -> int:
        return len(self.rows)

    def show(
        self, rows: Sequence[ResultLine], pattern: UserPattern | None, empty_text: str
    ) -> None:
        self.rows = rows
        self.pattern = pattern
        self.empty_text = empty_text
        longest = max((len(row.text) for row in rows), default=0)
        self.content_changed(longest + 10)
        first_hit = next((index for index, row in enumerate(rows) if row.kind == HIT), 0)
        self.move_cursor(first_hit)
        self.scroll_to(y=0, animate=False, immediate=True)

    def line_text(self, index: int) -> Text:
        row = self.rows[index]
        if row.kind == HEADER:
            return Text(f"▸ {row.text}", style="bold")
        if row.kind == MISSING:
            return Text.assemble(("  ✗ ", "bold red"), (row.text, "bold"))
        if row.kind == GAP:
            return Text("       ┈", style="dim")
        number = Text(f"  {row.line_number:>5} ", style="dim")
        if row.kind == CONTEXT:
            number.append(clean(row.text), style="dim")
            return number
        body = highlight_config(row.text)
        if self.pattern is not None:
            for start, end in self.pattern.spans(body.plain):
                body.stylize("reverse bold", start, end)
        number.stylize("bold")
        number.append_text(body)
        return number
