"""The top line: the areas with their number keys, the current one marked, and who is logged in."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from netraven_tui.domain import Actor
from netraven_tui.tui.areas import AREAS


class AreaBar(Static):
    """`NetRaven  1 Dashboard 2 Devices …   alice (admin)`, cut to fit narrow terminals."""

    DEFAULT_CSS = """
    AreaBar { height: 1; background: $primary-background; color: $text; }
    """

    def __init__(self, current: str, actor: Actor) -> None:
        super().__init__(id="area-bar")
        self.current = current
        self.actor = actor

    def render(self) -> Text:
        width = self.size.width or 80
        who = Text(f" {self.actor.name} ({self.actor.role}) ", style="bold")
        room = width - who.cell_len
        # The widest form that fits: full titles, then short ones but the current area's, then
        # short ones throughout (cut only when even that does not fit).
        for full, current_full in ((True, True), (False, True), (False, False)):
            line = self._line(full, current_full)
            if line.cell_len <= room:
                break
        line.truncate(max(room, 0))
        line.pad_right(max(room - line.cell_len, 0))
        return line + who

    def _line(self, full: bool, current_full: bool) -> Text:
        line = Text(" NetRaven " if full else "", style="bold reverse")
        for area in AREAS:
            current = area.name == self.current
            if not area.allowed(self.actor.role) or not (area.in_bar or current):
                continue
            label = area.title if full or (current and current_full) else area.short
            style = "bold reverse" if current else ""
            line.append(" ")
            line.append(f"{area.key}", style=style if style else "bold")
            line.append(f" {label}", style=style)
        return line
