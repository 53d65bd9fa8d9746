"""A policy's results (one row per device x rule, failing first), one result with its offending
lines marked in the configuration, and the policy itself as TOML. Pushed over the Compliance
area; `escape`/`q` walks back."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from netraven_tui.domain import ComplianceResult, ComplianceStatus
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.screens.config_base import ConfigSubScreen
from netraven_tui.tui.widgets.compliance_view import MarkedConfigView
from netraven_tui.tui.widgets.config_view import ConfigView
from netraven_tui.tui.widgets.diff_model import next_change
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (
    Column("Hostname", 18),
    Column("Rule", 18),
    Column("Status", 13),
    Column("Detail"),
)
STATUS_STYLE = {
    ComplianceStatus.COMPLIANT: "green",
    ComplianceStatus.NON_COMPLIANT: "bold red",
    ComplianceStatus.NO_CONFIG: "dim",
    ComplianceStatus.ERROR: "bold yellow",
}
ORDER = {
    ComplianceStatus.NON_COMPLIANT: 0,
    ComplianceStatus.ERROR: 1,
    ComplianceStatus.NO_CONFIG: 2,
    ComplianceStatus.COMPLIANT: 3,
}


def status_text(status: ComplianceStatus) -> Text:
    return Text(status.value.replace("_", "-"), style=STATUS_STYLE[status])


def result_row(result: ComplianceResult) -> Row:
    detail = result.detail.split("\n", 1)[0]
    return Row(
        (result.hostname, result.rule),
        (result.hostname, result.rule, status_text(result.status), detail),
        sort_key=(ORDER[result.status], result.hostname.lower(), result.rule),
        search=f"{result.hostname} {result.rule} {result.status.value} {result.detail}".lower(),
        stamp=result,
    )


class ComplianceSubScreen(ConfigSubScreen):
    AREA = "compliance"
    TITLE = "Compliance"


class PolicyResultsScreen(ComplianceSubScreen):
    BINDINGS = [Binding("enter", "open", "Open")]

    def __init__(self, policy: str) -> None:
        super().__init__(f"Compliance › {policy}")
        self.policy = policy
        self.results: dict[tuple[str, str], ComplianceResult] = {}

    def compose_body(self) -> ComposeResult:
        yield RecordTable(COLUMNS, empty_text="No results yet (c checks now).", id="results")

    def read(self) -> Any:
        return self.services.compliance.results(policy=self.policy)

    def loaded(self, payload: list[ComplianceResult]) -> None:
        self.results = {(r.hostname, r.rule): r for r in payload}
        self.query_one(RecordTable).sync(result_row(r) for r in payload)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        counts = {status: 0 for status in ComplianceStatus}
        for result in self.results.values():
            counts[result.status] += 1
        devices = len({hostname for hostname, _ in self.results})
        shown = ", ".join(f"{n} {s.value.replace('_', '-')}" for s, n in counts.items() if n)
        return f"{fmt.plural(devices, 'device')}: {shown or 'no results'}"

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.is_mounted and self.loading_done:
            self.reload()

    def action_open(self) -> None:
        key = self.query_one(RecordTable).cursor_key
        result = self.results.get(key) if key is not None else None
        if result is not None:
            self.app.push_screen(ComplianceResultScreen(result))


class ComplianceResultScreen(ComplianceSubScreen):
    """The configuration the rule was evaluated on, its offending lines marked."""

    BINDINGS = [
        Binding("n", "jump(1)", "Next offending"),
        Binding("N", "jump(-1)", "Previous", show=False),
    ]

    def __init__(self, result: ComplianceResult) -> None:
        super().__init__(f"Compliance › {result.hostname} › {result.rule}")
        self.result = result
        self.note = ""

    def compose_body(self) -> ComposeResult:
        yield Static(self._header(), id="compliance-detail")
        yield MarkedConfigView(id="config-view")

    def focus_content(self) -> None:
        self.query_one(MarkedConfigView).focus()

    def _header(self) -> Text:
        result = self.result
        lines = result.detail.split("\n")
        shown = lines[:3] + (
            [f"… {len(lines) - 3} more (see the marked lines)"] if len(lines) > 3 else []
        )
        return Text.assemble(
            status_text(result.status), f"  {result.policy}/{result.rule}  ", "\n".join(shown)
        )

    def read(self) -> Any:
        if self.host.runtime is None:
            return None
        _item, text = self.browser.show(self.result.hostname, None)
        return text

    def loaded(self, payload: str | None) -> None:
        view = self.query_one(MarkedConfigView)
        if payload is None:
            self.note = "no configuration stored"
        else:
            view.show_marked(payload, self.result.lines)
            current = _sha256(payload)
            if self.result.config_sha256 and current != self.result.config_sha256:
                self.note = "the configuration changed since this result (c checks again)"
        self.set_status(self.status_text())

    def status_text(self) -> str:
        marked = len(self.query_one(MarkedConfigView).marked_indices)
        age = fmt.age(self.result.evaluated_at, self.host.clock())
        text = "checked just now" if age == "now" else f"checked {age} ago"
        if marked:
            text += f" · {marked} marked (n/N)"
        return text + (f" · {self.note}" if self.note else "")

    def action_jump(self, step: int) -> None:
        view = self.query_one(MarkedConfigView)
        index = next_change(view.marked_indices, view.cursor, step > 0)
        if index is not None:
            view.move_cursor(index, center=True)


class PolicyTextScreen(ComplianceSubScreen):
    """A policy as the TOML `compliance export` writes (what `i` imports back)."""

    def __init__(self, policy: str) -> None:
        super().__init__(f"Compliance › {policy} (TOML)")
        self.policy = policy

    def compose_body(self) -> ComposeResult:
        yield ConfigView(id="config-view")

    def focus_content(self) -> None:
        self.query_one(ConfigView).focus()

    def read(self) -> Any:
        return self.services.compliance.export_text([self.policy])

    def loaded(self, payload: str) -> None:
        self.query_one(ConfigView).show(payload)
        self.set_status("export with: netraven-tui compliance export --policy " + self.policy)


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()
