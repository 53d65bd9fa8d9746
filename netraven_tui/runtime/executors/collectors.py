"""Device tasks on the site collectors (PostgreSQL + procrastinate); this process owns the run.

The owner defers one job per device into its site's queue, then polls the captures the
collectors store (``collector_results``) and accepts each (compare, stage the blob) as it
arrives. Every ``check`` seconds it also:

- puts back the jobs of collectors that stopped beating (procrastinate's stalled jobs), so
  another collector of the same site takes them (``collector_stall_seconds``);
- fails as ``no_collector`` the waiting devices of a site that has had no live collector for
  ``collector_wait_seconds`` (their jobs are cancelled first, so none can start later);
- on cancel, cancels the jobs not started (those devices are skipped) and asks the collectors
  to abort the running ones: a task stops retrying its device (and one not yet under way skips
  it), so the run ends without waiting out the retries.

The one commit, the database writes and the run's close stay with the runner, as always.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from netraven_tui.domain import DeviceOutcome, DeviceTarget, ErrorKind, JobRun
from netraven_tui.runtime.executors.base import Started, guarded_accept, guarded_task, skipped
from netraven_tui.runtime.plans.base import RunPlan
from netraven_tui.services import Services

log = logging.getLogger(__name__)

# Jobs in these states will not produce a capture any more.
_GONE_WITHOUT_RESULT = ("failed", "cancelled", "aborted")


class CollectorExecutor:
    name = "collectors"

    def __init__(self, services: Services, poll_seconds: float = 0.25) -> None:
        self.services = services
        self.poll_seconds = poll_seconds

    def run(
        self,
        run: JobRun,
        plan: RunPlan,
        targets: Sequence[DeviceTarget],
        cancel: threading.Event,
        started: Started,
        tick: float,
    ) -> Iterator[list[DeviceOutcome]]:
        from netraven_tui.services.task_queue import TaskQueue

        settings = self.services.ctx.settings
        stall, wait_for = settings.collector_stall_seconds, settings.collector_wait_seconds
        check_every = max(0.5, min(stall, wait_for) / 4)
        queue = TaskQueue(settings.db_url)
        job_of: dict[int, int] = {}
        # The owner's host key policy travels with each task: a collector has no settings
        # file, and must not check keys more loosely than the installation says.
        policy = {"host_key_policy": settings.host_key_policy}
        try:
            inline: list[DeviceOutcome] = []
            work = []
            for device in targets:
                item = plan.work(device)
                if item is None:
                    inline.append(guarded_task(plan, device, cancel, started))
                else:
                    work.append((device, {"run_id": run.id, "work": item.to_json(), **policy}))
            job_of = queue.defer(work)
            device_of = {device.id: device for device, _ in work}
            pending = set(job_of)  # device ids
            log.info(
                "run %s: %d device jobs deferred to %d site queues",
                run.id,
                len(job_of),
                len({d.site for d in device_of.values()}),
            )
            yield inline
            began = time.monotonic()
            last_live = {site: began for site in {d.site for d in device_of.values()}}
            next_check, cancel_heard = 0.0, False
            while pending:
                loop_end = time.monotonic() + tick
                done: list[DeviceOutcome] = []
                gone: set[int] = set()
                if time.monotonic() >= next_check or (cancel.is_set() and not cancel_heard):
                    cancel_heard = cancel.is_set()  # a cancel is honoured at once, not next check
                    next_check = time.monotonic() + check_every
                    gone = self._check(
                        queue, job_of, pending, device_of, last_live, stall, wait_for, cancel, done
                    )
                for capture in self.services.collectors.take_results(run.id, pending):
                    device_id = capture.outcome.device.id
                    if device_id in pending:
                        pending.discard(device_id)
                        done.append(guarded_accept(plan, capture))
                now = datetime.now(UTC)
                for device_id in sorted(gone & pending):  # ended with no capture (a task bug)
                    pending.discard(device_id)
                    done.append(
                        DeviceOutcome.failed(
                            device_of[device_id],
                            now,
                            ErrorKind.INTERNAL,
                            "the collector's task ended without a result",
                        )
                    )
                yield done
                if pending:
                    time.sleep(max(0.0, min(self.poll_seconds, loop_end - time.monotonic())))
        finally:
            try:
                queue.forget(job_of.values())
                self.services.collectors.drop_results(run.id)
            finally:
                queue.close()

    def _check(
        self, queue, job_of, pending, device_of, last_live, stall, wait_for, cancel, done
    ) -> set[int]:
        """Stalled jobs back in line, sites without a collector failed, cancel honoured.

        Returns the devices whose jobs ended without a capture (read before the captures, so a
        job that finished and was deleted has its capture already stored).
        """
        jobs = {job_of[d]: d for d in pending}
        retried = queue.retry_stalled(set(jobs), stall)
        if retried:
            log.warning(
                "%d device jobs of stalled collectors put back in their queues", len(retried)
            )
        statuses = queue.statuses(jobs)
        gone = {jobs[j] for j, (status, _) in statuses.items() if status in _GONE_WITHOUT_RESULT}
        now_m = time.monotonic()
        live = self.services.collectors.live_sites(stall)
        for site in last_live:
            if site in live:
                last_live[site] = now_m
        waiting = {j for j, (status, _) in statuses.items() if status == "todo"}
        if cancel.is_set():
            for job_id in queue.cancel(sorted(waiting)):
                device_id = jobs[job_id]
                pending.discard(device_id)
                done.append(skipped(device_of[device_id]))
            # (asked again at each check: a job taken since, or put back and taken again)
            queue.abort(sorted(j for j, (status, _) in statuses.items() if status == "doing"))
            return gone
        dead_sites = {s for s, seen in last_live.items() if now_m - seen > wait_for}
        if not dead_sites:
            return gone
        stranded = sorted(j for j in waiting if device_of[jobs[j]].site in dead_sites)
        now = datetime.now(UTC)
        for job_id in queue.cancel(stranded):
            device = device_of[jobs[job_id]]
            pending.discard(device.id)
            where = f"site {device.site}" if device.site else "the default queue (no site)"
            done.append(
                DeviceOutcome.failed(
                    device,
                    now,
                    ErrorKind.NO_COLLECTOR,
                    f"no live collector served {where} for {wait_for:g} s",
                    attempts=0,
                )
            )
        return gone
