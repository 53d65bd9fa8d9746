"""Notifications end to end: real backups of a lab fleet (one device drifts), then real
deliveries on loopback: mail through Apprise's mailto:// to an aiosmtpd server, Apprise json://
posts to an HTTP server, an exec hook script, a channel whose port is closed and one whose
server answers slower than `notify_timeout`. Nothing received may hold a secret."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from netraven_tui.domain import Actor, DeliveryStatus, Role, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.events import EventBus, RunFinished
from netraven_tui.runtime.factory import make_runner
from netraven_tui.runtime.notify.notifier import Notifier
from netraven_tui.services import Services, open_services
from netraven_tui.services.credentials import CredentialInput
from netraven_tui.services.jobs import JobInput
from tests.notify_servers import (
    SMTP_PASSWORD,
    exec_hook,
    free_port,
    hook_calls,
    http_server,
    smtp_server,
)

pytestmark = pytest.mark.lab

PLATFORMS = ["cisco_ios", "arista_eos", "juniper_junos"]
SETTINGS = {
    "connect_timeout": 3.0,
    "command_timeout": 15.0,
    "attempts": 1,
    "workers": 4,
    # Generous for an exec hook's Python to start, write and exit on a loaded machine (1 s was
    # not: a hook killed after it had written was called twice); the slow server below holds
    # its requests until the test ends, so it still runs over.
    "notify_timeout": 5.0,
    "notify_attempts": 2,
    "notify_backoff_seconds": 0.2,
}


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=3, platforms=PLATFORMS, seed=14, faults="drift:1") as running:
        yield running


@pytest.fixture
def secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    # in our environment too: an exec hook must not inherit it
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("NETRAVEN_SECRET_KEY", key)
    return key


@pytest.fixture
def services(settings, env, fleet: LabFleet, tmp_path: Path, secret_key: str) -> Iterator[Services]:
    opened = open_services(
        settings.with_(**SETTINGS),
        Actor("tester", Role.ADMIN),
        env={**env, "NETRAVEN_SECRET_KEY": secret_key},
    )
    assert opened.devices.import_csv(fleet.write_inventory(tmp_path / "inventory.csv")).skipped == 0
    opened.credentials.create(
        CredentialInput("lab", fleet.username, fleet.password, fleet.enable_secret, 10, ("lab",))
    )
    opened.jobs.create(JobInput("lab-backup", "backup", tags=("lab",)))
    yield opened
    opened.close()


class Timeline:
    """What happened, in order: runs announced and returned, delivery attempts finished."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.items: list[tuple] = []

    def add(self, *item) -> None:
        with self._lock:
            self.items.append(item)

    def index(self, predicate: Callable[[tuple], bool]) -> int:
        with self._lock:
            return next(i for i, item in enumerate(self.items) if predicate(item))


def wait_until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the deliveries"
        time.sleep(0.05)


def test_mail_webhook_and_exec_hook_get_the_masked_changes_and_bad_channels_never_delay_a_run(
    services: Services, fleet: LabFleet, tmp_path: Path, secret_key: str
) -> None:
    script, calls = exec_hook(tmp_path)
    with smtp_server() as mailbox, http_server() as web, http_server(hold_seconds=60) as slow:
        notifications = services.notifications
        notifications.add("mail", mailbox.url(), ["all"])
        notifications.add("web", web.url, ["all"])
        notifications.add("hook", f"exec:{script}", ["all"])
        notifications.add("refused", f"json://127.0.0.1:{free_port()}/", ["run_finished"])
        notifications.add("slow", slow.url, ["run_finished"])
        timeline = Timeline()
        bus = EventBus()
        bus.subscribe(
            lambda e: timeline.add("announced", e.run.id) if isinstance(e, RunFinished) else None
        )
        notifier = Notifier(services, bus=bus)
        notifier.listeners.append(lambda d: timeline.add("attempt", d.channel, d.run_id, d.status))
        runner = make_runner(services, bus, notifier.store, notifier=notifier)
        try:
            first = runner.run("lab-backup")
            timeline.add("returned", first.id)
            wait_until(lambda: notifications.outbox.pending() == 0)
            second = runner.run("lab-backup")
            timeline.add("returned", second.id)
            wait_until(lambda: notifications.outbox.pending() == 0)
        finally:
            notifier.stop()

        assert (first.status, first.changed, second.status, second.changed) == (
            RunStatus.SUCCESS,
            3,
            RunStatus.SUCCESS,
            1,
        )
        [drifting] = [d.hostname for d in fleet.devices if d.fault == "drift"]

        # mail: one digest per run, through SMTP AUTH on loopback
        assert len(mailbox.messages) == 2 and mailbox.logins == [
            "netraven-mailer",
            "netraven-mailer",
        ]
        first_mail, second_mail = (m.get_content() for m in mailbox.messages)
        assert (
            mailbox.messages[0]["Subject"]
            == f"NetRaven: lab-backup run {first.id} success: 3 changed"
        )
        assert "<removed>" in first_mail  # a first backup's diff is the whole (masked) config
        assert f"{drifting}: +1 -1 lines" in second_mail and "@@ " in second_mail
        assert mailbox.messages[1]["To"] == "ops@example.com"

        # json:// webhook: one post per run, Apprise's JSON
        assert [p["title"] for p in web.posts] == [m["Subject"] for m in mailbox.messages]
        assert web.posts[1]["type"] == "warning"

        # exec hook: one call per event, the event on stdin and NETRAVEN_* in its environment
        got = hook_calls(calls)
        events = [(c["env"]["NETRAVEN_EVENT"], c["env"]["NETRAVEN_DEVICE"]) for c in got]
        assert sorted(events) == sorted(
            [("config_changed", d.hostname) for d in fleet.devices]
            + [("run_finished", ""), ("config_changed", drifting), ("run_finished", "")]
        )
        change = next(
            c
            for c in got
            if c["env"]["NETRAVEN_RUN"] == str(second.id)
            and c["env"]["NETRAVEN_EVENT"] == "config_changed"
        )
        assert change["env"]["NETRAVEN_COMMIT"] == second.commit
        assert change["env"]["NETRAVEN_JOB"] == "lab-backup"
        assert change["env"]["NETRAVEN_STATUS"] == "changed"
        assert '"first_version": false' in change["stdin"] and "@@ " in change["stdin"]
        assert all("NETRAVEN_SECRET_KEY" not in c["env"] for c in got)

        # the broken channels: retried, then reported failed; never before the run was over
        refused, slow_one = (notifications.get(name) for name in ("refused", "slow"))
        assert (refused.last_status, slow_one.last_status) == (DeliveryStatus.FAILED,) * 2
        assert refused.last_error and slow_one.last_error
        tried = [d for d in notifications.outbox.recent(50) if d.channel in ("refused", "slow")]
        assert len(tried) == 4 and all(d.attempts == 2 for d in tried)
        assert {c.name for c in notifications.failing()} == {"refused", "slow"}
        for run in (first, second):
            announced = timeline.index(lambda i, r=run: i == ("announced", r.id))
            returned = timeline.index(lambda i, r=run: i == ("returned", r.id))
            for name in ("refused", "slow", "mail", "web", "hook"):
                attempt = timeline.index(lambda i, r=run, n=name: i[:3] == ("attempt", n, r.id))
                assert announced < attempt, f"{name} was tried before run {run.id} was over"
            slow_done = timeline.index(lambda i, r=run: i[:3] == ("attempt", "slow", r.id))
            assert returned < slow_done  # the run did not wait for the slow service
        logged = [e.message for e in services.logs.recent(500)]
        assert any("to channel slow: attempt 1 of 2 failed" in line for line in logged)
        assert any("to channel refused: failed after 2 attempts" in line for line in logged)

        # no secret anywhere in what was sent, logged or listed
        received = "\n".join(
            [m.as_string() for m in mailbox.messages]
            + [b.decode() for b in web.raw + slow.raw]
            + [c["stdin"] + repr(c["env"]) for c in got]
            + logged
            + [repr(c) for c in notifications.list()]
        )
        secrets = [fleet.password, fleet.enable_secret, secret_key]
        for device in fleet.devices:
            secrets += fleet.secrets(device.hostname)
        leaked = [s[:4] + "…" for s in secrets if s in received]
        assert leaked == []
        assert SMTP_PASSWORD not in "\n".join(logged + [repr(c) for c in notifications.list()])


def test_device_failed_once_then_recovered_against_the_lab(
    services: Services, fleet: LabFleet, tmp_path: Path
) -> None:
    script, calls = exec_hook(tmp_path)
    services.notifications.add("hook", f"exec:{script}", ["device_failed", "device_recovered"])
    notifier = Notifier(services)
    runner = make_runner(services, None, notifier.store, notifier=notifier)

    def run_with(password: str) -> list[tuple[str, str]]:
        services.credentials.update(
            "lab",
            CredentialInput("lab", fleet.username, password, fleet.enable_secret, 10, ("lab",)),
        )
        before = len(hook_calls(calls))
        runner.run("lab-backup")
        assert notifier.drain(30) == 0
        return sorted(
            (c["env"]["NETRAVEN_EVENT"], c["env"]["NETRAVEN_DEVICE"])
            for c in hook_calls(calls)[before:]
        )

    hosts = sorted(d.hostname for d in fleet.devices)
    try:
        assert run_with(fleet.password) == []
        assert run_with("wrong-Passw0rd") == [("device_failed", h) for h in hosts]
        assert run_with("wrong-Passw0rd") == []  # still failing: no news
        assert run_with(fleet.password) == [("device_recovered", h) for h in hosts]
    finally:
        notifier.stop()
    failed = next(c for c in hook_calls(calls) if c["env"]["NETRAVEN_EVENT"] == "device_failed")
    assert '"error_kind": "auth"' in failed["stdin"]
    assert "wrong-Passw0rd" not in failed["stdin"] and fleet.password not in failed["stdin"]


def test_an_unreadable_diff_still_sends_the_change_and_a_broken_hook_never_fails_the_run(
    services: Services, tmp_path: Path
) -> None:
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.domain import JobKind, JobRun

    script, calls = exec_hook(tmp_path)
    services.notifications.add("hook", f"exec:{script}", ["config_changed"])
    # the notifier reads diffs from a repository that vanished: reading fails
    gone = GitStore(tmp_path / "gone.git")
    shutil.rmtree(tmp_path / "gone.git")
    notifier = Notifier(services, store=gone)
    runner = make_runner(services, None, None, notifier=notifier)
    runner.after_run.insert(0, lambda run: 1 / 0)  # a buggy callback before ours
    try:
        run = runner.run("lab-backup")
        assert notifier.drain(30) == 0
        # the notifier's own guard: a run it cannot find is logged, not raised
        ghost = JobRun(
            9999,
            None,
            "ghost",
            JobKind.BACKUP,
            RunStatus.SUCCESS,
            "",
            "",
            run.queued_at,
            None,
            None,
        )
        notifier.after_run(ghost)
    finally:
        notifier.stop()
    assert run.status is RunStatus.SUCCESS and run.changed == 3
    assert services.runs.get(run.id).status is RunStatus.SUCCESS
    got = hook_calls(calls)
    assert len(got) == 3
    assert all("(the diff could not be read: " in c["stdin"] for c in got)
    [entry] = [e for e in services.logs.recent(100) if "could not be queued" in e.message]
    assert (
        entry.message
        == "notifications for run 9999 could not be queued: NotFound: run 9999 not found"
    )
    assert (entry.level, entry.run_id) == ("error", 9999)


def test_a_broken_section_parser_costs_the_hunk_its_header_not_the_notification(
    services: Services, tmp_path: Path
) -> None:
    script, calls = exec_hook(tmp_path)
    services.notifications.add("hook", f"exec:{script}", ["config_changed"])

    def broken_section_parser(config_text, line_number, platform):
        raise RuntimeError("section parser exploded")

    notifier = Notifier(services, section_of=broken_section_parser)
    runner = make_runner(services, None, notifier.store, notifier=notifier)
    try:
        run = runner.run("lab-backup")
        assert notifier.drain(30) == 0
    finally:
        notifier.stop()
    got = hook_calls(calls)
    assert len(got) == 3 and all(c["env"]["NETRAVEN_RUN"] == str(run.id) for c in got)
    assert all("@@ -0,0 +1," in c["stdin"] for c in got)
