"""Configs: configuration history and diffs. A placeholder until the backup engine exists."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from netraven_tui.tui.screens.base import AreaScreen

PLACEHOLDER = (
    "Configuration history arrives with the backup engine.\n\n"
    "Each backup will be committed to the git repository (configs/<hostname>.cfg); this screen "
    "will list the versions per device, show diffs between them and search across them."
)


class Placeholder(Static, can_focus=True):
    """Focusable, so the screen's keys (`:`, `q`, numbers) work while nothing else is there."""


class ConfigsScreen(AreaScreen):
    AREA = "configs"
    TITLE = "Configs"

    def compose_body(self) -> ComposeResult:
        yield Placeholder(PLACEHOLDER, id="configs-placeholder", classes="placeholder")

    def status_text(self) -> str:
        return "not available yet"

    def reload(self) -> None:
        self.set_status(self.status_text())

    def focus_content(self) -> None:
        self.query_one(Placeholder).focus()
