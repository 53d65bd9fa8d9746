"""Benchmark: what queueing a big run's notifications costs the run's thread (after its close).

A plain script (not a pytest test): ``python tests/benchmarks/notify_enqueue.py [N]``.
It seeds a migrated SQLite database with N devices (default 2,000) and two backup runs recorded
the way the runner records them (the second: 10 % of the devices fail for the first time, 10 %
have a new configuration version), adds an Apprise channel (digest) and an exec hook (one
delivery per event), and times ``enqueue_for_run`` on the second run, with a diff provider
that returns a 20-line diff (the git reading is measured by the engine benchmarks). Nothing is
sent. Prints the time, the deliveries queued, and the time per device.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def main(devices: int) -> None:
    with tempfile.TemporaryDirectory(prefix="netraven-bench-") as folder:
        os.environ["NETRAVEN_HOME"] = folder
        from netraven_tui.config import load_settings
        from netraven_tui.domain import (
            Actor,
            DeviceOutcome,
            ErrorKind,
            NewConfigVersion,
            ResultStatus,
        )
        from netraven_tui.services import open_services
        from netraven_tui.services.jobs import JobInput

        services = open_services(load_settings(), Actor.system("bench"))
        inventory = Path(folder) / "inventory.csv"
        rows = ["hostname,address,platform,port,tags,description"]
        rows += [
            f"r{i:05d},127.0.{i // 250}.{i % 250 + 1},cisco_ios,22,core,\n" for i in range(devices)
        ]
        inventory.write_text("\n".join(line.rstrip("\n") for line in rows) + "\n")
        services.devices.import_csv(inventory)
        job = services.jobs.create(JobInput("nightly", "backup", tags=("core",)))
        hook = Path(folder) / "hook.sh"
        hook.write_text("#!/bin/sh\nexit 0\n")
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
        services.notifications.add("mail", "json://127.0.0.1:9/", ["all"])
        services.notifications.add("hook", f"exec:{hook}", ["all"])
        targets = services.runs.targets(job.id)
        now = datetime.now(UTC)

        def record(fail_every: int | None, change_every: int | None) -> int:
            run = services.runs.create(job.id, "manual", "bench")
            services.runs.start(run.id, len(targets))
            outcomes = []
            for index, target in enumerate(targets):
                failed = fail_every is not None and index % fail_every == 0
                changed = not failed and change_every is not None and index % change_every == 1
                outcomes.append(
                    DeviceOutcome(
                        target,
                        ResultStatus.FAILED if failed else ResultStatus.SUCCESS,
                        now,
                        now,
                        error_kind=ErrorKind.TIMEOUT if failed else None,
                        message="no answer" if failed else "",
                        changed=changed,
                        sha256="0" * 64,
                        size=100,
                        lines=10,
                    )
                )
            services.runs.record(run.id, outcomes)
            changed = [o for o in outcomes if o.changed]
            services.runs.close(
                run.id,
                commit="f" * 40 if changed else None,
                versions=[
                    NewConfigVersion.of(o, f"configs/{o.device.hostname}.cfg") for o in changed
                ],
            )
            return run.id

        record(None, None)
        second = record(10, 10)
        diff = "\n".join(f"+line {i}" for i in range(20))
        started = time.perf_counter()
        ids = services.notifications.enqueue_for_run(second, lambda *_: diff)
        took = time.perf_counter() - started
        print(
            f"{devices} devices, {len(ids)} deliveries queued (1 digest + 1 per event) in "
            f"{took * 1000:.0f} ms ({took / devices * 1e6:.0f} µs per device)"
        )
        services.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
