"""`t`: run the engine's connection check for one device and show each step as it finishes."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from netraven_tui.domain import ConnectionStep, Device, NetRavenError
from netraven_tui.tui.connection import ConnectionTester
from netraven_tui.tui.modals.dialog import DialogScreen


class ConnectionCheckModal(DialogScreen[None]):
    """Steps stream in from a thread worker through post_message; `escape` closes (and cancels)."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

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

    def __init__(self, device: Device, tester: ConnectionTester) -> None:
        super().__init__()
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

    def on_connection_check_modal_finished(self, message: Finished) -> None:
        state = self.query_one("#connection-state", Static)
        state.update(
            Text(f"failed: {message.error}", style="bold red")
            if message.error
            else Text("done", style="bold")
        )

    def action_close(self) -> None:
        self.workers.cancel_group(self, "connection-check")
        self.dismiss(None)
