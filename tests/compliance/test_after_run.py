"""Automatic evaluation after backup runs: a lab device drifts out of compliance (real Netmiko,
real SSH on loopback, a real git repository, a migrated SQLite file)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netraven_tui.backup.gitstore import GitStore
from netraven_tui.cli import main
from netraven_tui.domain import (
    Actor,
    ComplianceChanges,
    CompliancePolicy,
    ComplianceRule,
    ComplianceStatus,
    Role,
    RuleKind,
    RunStatus,
)
from netraven_tui.lab import LabFleet
from netraven_tui.policy_file import write_policies
from netraven_tui.runtime.compliance import ComplianceEvaluator
from netraven_tui.runtime.factory import make_runner
from netraven_tui.sections import SectionModel
from netraven_tui.services import open_services
from netraven_tui.services.credentials import CredentialInput
from netraven_tui.services.jobs import JobInput
from tests.conftest import FrozenClock

pytestmark = pytest.mark.lab

FAST = {"connect_timeout": 3.0, "command_timeout": 15.0, "attempts": 2, "workers": 4}
OK, BAD = ComplianceStatus.COMPLIANT, ComplianceStatus.NON_COMPLIANT


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=2, platforms=["cisco_ios"], seed=21, faults="drift:1") as lab:
        yield lab


def drift_policy(fleet: LabFleet, hostname: str) -> tuple[CompliancePolicy, str]:
    """A policy on the line the lab's drift rewrites between the first and the second read."""
    before = fleet.strip_noise(hostname, fleet.expected_config(hostname, 0)).splitlines()
    after = fleet.strip_noise(hostname, fleet.expected_config(hostname, 1)).splitlines()
    [index] = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    parent = SectionModel("\n".join(before), "cisco_ios").chain(index + 1)[-1]
    rules = (
        ComplianceRule(
            "pinned-line",
            RuleKind.MUST,
            "^" + re.escape(before[index]) + "$",
            r"^\s*" + re.escape(parent) + "$",
        ),
        ComplianceRule("no-new-line", RuleKind.MUST_NOT, "^" + re.escape(after[index]) + "$"),
    )
    return CompliancePolicy("drift-watch", "the drifting line", ("lab",), (), rules), parent


def test_a_device_that_drifts_goes_non_compliant_after_the_next_run(
    settings, env, fleet: LabFleet, tmp_path: Path, capsys
) -> None:
    clock = FrozenClock(datetime.now(UTC))
    services = open_services(settings.with_(**FAST), Actor("tester", Role.ADMIN), clock, env)
    report = services.devices.import_csv(fleet.write_inventory(tmp_path / "inventory.csv"))
    assert report.skipped == 0
    services.credentials.create(
        CredentialInput("lab", fleet.username, fleet.password, fleet.enable_secret, 10, ("lab",))
    )
    services.jobs.create(JobInput("backup-lab", "backup", tags=("lab",)))
    [drifter] = [d.hostname for d in fleet.devices if d.fault == "drift"]
    [steady] = [d.hostname for d in fleet.devices if d.fault != "drift"]
    policy, parent = drift_policy(fleet, drifter)

    store = GitStore(settings.locations.repo)
    evaluator = ComplianceEvaluator(services, store)
    heard: list[ComplianceChanges] = []
    evaluator.subscribe(heard.append)
    runner = make_runner(services, store=store, compliance=evaluator)
    evaluator.import_text(write_policies([policy]), "drift.toml")
    assert {r.status for r in services.compliance.results()} == {ComplianceStatus.NO_CONFIG}

    first = runner.run("backup-lab")
    assert first.status is RunStatus.SUCCESS and first.changed == 2
    after_first = {(r.hostname, r.rule): r for r in services.compliance.results()}
    assert after_first[(drifter, "pinned-line")].status is OK
    assert after_first[(drifter, "pinned-line")].detail.startswith("all 1 sections")
    assert after_first[(drifter, "no-new-line")].status is OK
    steady_time = after_first[(steady, "pinned-line")].evaluated_at

    clock.advance(minutes=5)
    second = runner.run("backup-lab")
    assert second.changed == 1  # only the drifting device
    after_second = {(r.hostname, r.rule): r for r in services.compliance.results()}
    pinned = after_second[(drifter, "pinned-line")]
    assert pinned.status is BAD and len(pinned.lines) == 1
    stored = store.read(f"configs/{drifter}.cfg").splitlines()
    assert stored[pinned.lines[0] - 1].strip() == parent  # the section now lacking the line
    assert after_second[(drifter, "no-new-line")].status is BAD
    # the steady device was not evaluated again: its config did not change
    assert after_second[(steady, "pinned-line")].evaluated_at == steady_time

    last = heard[-1]
    assert {(c.hostname, c.rule, c.old_status, c.new_status) for c in last.changes} == {
        (drifter, "pinned-line", OK, BAD),
        (drifter, "no-new-line", OK, BAD),
    }
    history = services.compliance.history(hostname=drifter, policy="drift-watch")
    assert [(h.rule, h.old_status, h.new_status) for h in reversed(history)] == [
        ("pinned-line", None, ComplianceStatus.NO_CONFIG),
        ("no-new-line", None, ComplianceStatus.NO_CONFIG),
        ("pinned-line", ComplianceStatus.NO_CONFIG, OK),
        ("no-new-line", ComplianceStatus.NO_CONFIG, OK),
        ("pinned-line", OK, BAD),
        ("no-new-line", OK, BAD),
    ]
    assert history[0].changed_at > history[-1].changed_at
    store.close()
    services.close()
    # and the CLI report, as cron would run it, fails
    assert main(["compliance", "report"]) == 1
    assert f"{drifter}" in capsys.readouterr().out
