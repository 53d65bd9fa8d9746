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
        compact = width < 100
        who = Text(f" {self.actor.name} ({self.actor.role}) ", style="bold")
        line = Text("" if compact else " NetRaven ", style="bold reverse")
        for area in AREAS:
            if not area.allowed(self.actor.role) or not (area.in_bar or area.name == self.current):
                continue
            label = area.title if not compact or area.name == self.current else area.title[:4]
            style = "bold reverse" if area.name == self.current else ""
            line.append(" ")
            line.append(f"{area.key}", style=style if style else "bold")
            line.append(f" {label}", style=style)
        room = width - who.cell_len
        line.truncate(max(room, 0))
        line.pad_right(max(room - line.cell_len, 0))
        return line + who
