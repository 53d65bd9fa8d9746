"""Device captures in worker processes (threads inside each); the run's process keeps the rest.

Old SSH key exchange (DH group14 with an RSA host key, as on IOS 15) costs tens of
milliseconds of client CPU per device in Python (paramiko's modular exponentiation holds the
GIL), so one process tops out at a few tens of devices a second whatever its thread count.
Here ``processes`` children each run ``threads`` capture threads: they log in, capture, strip
noise and mask, and send back the text. The run's own thread compares, stages the blobs,
writes the database and makes the one commit, as with the thread executor.

The children come from a fork server started once per process (``forkserver``: a clean
parent with Netmiko already imported, never a fork of this multi-threaded one). Credentials
reach them over the pipe, in memory only.

Each child has a pipe of its own, and this process hands out the devices (a child holds its
threads' worth plus a few, refilled as each capture comes back): nothing is shared between
processes but those pipes. A
shared ``multiprocessing.Queue`` or ``Event`` would not do: they hold a cross-process lock, and a
child killed while holding it (kill -9, the OOM killer) would hang every other child and the run.
A child that dies fails the devices it was capturing (``internal``, naming its pid); those it
had not started go to the other children; the run goes on.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from multiprocessing.connection import Connection, wait

from netraven_tui.domain import DeviceCapture, DeviceOutcome, DeviceTarget, ErrorKind, JobRun
from netraven_tui.runtime.device_work import DeviceWork, perform
from netraven_tui.runtime.executors.base import Started, guarded_accept, guarded_task, skipped
from netraven_tui.runtime.executors.process_helpers import start_helpers
from netraven_tui.runtime.plans.base import RunPlan

log = logging.getLogger(__name__)

# Below this many devices the children's start (~0.1 s from the fork server, more the first
# time) is not worth it: the run stays on threads.
MIN_DEVICES = 16

_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


def process_context() -> multiprocessing.context.BaseContext:
    """The fork-server context, with the capture modules preloaded in the server."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([__name__, "netmiko"])
            _context = ctx
    # Every time, not once: the tracker or the server may have died (then it is restarted);
    # when both run this is two cheap checks.
    start_helpers()
    with _context_lock:
        return _context


def prestart(settings) -> None:
    """Start the fork server now when a backup would use it (``settings``: config.Settings).

    Its Netmiko import (about a second) then runs in its own process while this one opens the
    database. A server that cannot start is left to the run, which reports it."""
    if settings.processes <= 1 or settings.uses_collectors:
        return
    try:
        process_context()  # starts the resource tracker and the fork server
    except Exception:  # noqa: BLE001 - the run starts it again and says what is wrong
        log.debug("the fork server did not start early", exc_info=True)


class ProcessExecutor:
    name = "processes"

    def __init__(self, processes: int, threads: int) -> None:
        self.processes = processes
        self.threads = threads

    def run(
        self,
        run: JobRun,
        plan: RunPlan,
        targets: Sequence[DeviceTarget],
        cancel: threading.Event,
        started: Started,
        tick: float,
    ) -> Iterator[list[DeviceOutcome]]:
        """Every target's work in the children; ``plan.accept`` here as each comes back."""
        ctx = process_context()
        by_index = dict(enumerate(targets))
        inline: list[DeviceOutcome] = []
        todo: deque[int] = deque()
        work_of: dict[int, DeviceWork] = {}
        for index, device in by_index.items():
            work = plan.work(device)
            if work is None:  # nothing to send (e.g. an unknown platform): fails here at once
                inline.append(guarded_task(plan, device, cancel, started))
                continue
            work_of[index] = work
            todo.append(index)
        count = max(1, min(self.processes, -(-len(todo) // max(1, self.threads))))
        children: list[_Child] = []
        for n in range(count):
            ours, theirs = ctx.Pipe()
            process = ctx.Process(
                target=serve_captures,
                args=(theirs, self.threads),
                name=f"run{run.id}-capture{n}",
                daemon=True,
            )
            process.start()
            theirs.close()  # the child's end lives in the child only: EOF when it dies
            children.append(_Child(process, ours))
        yield inline
        board = _Board(children, todo, work_of, plan, started, by_index, depth(self.threads))
        try:
            while board.pending:
                if cancel.is_set():
                    board.stop()
                yield board.receive(tick)
        finally:
            for child in children:
                child.send(None)  # no more work: finish and exit
            for child in children:
                child.process.join(timeout=5)
                if child.process.is_alive():
                    child.process.kill()
                    child.process.join(timeout=5)
                child.conn.close()


def depth(threads: int) -> int:
    """Devices handed to a child at once: its threads' plus a few waiting, so a thread that
    finishes finds its next device there (refilled as each capture comes back)."""
    return threads + max(2, threads // 2)


class _Child:
    """One worker process as this process sees it: its pipe and the devices handed to it."""

    def __init__(self, process, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.pid = process.pid or 0
        self.alive = True
        self.given: set[int] = set()  # handed out, no capture back yet
        self.capturing: set[int] = set()  # of those, the ones it said it started

    def send(self, message) -> bool:
        if not self.alive:
            return False
        try:
            self.conn.send(message)
        except (OSError, ValueError):  # its end is gone: it died (noticed when reading)
            return False
        return True


class _Board:
    """Who holds which device: hands devices out, reads what comes back, copes with deaths."""

    def __init__(self, children, todo, work_of, plan, started, by_index, depth: int) -> None:
        self.children: list[_Child] = children
        self.todo: deque[int] = todo
        self.work_of: dict[int, DeviceWork] = work_of
        self.plan, self.started, self.by_index, self.depth = plan, started, by_index, depth
        self.pending: set[int] = set(todo)
        self.stopping = False
        self.killed = False  # a child was killed by a signal (the devices are `interrupted`)
        self.done: list[DeviceOutcome] = []
        for child in children:
            self.hand_out(child)

    def hand_out(self, child: _Child) -> None:
        """Top ``child`` up to ``depth`` devices (none once the run is cancelled)."""
        while self.todo and not self.stopping and child.alive and len(child.given) < self.depth:
            index = self.todo[0]
            work = self.work_of[index]
            if not child.send((index, work, list(self.plan.credentials(work.device)))):
                return
            self.todo.popleft()
            child.given.add(index)

    def stop(self) -> None:
        """Cancelled: the children skip what they have not started; the rest is skipped here."""
        if self.stopping:
            return
        self.stopping = True
        for child in self.children:
            child.send(("stop",))
        self.stop_todo()

    def receive(self, tick: float) -> list[DeviceOutcome]:
        """What the children sent within ``tick`` seconds: starts (events) and captures
        (accepted); a child that died fails what it was capturing and gives back the rest."""
        deadline = time.monotonic() + tick
        while self.pending:
            live = {child.conn: child for child in self.children if child.alive}
            if not live:
                self._all_gone()
                break
            ready = wait(list(live), timeout=max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            for conn in ready:
                self._read(live[conn])
        done, self.done = self.done, []
        return done

    def _read(self, child: _Child) -> None:
        try:
            message = child.conn.recv()
        except (EOFError, OSError):
            self._died(child)
            return
        index = message[1]
        if message[0] == "started":
            child.capturing.add(index)
            self.started(self.by_index[index])
            return
        child.given.discard(index)
        child.capturing.discard(index)
        if index in self.pending:
            self.pending.discard(index)
            capture: DeviceCapture = message[2]
            self.done.append(guarded_accept(self.plan, capture))
        self.hand_out(child)

    def _died(self, child: _Child) -> None:
        child.alive = False
        child.process.join(timeout=5)
        status = child.process.exitcode
        log.warning("capture process %s died with status %s", child.pid, status)
        kind, how = _death(status)
        self.killed = self.killed or kind is ErrorKind.INTERRUPTED
        now = datetime.now(UTC)
        for index in sorted(child.capturing & self.pending):
            self.pending.discard(index)
            self.done.append(
                DeviceOutcome.failed(
                    self.by_index[index],
                    now,
                    kind,
                    f"the capture process (pid {child.pid}) {how} while capturing this device",
                )
            )
        back = sorted((child.given - child.capturing) & self.pending, reverse=True)
        self.todo.extendleft(back)  # not started there: the other children take them
        child.given.clear()
        child.capturing.clear()
        if self.stopping:
            self.stop_todo()
        for other in self.children:
            self.hand_out(other)

    def stop_todo(self) -> None:
        while self.todo:
            index = self.todo.popleft()
            self.pending.discard(index)
            self.done.append(skipped(self.by_index[index]))

    def _all_gone(self) -> None:
        now = datetime.now(UTC)
        kind = ErrorKind.INTERRUPTED if self.killed else ErrorKind.INTERNAL
        for index in sorted(self.pending):
            self.done.append(
                DeviceOutcome.failed(
                    self.by_index[index], now, kind, "every capture process stopped"
                )
            )
        self.pending.clear()


def _death(status: int | None) -> tuple[ErrorKind, str]:
    """How a capture process ended: killed by a signal is ``interrupted`` (something outside
    did it: kill -9, the OOM killer); any other end is a bug of ours (each device's error is
    caught inside the child), so ``internal``."""
    if status is not None and status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return ErrorKind.INTERRUPTED, f"was killed by {name} (status {status})"
    return ErrorKind.INTERNAL, f"died with status {status}"


def serve_captures(conn: Connection, threads: int) -> None:
    """A child: ``threads`` threads capture the devices this process's pipe brings.

    Everything shared is local to this child (a thread queue, a lock, an event), so a child
    that dies takes nothing of the others with it.
    """
    import gc

    # What the fork server imported stays shared with it: the collector never walks (and so
    # never writes to, copying its page) an object that existed before this child started.
    gc.freeze()
    pid = os.getpid()
    worker = f"{socket.gethostname()}:{pid}"
    # No log output from a child (the console owns the terminal): failures travel as outcomes.
    logging.getLogger().addHandler(logging.NullHandler())
    local: queue.Queue = queue.Queue()
    stop = threading.Event()
    send_lock = threading.Lock()

    def send(message) -> None:
        with send_lock, contextlib.suppress(OSError):
            conn.send(message)

    def loop() -> None:
        while True:
            item = local.get()
            if item is None:
                return
            index, work, credentials = item
            if stop.is_set():
                send(("done", index, DeviceCapture(skipped(work.device))))
                continue
            send(("started", index))
            send(("done", index, _capture(work, credentials, stop, worker)))

    pool = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the run's process is gone: stop soon
            stop.set()
            message = None
        if message is None:
            break
        if message[0] == "stop":
            stop.set()
            continue
        local.put(message)
    for _ in pool:
        local.put(None)
    for thread in pool:
        thread.join()
    conn.close()


def _capture(work: DeviceWork, credentials, stop, worker: str) -> DeviceCapture:
    try:
        return perform(work, credentials, stop, worker)
    except Exception as error:  # noqa: BLE001 - one device's bug must not end the child
        log.exception("capture of %s failed", work.device.hostname)
        outcome = DeviceOutcome.failed(
            work.device,
            datetime.now(UTC),
            ErrorKind.INTERNAL,
            f"internal error: {type(error).__name__}: {error}",
        )
        return DeviceCapture(outcome, None, worker)
