"""One configuration version with syntax colours, and the diff between two versions."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from netraven_tui.runtime.configs import NumberedVersion
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.screens.config_base import ConfigSubScreen, compile_pattern
from netraven_tui.tui.widgets.command_bar import CommandBar
from netraven_tui.tui.widgets.config_view import ConfigView
from netraven_tui.tui.widgets.diff_model import ConfigDiff, build_diff, next_change
from netraven_tui.tui.widgets.diff_view import DiffView


def version_label(item: NumberedVersion) -> str:
    return f"v{item.number} ({fmt.timestamp(item.version.created_at)})"


class ConfigViewScreen(ConfigSubScreen):
    """``ref`` None is the latest version; ``line`` puts the cursor on that line number."""

    BINDINGS = [
        Binding("n", "find(1)", "Next match", show=False),
        Binding("N", "find(-1)", "Prev match", show=False),
        Binding("d", "diff", "Diff previous"),
    ]

    def __init__(self, hostname: str, ref: int | None, line: int = 1) -> None:
        super().__init__(f"Configs › {hostname}")
        self.hostname = hostname
        self.ref = ref
        self.line = line
        self.item: NumberedVersion | None = None
        self.found = ""

    def compose_body(self) -> ComposeResult:
        yield ConfigView(id="config-view")

    def focus_content(self) -> None:
        self.query_one(ConfigView).focus()

    def read(self) -> Any:
        return self.browser.show(self.hostname, self.ref)

    def loaded(self, payload: tuple[NumberedVersion, str]) -> None:
        self.item, text = payload
        self.query_one(ConfigView).show(text, self.line)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        if self.item is None:
            return "loading…"
        version = self.item.version
        text = (
            f"v{self.item.number} · {fmt.timestamp(version.created_at)} · "
            f"{fmt.plural(version.lines, 'line')}"
        )
        return text + (f" · {self.found}" if self.found else " · / finds")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return True
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        view = self.query_one(ConfigView)
        self.query_one(CommandBar).open("filter", view.find.text if view.find else "")

    @on(CommandBar.FilterChanged)
    def _find_typed(self, event: CommandBar.FilterChanged) -> None:
        view = self.query_one(ConfigView)
        count = view.set_find(compile_pattern(event.text))
        self.found = f"{count} match{'es' if count != 1 else ''} (n/N)" if event.text else ""
        if count:
            self.action_find(1, from_line=view.cursor - 1)
        self.set_status(self.status_text())

    def action_find(self, step: int, from_line: int | None = None) -> None:
        view = self.query_one(ConfigView)
        index = next_change(view.matches, view.cursor if from_line is None else from_line, step > 0)
        if index is not None:
            view.move_cursor(index, center=True)

    def action_diff(self) -> None:
        if self.item is not None:
            self.app.push_screen(ConfigDiffScreen(self.hostname, None, self.item.number))


class ConfigDiffScreen(ConfigSubScreen):
    """``old`` None compares with the version before ``new``; ``new`` None is the latest."""

    BINDINGS = [Binding("s", "layout", "Layout")]

    def __init__(self, hostname: str, old: int | None, new: int | str | None) -> None:
        # ``new`` may be a commit id: a run's changed row opens the version that run made.
        super().__init__(f"Configs › {hostname} › diff")
        self.hostname = hostname
        self.old = old
        self.new = new
        self.diff: ConfigDiff | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="diff-header")
        yield DiffView(id="diff-view")

    def focus_content(self) -> None:
        self.query_one(DiffView).focus()

    def read(self) -> Any:
        browser = self.browser
        new_item, new_text = browser.show(self.hostname, self.new)
        if self.old is None and new_item.number == 1:
            old_label, old_text = "(nothing before v1)", ""
        else:
            old_ref = self.old if self.old is not None else new_item.number - 1
            old_item, old_text = browser.show(self.hostname, old_ref)
            old_label = version_label(old_item)
        names = browser.section_names(self.hostname, new_text)
        return build_diff(
            old_text, new_text, old_label, version_label(new_item), section_name=names
        )

    def loaded(self, payload: ConfigDiff) -> None:
        self.diff = payload
        self.query_one(DiffView).show(payload)
        self._header()
        self.set_status(self.status_text())

    def on_resize(self) -> None:
        self.call_after_refresh(self._refresh_labels)

    def action_layout(self) -> None:
        self.query_one(DiffView).action_toggle_split()
        self._refresh_labels()

    def _refresh_labels(self) -> None:
        self._header()
        self.set_status(self.status_text())

    def _header(self) -> None:
        if self.diff is None:
            return
        view = self.query_one(DiffView)
        old = Text(f"--- {self.diff.old_label}", style="bold red")
        new = Text(f"+++ {self.diff.new_label}", style="bold green")
        if view.split:
            half = max((view.scrollable_content_region.width - 1) // 2, 10)
            old.truncate(half, pad=True)
            header = Text.assemble(old, " ", new)
        else:
            header = Text.assemble(old, "   ", new)
        self.query_one("#diff-header", Static).update(header)

    def status_text(self) -> str:
        if self.diff is None:
            return "loading…"
        diff = self.diff
        if diff.same:
            return "no differences"
        split = self.query_one(DiffView).split
        layout = "side by side (s) · ←→ scroll" if split else "unified (s)"
        changes = fmt.plural(len(diff.unified_changes), "change")
        return f"+{diff.added} -{diff.removed} in {changes} · {layout} · n/N jump"
