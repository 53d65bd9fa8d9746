"""Job runs of a served session, run by the `netraven-tui serve` process instead of the session.

A console or a `job run` started for an SSH user asks the server to run the job, and follows
it through the events the server forwards; the run belongs to the server, so closing the
session or losing the connection never stops or cancels it. It offers the part of
:class:`~netraven_tui.runtime.runner.JobRunner` that the console and the CLI use.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from netraven_tui.domain import JobRun, NetRavenError
from netraven_tui.runtime.events import Event, EventBus, LogAppended, RunFinished, RunStarted
from netraven_tui.serve.link import LinkError, SessionLink

_EARLY_EVENTS = 10_000  # events kept while `run` waits to learn its run id


class SessionRunner:
    """Starts, cancels and waits for runs through the session's link to the server."""

    def __init__(self, link: SessionLink, bus: EventBus | None = None, every_run: bool = False):
        """``every_run``: relay every run's events to ``bus`` (a console); otherwise ``bus``
        sees only the run that :meth:`run` waits for (the CLI's progress bar)."""
        self.link = link
        self.bus = bus or EventBus()
        self._done = threading.Condition()
        self._finished: dict[int, JobRun] = {}
        link.events.subscribe(self._on_event)
        if every_run:
            link.events.subscribe(self.bus.publish)

    def start(
        self, job_key: int | str, trigger: str = "manual", triggered_by: str | None = None
    ) -> int:
        """Have the server run the job now; returns the run id at once."""
        answer = self.link.request("start", job=job_key, trigger=trigger)
        return int(answer["run"])

    def run(
        self, job_key: int | str, trigger: str = "manual", triggered_by: str | None = None
    ) -> JobRun:
        """Start the job on the server and wait until it finishes; this session's bus only sees
        that run's events (the console's bus sees every run's)."""
        early: deque[Event] = deque(maxlen=_EARLY_EVENTS)
        wanted: list[int] = []
        order = threading.Lock()  # early events replayed before any later one is relayed

        def follow(event: Event) -> None:
            with order:
                if not wanted:
                    early.append(event)
                elif _run_of(event) == wanted[0]:
                    self.bus.publish(event)

        unsubscribe = self.link.events.subscribe(follow)
        try:
            run_id = self.start(job_key, trigger, triggered_by)
            with order:
                wanted.append(run_id)
                for event in early:
                    if _run_of(event) == run_id:
                        self.bus.publish(event)
            return self.wait(run_id)
        finally:
            unsubscribe()

    def cancel(self, run_id: int) -> bool:
        """Ask the server to cancel a run it is running."""
        return bool(self.link.request("cancel", run=run_id).get("cancelled"))

    def wait(self, run_id: int, timeout: float | None = None) -> JobRun:
        """The finished run, once the server reports it finished."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._done:
            while run_id not in self._finished:
                if self.link.closed:
                    raise LinkError(
                        f"the link to `netraven-tui serve` closed while run {run_id} was going"
                    )
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise NetRavenError(f"run {run_id} still going after {timeout} s")
                self._done.wait(1.0 if left is None else min(left, 1.0))
            return self._finished[run_id]

    def is_running(self, job_id: int) -> bool:
        return job_id in set(self.link.running.values())

    def active_runs(self) -> list[int]:
        """Runs the server is running now: their events reach this session."""
        return list(self.link.running)

    def shutdown(self, grace_seconds: float) -> list[int]:
        """Nothing to stop: the runs belong to the server and go on without this session."""
        return []

    def _on_event(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            with self._done:
                self._finished[event.run.id] = event.run
                while len(self._finished) > 1000:
                    self._finished.pop(next(iter(self._finished)))
                self._done.notify_all()


def _run_of(event: Event) -> int | None:
    if isinstance(event, RunStarted | RunFinished):
        return event.run.id
    if isinstance(event, LogAppended):
        return event.entry.run_id
    return getattr(event, "run_id", None)
