"""`?`: every key that works on the current screen, built from its active bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from netraven_tui.domain import Role
from netraven_tui.tui.areas import AREAS
from netraven_tui.tui.modals.dialog import DialogScreen

NAVIGATION = [
    (":name", "switch area by name, e.g. :devices (tab completes)"),
    ("ctrl+p", "command palette: areas and the actions of this screen"),
    ("j k g G", "down, up, first, last row in tables"),
]


# Textual's generic keys that add nothing for an operator reading the help.
NOISE = frozenset(
    {
        "scroll_left",
        "scroll_right",
        "page_left",
        "page_right",
        "focus_next",
        "app.focus_next",
        "app.focus_previous",
        "focus_previous",
        "copy_text",
        "screen.copy_text",
        "app.copy_text",
        "command_palette",
        "app.command_palette",
    }
)


class HelpModal(DialogScreen[None]):
    """Lists the bindings of ``screen`` that the user may use right now."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, screen: Screen[object], title: str, role: Role | None = None) -> None:
        super().__init__()
        self.target = screen
        self.help_title = title
        self.role = role  # None before login: the areas every role has

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Help · {self.help_title}", classes="dialog-title")
            with VerticalScroll():
                yield Static(self._keys(), id="help-keys")
            yield Static("esc, q or ? to close", classes="dialog-help")

    def _keys(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=10)
        table.add_column()
        groups: dict[str, list[tuple[str, str]]] = {
            "This screen": [],
            "In tables": [],
            "Everywhere": [],
        }
        actions: dict[tuple[int, str], list[str]] = {}
        first: dict[tuple[int, str], tuple[str, Binding]] = {}
        for key, active in self.target.active_bindings.items():
            binding = active.binding
            if not active.enabled or key.isdigit() or binding.action in NOISE:
                continue
            ident = (id(active.node), binding.action)
            actions.setdefault(ident, []).append(self.app.get_key_display(binding))
            if ident not in first:
                group = (
                    "Everywhere"
                    if active.node is self.app
                    else "This screen"
                    if active.node is self.target
                    else "In tables"
                )
                first[ident] = (group, binding)
        for ident, (group, binding) in first.items():
            label = binding.description or binding.action.replace("_", " ")
            groups[group].append((" ".join(dict.fromkeys(actions[ident])), label))
        for group, rows in groups.items():
            if not rows:
                continue
            table.add_row(Text(group, style="bold underline"), "")
            for keys, label in rows:
                table.add_row(keys, label)
        table.add_row(Text("Navigation", style="bold underline"), "")
        for keys, what in [*area_keys(self.role), *NAVIGATION]:
            table.add_row(keys, Text(what, style="dim"))
        return table


def area_keys(role: Role | None) -> list[tuple[str, str]]:
    """The number keys of the areas ``role`` may open: `1-9` for those in the top line, then
    each of the others (`0` notifications, for admins)."""
    areas = [a for a in AREAS if (a.allowed(role) if role is not None else not a.admin_only)]
    in_bar = [a for a in areas if a.in_bar]
    rows = [
        (
            f"{in_bar[0].key}-{in_bar[-1].key}",
            "switch area: " + ", ".join(f"{a.key} {a.name}" for a in in_bar),
        )
    ]
    rows += [(a.key, a.name) for a in areas if not a.in_bar]
    return rows
