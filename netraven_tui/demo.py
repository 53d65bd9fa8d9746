"""`netraven-tui demo`: a simulated fleet, a seeded demo folder, and the console, in one command.

The fleet (about 20 devices, a few faulty, some drifting) runs on loopback in a child process
for as long as the console is open. The demo folder keeps its history between demos: every
start re-imports the fleet's inventory (the ports change) and starts a backup right away, so a
new user sees successes, failures, credential fallback and diffs within the first minute.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from netraven_tui.domain import Actor, JobBusy, Role

DEMO_USER = "demo"
DEMO_PASSWORD = "netraven-demo"  # a demo folder on loopback only; printed on purpose
DEMO_FAULTS = "auth:1,refused:1,hang:1,drop:1,drift:4"
DEMO_SEED = 7
BACKUP_JOB = "backup-lab"
DEMO_HOST_KEY_SEED = f"netraven-demo-{DEMO_SEED}"


def demo_home(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    if os.environ.get("NETRAVEN_HOME"):
        return Path(os.environ["NETRAVEN_HOME"]).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("netraven-tui", appauthor=False)) / "demo"


def cli_hint(folder: Path, program: str | None = None) -> str:
    """How to point the CLI at the demo's folder (the default home is another, empty, one):
    ``NETRAVEN_HOME=<folder> .venv/bin/netraven-tui run list``, with the program as invoked."""
    import shlex

    program = program if program is not None else sys.argv[0]
    if Path(program).name != "netraven-tui":  # `python -m netraven_tui`, a test runner …
        program = "netraven-tui"
    return f"NETRAVEN_HOME={shlex.quote(str(folder))} {shlex.quote(program)} run list"


def run_demo(home: str | None = None, devices: int = 20) -> int:
    from netraven_tui.config import load_settings
    from netraven_tui.lab import LabFleet
    from netraven_tui.logs import setup_logging
    from netraven_tui.services import open_services

    folder = demo_home(home)
    os.environ["NETRAVEN_HOME"] = str(folder)
    settings = load_settings().with_(connect_timeout=5.0, command_timeout=30.0, backoff_seconds=0.5)
    setup_logging(settings.locations, settings.log_level)
    print(f"NetRaven demo in {folder}")
    print(f"starting {devices} simulated devices on 127.0.0.1 …", flush=True)
    with LabFleet(
        devices=devices,
        seed=DEMO_SEED,
        faults=DEMO_FAULTS,
        latency_ms=20,
        drift_rate=0.0,
        host_key=DEMO_HOST_KEY_SEED,  # the same host key every start: pins stay valid
    ) as fleet:
        services = open_services(settings)
        seed_demo(services, fleet, folder)
        hint = f"the CLI on this demo's data: {cli_hint(folder)}"
        print(
            f"console user: {DEMO_USER} / {DEMO_PASSWORD} (logged in for you); quit with ctrl+q",
            hint,
            sep="\n",
            flush=True,
        )
        try:
            return _run_console(services)
        finally:
            # the last line on the terminal once the console has closed
            print(hint, file=sys.stderr, flush=True)


def seed_demo(services, fleet, folder: Path) -> None:
    """Inventory, credentials (a wrong one first, to show fallback), a backup job, a demo admin."""
    from netraven_tui.domain import CredentialInput, JobInput

    services.devices.import_csv(fleet.write_inventory(folder / "lab-inventory.csv"), update=True)
    _trust_the_fleet(services, fleet)
    existing = {c.name for c in services.credentials.list()}
    if "legacy-admin" not in existing:
        services.credentials.create(
            CredentialInput(
                "legacy-admin",
                fleet.username,
                "Old-Passw0rd-2019",
                None,
                5,
                ("lab",),
                "an outdated login, tried first: watch the fallback",
            )
        )
    if "lab" not in existing:
        services.credentials.create(
            CredentialInput(
                "lab",
                fleet.username,
                fleet.password,
                fleet.enable_secret,
                10,
                ("lab",),
                "the lab's login",
            )
        )
    if BACKUP_JOB not in {j.name for j in services.jobs.list()}:
        services.jobs.create(
            JobInput(
                BACKUP_JOB,
                "backup",
                "interval",
                interval_seconds=300,
                tags=("lab",),
                description="back up the lab every 5 minutes",
            )
        )
    if DEMO_USER not in {u.username for u in services.users.list()}:
        services.users.create(DEMO_USER, DEMO_PASSWORD, Role.ADMIN)


def sign_in_demo_user(services) -> Actor:
    """The demo's console opens logged in as the demo user: recorded as a login (last login,
    an audit line with the user as actor), so the Users area and the audit log tell the truth."""
    user = services.users.record_automatic_login(DEMO_USER, "netraven-tui demo")
    return Actor(user.username, user.role)


def _trust_the_fleet(services, fleet) -> None:
    """A demo folder from before the fleet's key was fixed holds pins of random keys: every
    device would fail with ``hostkey``. The fleet is ours, so its key replaces those (audited,
    as any trust); a real device's changed key is never accepted this way."""
    from netraven_tui.domain import HostKeySeen

    algorithm, blob = fleet.host_public_key.split()[:2]
    seen = HostKeySeen(algorithm, fleet.host_key_fingerprint, blob)
    pins = services.hostkeys.pins()
    for device in services.devices.list(tag="lab"):
        pin = pins.get(device.id)
        if pin is not None and pin.fingerprint != seen.fingerprint:
            services.hostkeys.trust(device.id, seen)


def _run_console(services) -> int:
    from netraven_tui.runtime.console import start_console_runtime
    from netraven_tui.tui.app import run_app

    runtime = start_console_runtime(services)
    # Something to watch at once: a backup (fallback, failures, changes) and a reachability sweep.
    for job in (BACKUP_JOB, "reachability"):
        # JobBusy: the scheduler's catch-up of a missed fire started it already (a demo folder
        # reused after a pause); that run is as good to watch, the demo must not stop on it.
        with contextlib.suppress(JobBusy):
            runtime.runner.start(job, trigger="manual", triggered_by=DEMO_USER)
    try:
        return run_app(services, auto_login=sign_in_demo_user(services), runtime=runtime)
    finally:
        print("stopping the scheduler and the simulated fleet …", file=sys.stderr, flush=True)
        runtime.stop(grace_seconds=5)
