"""`t`: run the engine's connection check for one device and show each step as it finishes.

The host key step shows the fingerprint the device presents and whether it is the pinned one;
when it is not (first contact, or a changed key) and the user may edit, `T` pins it (after a
confirmation naming both fingerprints).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from netraven_tui.domain import ConnectionStep, Device, DeviceListing, HostKeySeen, NetRavenError
from netraven_tui.tui.connection import ConnectionTester
from netraven_tui.tui.modals.dialog import DialogScreen


class ConnectionCheckModal(DialogScreen[None]):
    """Steps stream in from a thread worker through post_message; `escape` closes (and cancels)."""

    BINDINGS = [Binding("escape,q", "close", "Close"), Binding("T", "trust", "Trust key")]

    class StepDone(Message):
        """One step of the check finished."""

        def __init__(self, step: ConnectionStep) -> None:
            super().__init__()
            self.step = step

    class Finished(Message):
        """The check ended (``error`` when it could not run to the end)."""

        def __init__(self, error: str | None = None) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        device: Device | DeviceListing,  # the id, hostname, address and port
        tester: ConnectionTester,
        trust: Callable[[int, HostKeySeen], object] | None = None,
    ) -> None:
        super().__init__()
        self.device = device
        self.tester = tester
        self.trust = trust  # None: the user may not trust keys (viewer), or no engine
        self.candidate: HostKeySeen | None = None  # a presented key that is not the pinned one
        self.steps = Text()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"Connection test · {self.device.hostname} ({self.device.address}:"
                f"{self.device.port})",
                classes="dialog-title",
            )
            with VerticalScroll():
                yield Static("", id="connection-steps")
            yield Static("testing…", id="connection-state", classes="dialog-note")
            yield Static("esc to close", id="connection-help", classes="dialog-help")

    def on_mount(self) -> None:
        self._run(self.device.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="connection-check")
    def _run(self, device_id: int) -> None:
        worker = get_current_worker()
        try:
            for step in self.tester(device_id):
                if worker.is_cancelled:
                    return
                self.post_message(self.StepDone(step))
        except NetRavenError as error:
            self.post_message(self.Finished(str(error)))
            return
        self.post_message(self.Finished())

    def on_connection_check_modal_step_done(self, message: StepDone) -> None:
        step = message.step
        self.steps.append("✓ " if step.ok else "✗ ", style="bold green" if step.ok else "bold red")
        self.steps.append(step.label)
        if step.detail:
            self.steps.append(f"  {step.detail}", style="dim")
        self.steps.append("\n")
        self.query_one("#connection-steps", Static).update(self.steps)
        if step.host_key is not None and not step.pinned and self.trust is not None:
            self.candidate = step.host_key
            self.query_one("#connection-help", Static).update(
                "T trust this host key · esc to close"
            )

    def on_connection_check_modal_finished(self, message: Finished) -> None:
        state = self.query_one("#connection-state", Static)
        state.update(
            Text(f"failed: {message.error}", style="bold red")
            if message.error
            else Text("done", style="bold")
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "trust":
            return self.trust is not None and self.candidate is not None
        return True

    def action_trust(self) -> None:
        key, trust = self.candidate, self.trust
        if key is None or trust is None:
            return
        from netraven_tui.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                trust(self.device.id, key)
            except NetRavenError as error:
                self.notify(str(error), severity="error")
                return
            self.candidate = None
            self.query_one("#connection-help", Static).update("esc to close")
            self.notify(f"host key of {self.device.hostname} trusted: {key.fingerprint}")

        self.app.push_screen(
            ConfirmModal(
                f"Trust the host key {self.device.hostname} presents now?",
                f"{key.describe()}\nCompare it with the device's own (IOS: show ip ssh). It "
                "replaces any pinned key; the change is audited.",
                yes="Trust",
            ),
            answered,
        )

    def action_close(self) -> None:
        self.workers.cancel_group(self, "connection-check")
        self.dismiss(None)
