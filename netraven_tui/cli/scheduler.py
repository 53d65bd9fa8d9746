"""`netraven-tui scheduler`: the scheduler without the console, in the foreground (systemd, tmux).

Logs go to the log file and to standard error. SIGTERM or SIGINT stops firing, gives running
device tasks `shutdown_grace_seconds`, marks the runs still going `interrupted` and releases the
leader lease, then exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

log = logging.getLogger("netraven_tui.scheduler")

_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


def cmd_scheduler(args) -> int:
    from netraven_tui.config import load_settings
    from netraven_tui.domain import Actor
    from netraven_tui.logs import setup_logging
    from netraven_tui.runtime.events import EventBus
    from netraven_tui.runtime.factory import make_runner
    from netraven_tui.runtime.notify.notifier import Notifier
    from netraven_tui.runtime.scheduler import Scheduler
    from netraven_tui.services import open_services

    settings = load_settings()
    log_file = setup_logging(settings.locations, settings.log_level)
    _log_to_stderr()
    services = open_services(settings, Actor.system("scheduler"))
    bus = EventBus()
    notifier = Notifier(services, bus=bus)
    scheduler = Scheduler(
        services, make_runner(services, bus, notifier.store, notifier=notifier), bus
    )
    notifier.pick_up_leftovers(lambda: scheduler.is_leader)

    stop = threading.Event()

    def on_signal(number: int, _frame) -> None:
        log.info("received %s: stopping", signal.Signals(number).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    scheduler.start()
    leader = scheduler.leader_info()
    log.info(
        "scheduler running (pid %s, timezone %s, log file %s); %s",
        os.getpid(),
        scheduler.timezone_name,
        log_file,
        "this process leads"
        if scheduler.is_leader
        else f"standing by: {leader.holder if leader else 'nobody'} leads",
    )
    while not stop.wait(0.5):
        pass
    left = scheduler.stop(settings.shutdown_grace_seconds)
    notifier.drain()
    notifier.stop()
    services.close()
    log.info("scheduler stopped%s", f"; runs {left} interrupted" if left else "")
    if left:
        # Device tasks still blocked in the network would hold the interpreter's exit (worker
        # pools are joined at exit); their runs are already recorded as interrupted.
        logging.shutdown()
        sys.stderr.flush()
        os._exit(0)
    return 0


def _log_to_stderr() -> None:
    root = logging.getLogger()
    if any(getattr(h, "_netraven_stderr", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._netraven_stderr = True  # type: ignore[attr-defined]
    root.addHandler(handler)
