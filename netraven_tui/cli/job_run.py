"""`netraven-tui job run NAME`: run a job now, in the foreground, with progress."""

from __future__ import annotations

import sys
import threading
import time
from collections import defaultdict

from netraven_tui.cli.common import open_cli_services, print_json
from netraven_tui.cli.runs import describe_run
from netraven_tui.domain import DeviceResult, JobKind, JobRun, ResultStatus, RunStatus
from netraven_tui.runtime.events import DeviceDone, EventBus, RunStarted

EXIT_OK, EXIT_FAILED = 0, 1
MAX_REASONS, MAX_HOSTS = 5, 3


def cmd_run(args) -> int:
    from netraven_tui.cli.served import served_runner
    from netraven_tui.runtime.factory import make_runner
    from netraven_tui.runtime.notify.notifier import Notifier

    _prestart_workers()
    services = open_cli_services()
    if services.jobs.get(args.name).kind is JobKind.BACKUP:
        services.ctx.secrets.require()  # a lost key stops the run before it starts
    bus = EventBus()
    progress = _Progress(sys.stderr, tty=sys.stderr.isatty() and not args.json)
    bus.subscribe(progress.on_event)
    notifier = Notifier(services, bus=bus)
    # served (an SSH user's exec): the server's own runner runs it, so a dropped session never
    # stops the run; the server's notifier sends its notifications
    runner = served_runner(bus) or make_runner(services, bus, notifier.store, notifier=notifier)
    started = time.monotonic()
    run = runner.run(args.name, trigger="manual", triggered_by=services.actor.name)
    return report_run(services, notifier, progress, run, started, args.json)


def cmd_device_backup(args) -> int:
    """`device backup HOST [HOST…]`: back these devices up now, as one run with no job."""
    from netraven_tui.runtime.executors.processes import MIN_DEVICES
    from netraven_tui.runtime.factory import make_runner
    from netraven_tui.runtime.notify.notifier import Notifier

    if len(args.hostnames) >= MIN_DEVICES:  # fewer stay on threads: no fork server needed
        _prestart_workers()
    services = open_cli_services()
    device_ids = [services.devices.get(host).id for host in args.hostnames]  # NotFound: one line
    services.ctx.secrets.require()
    bus = EventBus()
    progress = _Progress(sys.stderr, tty=sys.stderr.isatty() and not args.json)
    bus.subscribe(progress.on_event)
    notifier = Notifier(services, bus=bus)
    runner = make_runner(services, bus, notifier.store, notifier=notifier)
    started = time.monotonic()
    run = runner.run_devices(device_ids, trigger="manual", triggered_by=services.actor.name)
    return report_run(services, notifier, progress, run, started, args.json)


def _prestart_workers() -> None:
    """Start the capture processes' fork server before the database is opened (it imports
    Netmiko meanwhile, in its own process); not for a command the `serve` process runs."""
    from netraven_tui.cli.served import served_link
    from netraven_tui.config import load_settings
    from netraven_tui.runtime.executors.processes import prestart

    if served_link() is None:
        prestart(load_settings())


def report_run(services, notifier, progress, run: JobRun, started: float, as_json: bool) -> int:
    """Print a finished run (a summary and the failures, or JSON), drain its notifications."""
    progress.close()
    duration = time.monotonic() - started
    failed = [r for r in services.runs.results(run.id) if r.status == ResultStatus.FAILED]
    push = services.pushes.last() if run.commit and services.ctx.settings.git_remote else None
    push = push if push is not None and push.run_id == run.id else None
    if as_json:
        print_json(
            {
                "run_id": run.id,
                "status": run.status.value,
                "total": run.total,
                "succeeded": run.succeeded,
                "failed_count": run.failed,
                "changed": run.changed,
                "unchanged": run.unchanged,
                "duration_s": round(duration, 3),
                "commit": run.commit,
                "message": run.message,
                "push": None if push is None else {"ok": push.ok, "message": push.message},
                "failed": [
                    {"hostname": r.hostname, "kind": r.error_kind, "message": r.message}
                    for r in failed
                ],
            }
        )
    else:
        print(f"{describe_run(run)}, {duration:.1f} s")
        for line in failure_reasons(run, failed):
            print(line)
        if push is not None:
            print(
                f"git push: {push.message}"
                + ("" if push.ok else " (retried after the next commit)")
            )
    sys.stdout.flush()
    # The run is recorded; its notifications get a few seconds, the rest waits in the outbox
    # for the scheduler leader's process.
    left = notifier.drain()
    if left:
        print(
            f"{left} notification(s) not sent yet; the scheduler's process sends them "
            "(netraven-tui notify deliveries)",
            file=sys.stderr,
        )
    return EXIT_OK if run.status in (RunStatus.SUCCESS, RunStatus.NO_DEVICES) else EXIT_FAILED


def failure_reasons(run: JobRun, results: list[DeviceResult]) -> list[str]:
    """Why a run failed: its own reason, then device failures grouped by kind and message."""
    lines = []  # the run's own reason is already in its summary line (describe_run)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for result in results:
        if result.status is ResultStatus.FAILED:
            kind = str(result.error_kind or "failed")
            groups[(kind, result.message)].append(result.hostname)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    for (kind, message), hosts in ordered[:MAX_REASONS]:
        shown = ", ".join(hosts[:MAX_HOSTS]) + (
            f" and {len(hosts) - MAX_HOSTS} more" if len(hosts) > MAX_HOSTS else ""
        )
        lines.append(f"{len(hosts)} failed, {kind}: {message} ({shown})")
    if len(ordered) > MAX_REASONS:
        rest = sum(len(hosts) for _, hosts in ordered[MAX_REASONS:])
        lines.append(
            f"{rest} more failed for {len(ordered) - MAX_REASONS} other reasons (the console's run view lists them all)"
        )
    return lines


class _Progress:
    """A one-line progress bar on a terminal; one line per device otherwise."""

    def __init__(self, stream, tty: bool) -> None:
        self.stream, self.tty = stream, tty
        self.total = 0
        self.counts = {ResultStatus.SUCCESS: 0, ResultStatus.FAILED: 0, ResultStatus.SKIPPED: 0}
        self._lock = threading.Lock()

    def on_event(self, event) -> None:
        with self._lock:
            if isinstance(event, RunStarted):
                self.total = event.run.total
                if not self.tty:
                    print(
                        f"run {event.run.id} of {event.run.job_name}: {self.total} "
                        f"device{'' if self.total == 1 else 's'}",
                        file=self.stream,
                    )
            elif isinstance(event, DeviceDone):
                result = event.result
                self.counts[result.status] = self.counts.get(result.status, 0) + 1
                if self.tty:
                    self._draw()
                else:
                    detail = (
                        f"{result.error_kind}: {result.message}"
                        if result.error_kind
                        else ("changed" if result.changed else result.status.value)
                    )
                    print(f"{result.hostname}: {detail}", file=self.stream)

    def _draw(self) -> None:
        done = sum(self.counts.values())
        width = 30
        filled = int(width * done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"\r[{bar}] {done}/{self.total}  ok {self.counts[ResultStatus.SUCCESS]}  "
            f"failed {self.counts[ResultStatus.FAILED]}  skipped {self.counts[ResultStatus.SKIPPED]}"
        )
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.total:
            self.stream.write("\n")
            self.stream.flush()
