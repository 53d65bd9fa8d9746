"""A scheduler in a process of its own, to be stopped with SIGSTOP by the failover tests.

``python -m tests.scheduler.leader_process LEASE_SECONDS GRACE_SECONDS`` on the database of
``NETRAVEN_HOME``: the same test plan and time scale as the in-process schedulers. It prints
"leading" or "standby" once started, then runs until it is killed.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC

from netraven_tui.config import load_settings
from netraven_tui.domain import Actor, JobKind
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.runtime.scheduler import Scheduler
from netraven_tui.services import open_services
from tests.scheduler.conftest import POLL_SECONDS, TIME_SCALE, SlowPlan

MAX_LIFE_SECONDS = 120  # a test that forgets to kill it does not leave it behind for long


def main(lease_seconds: float, grace_seconds: int) -> None:
    settings = load_settings().with_(
        lease_seconds=lease_seconds, misfire_grace_seconds=grace_seconds
    )
    services = open_services(settings, Actor.system("leader process"))
    runner = JobRunner(services, plans={JobKind.REACHABILITY: SlowPlan().factory})
    scheduler = Scheduler(
        services, runner, poll_seconds=POLL_SECONDS, time_scale=TIME_SCALE, timezone=UTC
    )
    scheduler.start()
    print("leading" if scheduler.is_leader else "standby", flush=True)
    time.sleep(MAX_LIFE_SECONDS)


if __name__ == "__main__":
    main(float(sys.argv[1]), int(sys.argv[2]))
