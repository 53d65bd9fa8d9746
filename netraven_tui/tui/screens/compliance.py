"""Compliance: every policy with its results counted by status.

`enter` lists the policy's device x rule results, `v` shows the policy as TOML, `c` evaluates
every policy now; admins import a policy file (`i`, replace by name) and delete policies (`d`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message

from netraven_tui.domain import ComplianceStatus, NetRavenError, PolicySummary
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.errors import report_error
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.screens.compliance_results import PolicyResultsScreen, PolicyTextScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (
    Column("Policy", 18),
    Column("Rules", 5),
    Column("Devices", 7),
    Column("OK", 6),
    Column("Failing", 7),
    Column("No cfg", 6),
    Column("Error", 5),
    Column("Targets"),
)
NO_RUNTIME = "compliance checks need the backup runtime (start the console with it)"
IMPORT_NOTE = (
    "A TOML file of [[policy]] tables (see README, 'Compliance policies'). Policies are "
    "replaced by name; a bad file changes nothing."
)


class PoliciesLoaded(Message):
    def __init__(self, summaries: list[PolicySummary]) -> None:
        super().__init__()
        self.summaries = summaries


class ComplianceDone(Message):
    """A check or an import finished in a worker (``text``: what to tell the operator)."""

    def __init__(self, text: str, error: NetRavenError | None = None) -> None:
        super().__init__()
        self.text = text
        self.error = error


def policy_row(summary: PolicySummary) -> Row:
    policy = summary.policy
    failing = summary.count(ComplianceStatus.NON_COMPLIANT)
    errors = summary.count(ComplianceStatus.ERROR)
    targets = ", ".join(policy.tags) if policy.tags else "all devices"
    if policy.platforms:
        targets += f" · {', '.join(policy.platforms)}"
    return Row(
        policy.name,
        (
            policy.name,
            str(len(policy.rules)),
            str(summary.devices),
            Text(str(summary.count(ComplianceStatus.COMPLIANT)), style="green"),
            Text(str(failing), style="bold red" if failing else "dim"),
            Text(str(summary.count(ComplianceStatus.NO_CONFIG)), style="dim"),
            Text(str(errors), style="bold yellow" if errors else "dim"),
            targets,
        ),
        sort_key=policy.name,
        search=f"{policy.name} {policy.description} {targets}".lower(),
        stamp=summary,
    )


class ComplianceScreen(AreaScreen):
    AREA = "compliance"
    TITLE = "Compliance"
    ADMIN_ACTIONS = frozenset({"import_policies", "delete"})
    BINDINGS = [
        Binding("enter", "results", "Results"),
        Binding("v", "view", "View"),
        Binding("c", "check", "Check now"),
        Binding("i", "import_policies", "Import"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: dict[str, PolicySummary] = {}
        self.busy = ""

    def compose_body(self) -> ComposeResult:
        yield RecordTable(
            COLUMNS, empty_text="No compliance policies yet (i imports a TOML file).", id="policies"
        )

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="compliance-policies")
    def _load(self) -> None:
        self.post_message(PoliciesLoaded(self.services.compliance.summaries()))

    @on(PoliciesLoaded)
    def _loaded(self, message: PoliciesLoaded) -> None:
        self.summaries = {s.policy.name: s for s in message.summaries}
        self.query_one(RecordTable).sync(policy_row(s) for s in message.summaries)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        failing = sum(s.count(ComplianceStatus.NON_COMPLIANT) for s in self.summaries.values())
        count = len(self.summaries)
        text = f"{count} {'policy' if count == 1 else 'policies'}"
        text += f", {failing} failing device x rule" if failing else ", nothing failing"
        return text + (f" · {self.busy}" if self.busy else "")

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.is_mounted:
            self.reload()  # a run may have changed results meanwhile

    # ------------------------------------------------------------------ actions

    @property
    def current(self) -> PolicySummary | None:
        key = self.query_one(RecordTable).cursor_key
        return self.summaries.get(key) if key is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check" and not self.role.can_edit:
            return False
        return super().check_action(action, parameters)

    def action_results(self) -> None:
        if self.current is not None:
            self.app.push_screen(PolicyResultsScreen(self.current.policy.name))

    def action_view(self) -> None:
        if self.current is not None:
            self.app.push_screen(PolicyTextScreen(self.current.policy.name))

    def action_check(self) -> None:
        runtime = self.host.runtime
        if runtime is None or runtime.compliance is None:
            self.notify(NO_RUNTIME, severity="warning")
            return
        self.busy = "checking…"
        self.set_status(self.status_text())
        self._run(lambda: _summary(runtime.compliance.evaluate()))

    def action_import_policies(self) -> None:
        runtime = self.host.runtime
        if runtime is None or runtime.compliance is None:
            self.notify(NO_RUNTIME, severity="warning")
            return

        def chosen(path: str | None) -> None:
            if path:
                self.busy = f"importing {path}…"
                self.set_status(self.status_text())
                self._run(lambda: self._import(path))

        self.app.push_screen(
            PromptModal(
                "Import compliance policies", IMPORT_NOTE, placeholder="e.g. policies.toml"
            ),
            chosen,
        )

    def _import(self, path: str) -> str:
        from pathlib import Path

        from netraven_tui.domain import ValidationError

        try:
            text = Path(path).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(path, f"cannot read the policy file: {error}") from None
        # As the logged-in user (admins only, audited), then evaluated on their targets.
        imported = self.services.compliance.import_text(text, path)
        runtime = self.host.runtime
        assert runtime is not None and runtime.compliance is not None
        for name in imported.changed:
            runtime.compliance.evaluate(policy=name)
        names = ", ".join((*imported.created, *imported.updated))
        return f"imported {names}" + ("" if imported.changed else " (unchanged)")

    def action_delete(self) -> None:
        summary = self.current
        if summary is None:
            return
        name = summary.policy.name

        def answered(yes: bool | None) -> None:
            if yes:

                def deleted(_result: object) -> None:
                    self.notify(f"policy {name} deleted")
                    self.reload()

                self.write_in_thread(
                    lambda: self.services.compliance.delete(name), deleted, doing="delete policy"
                )

        self.app.push_screen(
            ConfirmModal(
                f"Delete policy {name}?",
                f"{fmt.plural(len(summary.policy.rules), 'rule')} and their current results go; "
                "the history of status changes stays.",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="compliance-run")
    def _run(self, job) -> None:
        try:
            self.post_message(ComplianceDone(job()))
        except NetRavenError as error:
            self.post_message(ComplianceDone("", error))

    @on(ComplianceDone)
    def _done(self, message: ComplianceDone) -> None:
        self.busy = ""
        if message.error is not None:
            report_error(self.app, message.error)
        else:
            self.notify(message.text)
        self.reload()


def _summary(changes) -> str:
    failing = changes.count(ComplianceStatus.NON_COMPLIANT)
    return (
        f"checked {changes.evaluated} device x rule pairs: {failing} failing, "
        f"{fmt.plural(len(changes.changes), 'status change')}"
    )
