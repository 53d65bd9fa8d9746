"""Device captures in worker processes (threads inside each); the run's process keeps the rest.

Old SSH key exchange (DH group14 with an RSA host key, as on IOS 15) costs tens of
milliseconds of client CPU per device in Python (paramiko's modular exponentiation holds the
GIL), so one process tops out at a few tens of devices a second whatever its thread count.
Here ``processes`` children each run ``threads`` capture threads: they log in, capture, strip
noise and mask, and send back the text. The run's own thread compares, stages the blobs,
writes the database and makes the one commit, as with the thread executor.

The children come from a fork server started once per process (``forkserver``: a clean
parent with Netmiko already imported, never a fork of this multi-threaded one). Credentials
reach them over the pipe, in memory only. A child that dies fails the devices it held
(``internal``); the others go on.

The fork server's first start (a fresh interpreter importing Netmiko) takes about a second.
``prestart`` begins it early (``job run`` calls it before opening the database), and until
the first child says it is ready the run's own process takes devices from the same queue
with its own capture threads, so no second is spent waiting.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from netraven_tui.domain import DeviceCapture, DeviceOutcome, DeviceTarget, ErrorKind, JobRun
from netraven_tui.runtime.device_work import DeviceWork, perform
from netraven_tui.runtime.executors.base import Started, guarded_accept, guarded_task, skipped
from netraven_tui.runtime.plans.base import RunPlan

log = logging.getLogger(__name__)

# Below this many devices the children's start (~0.1 s from the fork server, more the first
# time) is not worth it: the run stays on threads.
MIN_DEVICES = 16

_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None
_server_ready = False  # a child started here once: the fork server has done its imports


def process_context() -> multiprocessing.context.BaseContext:
    """The fork-server context, with the capture modules preloaded in the server."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([__name__, "netmiko"])
            _context = ctx
        return _context


def prestart(settings) -> None:
    """Start the fork server now when a backup would use it (``settings``: config.Settings).

    Its Netmiko import then runs in its own process while this one opens the database. A
    server that cannot start is left to the run, which reports it."""
    if settings.processes <= 1 or settings.uses_collectors:
        return
    from multiprocessing import forkserver

    process_context()
    try:
        forkserver.ensure_running()
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
        tasks = ctx.Queue()
        results = ctx.Queue()
        stop = ctx.Event()
        # Sessions at once, this process's and the children's together, stay within workers.
        slots = ctx.BoundedSemaphore(max(1, self.processes * self.threads))
        by_index = dict(enumerate(targets))
        inline: list[DeviceOutcome] = []
        pending: set[int] = set()
        for index, device in by_index.items():
            work = plan.work(device)
            if work is None:  # nothing to send (e.g. an unknown platform): fails here at once
                inline.append(guarded_task(plan, device, cancel, started))
                continue
            pending.add(index)
            tasks.put((index, work, list(plan.credentials(device))))
        count = max(1, min(self.processes, -(-len(pending) // max(1, self.threads))))
        for _ in range(count * self.threads):
            tasks.put(None)  # one end marker per capture thread
        children = [
            ctx.Process(
                target=serve_captures,
                args=(tasks, results, stop, slots, self.threads),
                name=f"run{run.id}-capture{n}",
                daemon=True,
            )
            for n in range(count)
        ]
        global _server_ready
        booted = threading.Event()  # a child is serving: this process takes no more devices
        helpers = [
            threading.Thread(
                target=_help_while_booting,
                args=(tasks, results, stop, slots, booted),
                name=f"run{run.id}-boot{n}",
                daemon=True,
            )
            for n in range(0 if _server_ready or not pending else count * self.threads)
        ]
        for helper in helpers:
            helper.start()
        try:
            for child in children:
                child.start()  # the first start waits for the fork server's imports
            _server_ready = True
        except BaseException:
            stop.set()
            booted.set()
            raise
        holding: dict[int, set[int]] = {child.pid or 0: set() for child in children}
        yield inline
        try:
            while pending:
                if cancel.is_set():
                    stop.set()
                done = _drain(results, tick, pending, holding, by_index, plan, started, booted)
                if not done:  # a quiet tick: the pipe is empty, so a dead child's devices are lost
                    helping = any(helper.is_alive() for helper in helpers)
                    done = _lost(children, holding, pending, by_index, helping)
                yield done
        finally:
            stop.set()
            booted.set()
            for helper in helpers:
                helper.join(timeout=5)
            for child in children:
                child.join(timeout=5)
                if child.is_alive():
                    child.kill()
            tasks.close()
            results.close()


def _help_while_booting(tasks, results, stop, slots, booted: threading.Event) -> None:
    """One capture thread of the run's own process, until a child is ready (see the module)."""
    pid = os.getpid()
    worker = f"{socket.gethostname()}:{pid}"
    while not booted.is_set():
        try:
            item = tasks.get(timeout=0.05)
        except queue.Empty:
            continue
        if item is None:  # every device is taken: the end marker belongs to a child's thread
            tasks.put(None)
            return
        index, work, credentials = item
        if stop.is_set():
            results.put(("done", pid, index, DeviceCapture(skipped(work.device))))
            continue
        with slots:
            results.put(("started", pid, index))
            results.put(("done", pid, index, _capture(work, credentials, stop, worker)))


def _drain(results, tick, pending, holding, by_index, plan, started, booted) -> list[DeviceOutcome]:
    """What the children sent within ``tick`` seconds: starts (events) and captures (accepted)."""
    done: list[DeviceOutcome] = []
    deadline = time.monotonic() + tick
    while True:
        try:
            message = results.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return done
        kind, pid, index = message[0], message[1], message[2]
        if kind == "ready":
            booted.set()
            continue
        if kind == "started":
            holding.setdefault(pid, set()).add(index)
            started(by_index[index])
            continue
        holding.get(pid, set()).discard(index)
        if index in pending:
            pending.discard(index)
            capture: DeviceCapture = message[3]
            done.append(guarded_accept(plan, capture))


def _lost(children, holding, pending, by_index, helping: bool) -> list[DeviceOutcome]:
    """Devices held by a child that died, and everything left when every child is gone (and
    no capture thread of this process is still at work: ``helping``)."""
    lost: list[DeviceOutcome] = []
    now = datetime.now(UTC)
    for child in children:
        if child.is_alive() or not child.exitcode:  # running, or ended after sending it all
            continue
        for index in sorted(holding.pop(child.pid or 0, set()) & pending):
            pending.discard(index)
            lost.append(
                DeviceOutcome.failed(
                    by_index[index],
                    now,
                    ErrorKind.INTERNAL,
                    f"the capture process (pid {child.pid}) died with status {child.exitcode}",
                )
            )
    if pending and not helping and not any(child.is_alive() for child in children):
        for index in sorted(pending):
            lost.append(
                DeviceOutcome.failed(
                    by_index[index], now, ErrorKind.INTERNAL, "every capture process stopped"
                )
            )
        pending.clear()
    return lost


def serve_captures(tasks, results, stop, slots, threads: int) -> None:
    """A child: ``threads`` threads take devices from ``tasks`` until their end markers."""
    import gc

    # What the fork server imported stays shared with it: the collector never walks (and so
    # never writes to, copying its page) an object that existed before this child started.
    gc.freeze()
    pid = os.getpid()
    worker = f"{socket.gethostname()}:{pid}"
    # No log output from a child (the console owns the terminal): failures travel as outcomes.
    logging.getLogger().addHandler(logging.NullHandler())
    results.put(("ready", pid, -1))  # the run's own capture threads stop taking devices

    def loop() -> None:
        while True:
            item = tasks.get()
            if item is None:
                return
            index, work, credentials = item
            if stop.is_set():
                results.put(("done", pid, index, DeviceCapture(skipped(work.device))))
                continue
            with slots:
                results.put(("started", pid, index))
                results.put(("done", pid, index, _capture(work, credentials, stop, worker)))

    pool = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    with contextlib.suppress(Exception):
        results.close()
        results.join_thread()  # every result is in the pipe before the child exits


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
