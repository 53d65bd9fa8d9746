"""Where the console's database calls run: one rule for every screen and modal.

The rule: a call into the services or the runtime that may touch the database, the git
repository or the network runs in a thread worker, declared in full
(``@work(thread=True, exclusive=True, exit_on_error=False, group=...)``, or through
:class:`ServiceCalls` below). The worker posts a message to its own screen, and that message's
handler applies the result on the UI thread. Workers never touch a widget and never use
``call_from_thread`` (it blocks, and raises once the app has exited).

- A load (the rows of a table, a run, a log window) is a worker with a typed message nested in
  the screen that posts it, or :meth:`ServiceCalls.read_in_thread`; a newer load of the same
  group supersedes an older one, whose result is dropped.
- A change (save, delete, enable, run now) is :meth:`ServiceCalls.write_in_thread`: it is never
  superseded, so every change that was asked for finishes and reports. Its result is shown in
  place (the row upserted or removed), without waiting for a reload.
- A table load that started before one of the screen's own changes went through may have read
  the table before that change: it is stale (:meth:`ServiceCalls.is_stale`), is dropped, and the
  screen reads again, so an old read never brings back a row that was just deleted.
- A refusal (``NetRavenError``: validation, permission, not found) comes back as a notification
  or to the ``refused`` callback (a form shows it by its field); anything else reaches the log
  file and a notification through the worker's error state.
- Memory-only calls (the runner's active runs, the scheduler's leader flag, cancelling a run)
  and the platform names (from the settings) may run on the UI thread.
- The one read before the UI thread exists: :func:`~netraven_tui.tui.app.build_app` asks
  whether any user exists, so the login screen knows at once whether anyone can log in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from netraven_tui.domain import NetRavenError
from netraven_tui.tui.errors import report_error

T = TypeVar("T")
READS = "read"
WRITES = "write"


class ServiceCalls:
    """Mixin for screens and modals: run a service call in a thread worker, then apply its
    result here, on the UI thread (see the module docstring for the rule)."""

    changes = 0  # writes of this screen that went through; a load remembers the count it saw

    class Done(Message, bubble=False):
        """A call finished: ``apply(result)`` on the UI thread."""

        def __init__(
            self, apply: Callable[[Any], object] | None, result: object, write: bool
        ) -> None:
            super().__init__()
            self.apply = apply
            self.result = result
            self.write = write

    class Refused(Message, bubble=False):
        """The services refused a call (``NetRavenError``)."""

        def __init__(
            self,
            error: NetRavenError,
            doing: str,
            refused: Callable[[NetRavenError], object] | None,
        ) -> None:
            super().__init__()
            self.error = error
            self.doing = doing
            self.refused = refused

    def read_in_thread(
        self, read: Callable[[], T], then: Callable[[T], object], *, doing: str
    ) -> None:
        """Run ``read`` in a thread, then ``then(result)`` here; a newer read supersedes it."""
        self.run_worker(  # type: ignore[attr-defined]
            partial(self._call, read, then, doing, None, True),
            name=doing,
            group=READS,
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def write_in_thread(
        self,
        write: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        doing: str,
        refused: Callable[[NetRavenError], object] | None = None,
    ) -> None:
        """Run ``write`` in a thread, then ``then(result)`` here. Never superseded: every
        change asked for finishes and reports (``refused(error)`` or a notification)."""
        self.run_worker(  # type: ignore[attr-defined]
            partial(self._call, write, then, doing, refused, False),
            name=doing,
            group=WRITES,
            thread=True,
            exclusive=False,
            exit_on_error=False,
        )

    def _call(
        self,
        call: Callable[[], T],
        then: Callable[[T], object] | None,
        doing: str,
        refused: Callable[[NetRavenError], object] | None,
        droppable: bool,
    ) -> None:  # worker thread
        try:
            result = call()
        except NetRavenError as error:
            self.post_message(self.Refused(error, doing, refused))  # type: ignore[attr-defined]
            return
        if droppable and get_current_worker().is_cancelled:
            return  # superseded by a newer read: its result is the one to show
        self.post_message(self.Done(then, result, not droppable))  # type: ignore[attr-defined]

    def note_change(self) -> None:
        """A change went through elsewhere (a form dialog saved): loads begun before are stale."""
        self.changes += 1

    def is_stale(self, seen: int) -> bool:
        """True when a change went through since a load that saw ``changes == seen`` began
        (UI thread): what it read may predate the change."""
        return seen != self.changes

    def on_service_calls_done(self, message: Done) -> None:
        if message.write:
            self.changes += 1
        if message.apply is not None:
            message.apply(message.result)

    def on_service_calls_refused(self, message: Refused) -> None:
        if message.refused is not None:
            message.refused(message.error)
        else:
            report_error(self.app, message.error, message.doing)  # type: ignore[attr-defined]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected error in any of this screen's workers: a notification and the log."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report_error(self.app, event.worker.error, event.worker.name)  # type: ignore[attr-defined]
