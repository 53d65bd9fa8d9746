"""`t`: run the engine's connection test for one device and show each step as it finishes."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from netraven_tui.domain import Device, NetRavenError
from netraven_tui.tui.connection import ConnectionTester
from netraven_tui.tui.errors import GuardedHandlers
from netraven_tui.tui.messages import ConnectionStepDone, ConnectionTestFinished


class ConnectionTestModal(GuardedHandlers, ModalScreen[None]):
    """Steps stream in from a thread worker through post_message; `escape` closes (and cancels)."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, device: Device, tester: ConnectionTester) -> None:
        super().__init__(classes="connection-modal")
        self.device = device
        self.tester = tester
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
            yield Static("esc to close", classes="dialog-help")

    def on_mount(self) -> None:
        self._run(self.device.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="connection-test")
    def _run(self, device_id: int) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        try:
            for step in self.tester(device_id):
                if worker.is_cancelled:
                    return
                self.post_message(ConnectionStepDone(step))
        except NetRavenError as error:
            self.post_message(ConnectionTestFinished(str(error)))
            return
        self.post_message(ConnectionTestFinished())

    def on_connection_step_done(self, message: ConnectionStepDone) -> None:
        step = message.step
        self.steps.append("✓ " if step.ok else "✗ ", style="bold green" if step.ok else "bold red")
        self.steps.append(step.label)
        if step.detail:
            self.steps.append(f"  {step.detail}", style="dim")
        self.steps.append("\n")
        self.query_one("#connection-steps", Static).update(self.steps)

    def on_connection_test_finished(self, message: ConnectionTestFinished) -> None:
        state = self.query_one("#connection-state", Static)
        state.update(
            Text(f"failed: {message.error}", style="bold red")
            if message.error
            else Text("done", style="bold")
        )

    def action_close(self) -> None:
        self.workers.cancel_group(self, "connection-test")
        self.dismiss(None)
