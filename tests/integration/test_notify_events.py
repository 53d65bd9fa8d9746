"""Which events a run produces, for which channels: on a real migrated database, with device
results recorded the way the runner records them (no network: nothing is sent here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.config import Settings
from netraven_tui.domain import (
    Actor,
    ComplianceChange,
    ComplianceStatus,
    DeviceInput,
    DeviceOutcome,
    ErrorKind,
    JobInput,
    NewConfigVersion,
    ResultStatus,
)
from netraven_tui.services import Services, open_services
from netraven_tui.services.runs import this_process
from tests.conftest import FrozenClock
from tests.notify_servers import exec_hook

OK, FAIL = ResultStatus.SUCCESS, ResultStatus.FAILED
COMPLIANT, NON_COMPLIANT = ComplianceStatus.COMPLIANT, ComplianceStatus.NON_COMPLIANT


@pytest.fixture
def fleet(settings: Settings, clock: FrozenClock, env) -> Iterator[Services]:
    services = open_services(
        settings.with_(failing_alert_hours=2.0), Actor.system("tester"), clock=clock, env=env
    )
    for index, (host, tag) in enumerate((("r1", "core"), ("r2", "edge"), ("r3", "core"))):
        services.devices.create(
            DeviceInput(host, f"192.0.2.{index + 1}", "cisco_ios", tags=(tag,)),
            create_missing_tags=True,
        )
    services.jobs.create(JobInput("nightly", "backup", tags=("core", "edge")))
    yield services
    services.close()


def run(services: Services, clock: FrozenClock, **statuses: ResultStatus) -> int:
    """A backup run of `nightly` where each named device ends as given (the others skipped)."""
    job = services.jobs.get("nightly")
    created = services.runs.create(job.id, "manual", "tester")
    targets = [t for t in services.runs.targets(job.id) if t.hostname in statuses]
    services.runs.start(created.id, len(targets))
    outcomes = [
        DeviceOutcome(
            t,
            statuses[t.hostname],
            clock.now,
            clock.now,
            error_kind=ErrorKind.AUTH if statuses[t.hostname] is FAIL else None,
            message="every credential was rejected" if statuses[t.hostname] is FAIL else "",
            attempts=1,
        )
        for t in targets
    ]
    services.runs.record(created.id, outcomes)
    services.runs.close(created.id)
    return created.id


def no_diff(*_args) -> str:
    raise AssertionError("no config changed in these runs")


def queued(services: Services) -> list[dict]:
    """Every pending delivery's channel, event and payload (then marked sent: seen once)."""
    outbox = services.notifications.outbox
    items = outbox.claim_due(this_process(), True, 60, limit=1000)
    for item in items:
        outbox.record_attempt(item, None)  # as if sent: not due again when the clock moves on
    return [
        {"channel": i.channel, "event": i.event, "host": i.hostname, "payload": i.payload}
        for i in items
    ]


def hook_channel(services: Services, tmp_path: Path, name: str, events: str, tags=()) -> None:
    script, _ = exec_hook(tmp_path)
    services.notifications.add(name, f"exec:{script}", events.split(","), tags)


def test_device_failed_only_on_the_first_failure_after_a_success(
    fleet: Services, clock: FrozenClock, tmp_path: Path
) -> None:
    hook_channel(fleet, tmp_path, "hook", "device_failed,device_recovered")

    def events_after(**statuses) -> list[tuple[str, str]]:
        clock.advance(minutes=10)
        fleet.notifications.enqueue_for_run(run(fleet, clock, **statuses), no_diff)
        return [(q["event"], q["host"]) for q in queued(fleet)]

    assert events_after(r1=OK) == []
    assert events_after(r1=FAIL) == [("device_failed", "r1")]
    assert events_after(r1=FAIL) == []  # still the same failing streak
    assert events_after(r2=OK) == []  # a run without r1 does not end its streak
    assert events_after(r1=FAIL) == []
    assert events_after(r1=OK) == [("device_recovered", "r1")]
    assert events_after(r1=OK) == []
    assert events_after(r1=FAIL, r3=FAIL) == [("device_failed", "r1"), ("device_failed", "r3")]


def test_failing_for_is_sent_once_per_streak_after_failing_alert_hours(
    fleet: Services, clock: FrozenClock, tmp_path: Path
) -> None:
    hook_channel(fleet, tmp_path, "hook", "failing_for")

    def failing_for_after(hours: float, status: ResultStatus) -> list[dict]:
        clock.advance(hours=hours)
        fleet.notifications.enqueue_for_run(run(fleet, clock, r1=status), no_diff)
        return [json.loads(q["payload"]["stdin"]) for q in queued(fleet)]

    assert failing_for_after(0, FAIL) == []
    assert failing_for_after(1, FAIL) == []  # failing for 1 h of the 2 allowed
    [alert] = failing_for_after(1.5, FAIL)
    assert (alert["event"], alert["hostname"], alert["error_kind"]) == ("failing_for", "r1", "auth")
    assert alert["failing_since"] == "2026-11-28T12:00:00+00:00"
    assert failing_for_after(3, FAIL) == []  # this streak was reported
    assert failing_for_after(1, OK) == []
    assert failing_for_after(1, FAIL) == []  # a new streak starts
    [again] = failing_for_after(2.5, FAIL)
    assert again["failing_since"] == "2026-11-28T19:30:00+00:00"


def test_apprise_channels_get_one_digest_per_run_and_exec_hooks_one_call_per_event(
    fleet: Services, clock: FrozenClock, tmp_path: Path
) -> None:
    # json:// to a closed port: adding does not connect, and nothing is sent in this test
    fleet.notifications.add("core-mail", "json://127.0.0.1:9/", ["all"], ["core"])
    fleet.notifications.add("edge-mail", "json://127.0.0.1:9/", ["all"], ["edge"])
    fleet.notifications.add("quiet", "json://127.0.0.1:9/", ["config_changed"])
    hook_channel(fleet, tmp_path, "hook", "all")
    run(fleet, clock, r1=OK, r2=OK, r3=OK)
    queued(fleet)  # the first run's digests are not what this test is about
    run_id = run(fleet, clock, r1=FAIL, r2=OK, r3=FAIL)
    fleet.notifications.enqueue_for_run(run_id, no_diff)
    got = queued(fleet)

    by_channel = {}
    for item in got:
        by_channel.setdefault(item["channel"], []).append(item)
    assert sorted(by_channel) == ["core-mail", "edge-mail", "hook"]  # `quiet` wants no failures
    [core] = by_channel["core-mail"]
    assert core["event"] == "digest"
    assert core["payload"]["title"] == f"NetRaven: nightly run {run_id} partial: 2 failed"
    assert core["payload"]["severity"] == "failure"
    assert "r1: auth: every credential was rejected" in core["payload"]["body"]
    assert "r3: auth: every credential was rejected" in core["payload"]["body"]
    [edge] = by_channel["edge-mail"]  # r2 is fine: only the run's summary concerns this channel
    assert "Backups failing" not in edge["payload"]["body"]
    assert f"Job nightly, run {run_id} (partial)" in edge["payload"]["body"]
    hook_events = sorted((i["event"], i["host"] or "") for i in by_channel["hook"])
    assert hook_events == [("device_failed", "r1"), ("device_failed", "r3"), ("run_finished", "")]
    finished = next(i for i in by_channel["hook"] if i["event"] == "run_finished")["payload"]
    assert finished["env"]["NETRAVEN_STATUS"] == "partial"
    assert finished["env"]["NETRAVEN_RUN"] == str(run_id)
    body = json.loads(finished["stdin"])
    assert body["counts"]["failed"] == 2
    assert [f["hostname"] for f in body["failed"]] == ["r1", "r3"]


def test_config_changed_carries_the_diff_and_asks_only_for_wanted_devices(
    fleet: Services, clock: FrozenClock, tmp_path: Path
) -> None:
    hook_channel(fleet, tmp_path, "hook", "config_changed", ["edge"])
    job = fleet.jobs.get("nightly")
    created = fleet.runs.create(job.id, "manual", "tester")
    targets = fleet.runs.targets(job.id)
    fleet.runs.start(created.id, len(targets))
    outcomes = [
        DeviceOutcome(t, OK, clock.now, clock.now, changed=True, sha256="0" * 64, size=10, lines=2)
        for t in targets
    ]
    fleet.runs.record(created.id, outcomes)
    commit = "c0ffee" + "0" * 34
    fleet.runs.close(
        created.id,
        commit=commit,
        versions=[NewConfigVersion.of(o, f"configs/{o.device.hostname}.cfg") for o in outcomes],
    )
    asked = []

    def diff(previous, current, platform) -> str:
        asked.append((previous, current.hostname, platform))
        return "+hostname r2"

    fleet.notifications.enqueue_for_run(created.id, diff)
    [item] = queued(fleet)
    assert asked == [(None, "r2", "cisco_ios")]  # r1 and r3 are not `edge`: no diff was read
    event = json.loads(item["payload"]["stdin"])
    assert (event["event"], event["hostname"], event["commit"]) == ("config_changed", "r2", commit)
    assert (event["diff"], event["first_version"]) == ("+hostname r2", True)
    assert item["payload"]["env"]["NETRAVEN_COMMIT"] == commit


def test_compliance_changes_are_queued_with_the_device_tag_filter(
    fleet: Services, tmp_path: Path
) -> None:
    fleet.notifications.add("core-mail", "json://127.0.0.1:9/", ["compliance_changed"], ["core"])
    changes = [
        ComplianceChange(
            "baseline", "ntp", 1, "r1", COMPLIANT, NON_COMPLIANT, "missing ntp", fleet.now()
        ),
        ComplianceChange(
            "baseline", "ntp", 2, "r2", COMPLIANT, NON_COMPLIANT, "missing ntp", fleet.now()
        ),
    ]
    fleet.notifications.enqueue_compliance(changes)
    [item] = queued(fleet)
    assert item["payload"]["title"] == "NetRaven: compliance: 1 compliance changes"
    assert "baseline/ntp on r1: compliant -> non_compliant: missing ntp" in item["payload"]["body"]
    assert "r2" not in item["payload"]["body"]


def test_reachability_runs_and_installations_without_channels_queue_nothing(
    fleet: Services, clock: FrozenClock
) -> None:
    run_id = run(fleet, clock, r1=FAIL)
    assert fleet.notifications.enqueue_for_run(run_id, no_diff) == []  # no channel at all
    fleet.notifications.add("all", "json://127.0.0.1:9/", ["all"])
    system = fleet.runs.create(fleet.jobs.get("reachability").id, "manual", "tester")
    fleet.runs.start(system.id, 0)
    fleet.runs.close(system.id)
    assert fleet.notifications.enqueue_for_run(system.id, no_diff) == []


def test_housekeeping_forgets_finished_deliveries_after_the_retention_age(
    fleet: Services, clock: FrozenClock
) -> None:
    from netraven_tui.runtime.housekeeping import run_housekeeping

    fleet.notifications.add("web", "json://127.0.0.1:9/")
    old = fleet.notifications.enqueue_test("web")
    queued(fleet)  # sent
    waiting = fleet.notifications.enqueue_test("web")
    clock.advance(days=fleet.ctx.settings.retention_days + 1)
    run_housekeeping(fleet)
    ids = [d.id for d in fleet.notifications.outbox.recent()]
    assert old not in ids and waiting in ids  # one still pending is never dropped
