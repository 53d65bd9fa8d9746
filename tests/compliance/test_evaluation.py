"""Policies stored in a migrated SQLite file, evaluated on configurations in a real git repo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netraven_tui.backup.gitstore import GitStore
from netraven_tui.domain import (
    Actor,
    ComplianceChanges,
    ComplianceStatus,
    DeviceInput,
    PermissionDenied,
    Role,
    RuleKind,
)
from netraven_tui.policy_file import PolicyFileError
from netraven_tui.runtime.compliance import ComplianceEvaluator
from netraven_tui.services import Services
from tests.compliance.helpers import BAD_IOS, BASELINE, GOOD_IOS, store_config

OK, BAD = ComplianceStatus.COMPLIANT, ComplianceStatus.NON_COMPLIANT


@pytest.fixture
def store(services: Services) -> Iterator[GitStore]:
    repo = GitStore(services.ctx.settings.locations.repo)
    yield repo
    repo.close()


@pytest.fixture
def fleet(services: Services, store: GitStore) -> Services:
    """core-r1 (good), core-r2 (bad), edge-r1 (core policy does not target it), core-r3 (no
    backup yet), core-j1 (Junos: flat)."""
    services.tags.create("core")
    services.tags.create("edge")
    for hostname, platform, tags in (
        ("core-r1", "cisco_ios", ("core",)),
        ("core-r2", "cisco_ios", ("core",)),
        ("edge-r1", "cisco_ios", ("edge",)),
        ("core-r3", "cisco_xe", ("core",)),
        ("core-j1", "juniper_junos", ("core",)),
    ):
        n = len(services.devices.list())
        services.devices.create(DeviceInput(hostname, f"10.0.0.{n + 1}", platform, tags=tags))
    store_config(services, store, "core-r1", GOOD_IOS.format(hostname="core-r1"))
    store_config(services, store, "core-r2", BAD_IOS.format(hostname="core-r2"))
    store_config(services, store, "edge-r1", BAD_IOS.format(hostname="edge-r1"))
    store_config(services, store, "core-j1", "set system ntp server 192.0.2.1\n")
    return services


def statuses(services: Services, policy: str = "baseline") -> dict[tuple[str, str], str]:
    return {(r.hostname, r.rule): r.status.value for r in services.compliance.results(policy)}


def test_each_rule_kind_on_a_good_and_a_bad_router(fleet: Services, store: GitStore) -> None:
    evaluator = ComplianceEvaluator(fleet, store)
    imported, changes = evaluator.import_text(BASELINE, "baseline.toml")
    assert imported.created == ("baseline",) and changes is not None

    got = statuses(fleet)
    assert {k: v for k, v in got.items() if k[0] == "core-r1"} == {
        ("core-r1", "ntp"): "compliant",
        ("core-r1", "no-http"): "compliant",
        ("core-r1", "uplink-descriptions"): "compliant",
        ("core-r1", "no-shutdown-uplinks"): "compliant",
    }
    assert {k: v for k, v in got.items() if k[0] == "core-r2"} == {
        ("core-r2", "ntp"): "non_compliant",
        ("core-r2", "no-http"): "non_compliant",
        ("core-r2", "uplink-descriptions"): "non_compliant",
        ("core-r2", "no-shutdown-uplinks"): "non_compliant",
    }
    # the edge router is not targeted (tags), core-r3 has no backup, Junos is flat
    assert not any(host == "edge-r1" for host, _ in got)
    assert {v for (h, _), v in got.items() if h == "core-r3"} == {"no_config"}
    assert got[("core-j1", "ntp")] == "non_compliant"  # 'set system ntp …' is not '^ntp server'
    assert got[("core-j1", "uplink-descriptions")] == "error"

    http = fleet.compliance.result("baseline", "no-http", "core-r2")
    assert http.lines == (4,) and http.detail == "line 4: ip http server"
    missing = fleet.compliance.result("baseline", "uplink-descriptions", "core-r2")
    assert missing.lines == (6,)  # the section that lacks a description
    assert "interface GigabitEthernet0/1 (line 6)" in missing.detail
    shut = fleet.compliance.result("baseline", "no-shutdown-uplinks", "core-r2")
    assert shut.lines == (8,) and "interface GigabitEthernet0/1 › line 8: shutdown" in shut.detail
    junos = fleet.compliance.result("baseline", "uplink-descriptions", "core-j1")
    assert "flat" in junos.detail and "juniper_junos" in junos.detail
    assert http.config_sha256 is not None and len(http.config_sha256) == 64


def test_platform_filter_narrows_the_targets(fleet: Services, store: GitStore) -> None:
    text = BASELINE.replace("platforms = []", 'platforms = ["cisco_xe", "juniper_junos"]')
    ComplianceEvaluator(fleet, store).import_text(text, "p.toml")
    assert {host for host, _ in statuses(fleet)} == {"core-r3", "core-j1"}


def test_a_policy_without_tags_targets_every_enabled_device(
    fleet: Services, store: GitStore
) -> None:
    fleet.devices.update(
        "core-r3", DeviceInput("core-r3", "10.0.0.4", "cisco_xe", tags=("core",), enabled=False)
    )
    ComplianceEvaluator(fleet, store).import_text(BASELINE.replace('["core"]', "[]"), "p.toml")
    assert {host for host, _ in statuses(fleet)} == {"core-r1", "core-r2", "edge-r1", "core-j1"}


def test_history_records_each_status_change_once(fleet: Services, store: GitStore) -> None:
    evaluator = ComplianceEvaluator(fleet, store)
    seen: list[ComplianceChanges] = []
    evaluator.subscribe(seen.append)
    evaluator.import_text(BASELINE, "baseline.toml")
    first = fleet.compliance.history(hostname="core-r2")
    assert len(first) == 4 and all(h.old_status is None for h in first)

    # the operator fixes core-r2: a new version, evaluated as a run would
    store_config(fleet, store, "core-r2", GOOD_IOS.format(hostname="core-r2"))
    device_id = fleet.devices.get("core-r2").id
    changes = evaluator.evaluate(device_ids=[device_id])
    assert {(c.rule, c.old_status, c.new_status) for c in changes.changes} == {
        (rule, BAD, OK) for rule in ("ntp", "no-http", "uplink-descriptions", "no-shutdown-uplinks")
    }
    assert seen[-1] is changes
    history = fleet.compliance.history(hostname="core-r2")
    assert len(history) == 8 and {h.new_status for h in history[:4]} == {OK}

    # nothing changed: evaluated again, no history row, no listener call
    again = evaluator.evaluate(device_ids=[device_id])
    assert again.evaluated == 4 and again.changes == () and seen[-1] is changes
    assert len(fleet.compliance.history(hostname="core-r2")) == 8


def test_reimport_replaces_by_name_and_keeps_unchanged_rules(
    fleet: Services, store: GitStore
) -> None:
    evaluator = ComplianceEvaluator(fleet, store)
    evaluator.import_text(BASELINE, "baseline.toml")
    before = {r.name: r.id for r in fleet.compliance.get("baseline").rules}
    text = BASELINE.replace('name = "no-http"\nmust_not', 'name = "no-telnet"\nmust_not').replace(
        "^ip http server$", "^transport input telnet"
    )
    imported, _ = evaluator.import_text(text, "baseline.toml")
    assert imported.updated == ("baseline",) and imported.changed == ("baseline",)
    policy = fleet.compliance.get("baseline")
    assert [r.name for r in policy.rules] == [
        "ntp",
        "no-telnet",
        "uplink-descriptions",
        "no-shutdown-uplinks",
    ]
    assert policy.rules[0].id == before["ntp"] and policy.rules[1].kind is RuleKind.MUST_NOT
    assert ("core-r2", "no-http") not in statuses(fleet)
    assert statuses(fleet)[("core-r2", "no-telnet")] == "compliant"
    # the same file again changes nothing and evaluates nothing
    imported, changes = evaluator.import_text(text, "baseline.toml")
    assert imported.changed == () and changes is None


def test_a_bad_file_is_refused_whole(fleet: Services, store: GitStore) -> None:
    good_then_bad = BASELINE + BASELINE.replace('"baseline"', '"second"').replace(
        '["core"]', '["nosuchtag"]'
    )
    with pytest.raises(PolicyFileError) as refused:
        ComplianceEvaluator(fleet, store).import_text(good_then_bad, "two.toml")
    line = (
        good_then_bad.splitlines().index(
            'tags = ["nosuchtag"]            '
            "# targets: devices with any of these tags (all when empty)"
        )
        + 1
    )
    assert str(refused.value).startswith(f"two.toml:{line}: policy 'second': tag 'nosuchtag'")
    assert fleet.compliance.list() == []


def test_only_admins_change_policies(fleet: Services, store: GitStore) -> None:
    operator = fleet.as_actor(Actor("otto", Role.OPERATOR))
    with pytest.raises(PermissionDenied):
        operator.compliance.import_text(BASELINE, "p.toml")
    ComplianceEvaluator(fleet, store).import_text(BASELINE, "p.toml")
    with pytest.raises(PermissionDenied):
        operator.compliance.delete("baseline")
    # anyone may run a check and read the results
    ComplianceEvaluator(operator, store).evaluate()
    assert operator.compliance.summaries()[0].count(ComplianceStatus.NON_COMPLIANT) > 0


def test_delete_removes_results_and_keeps_history(fleet: Services, store: GitStore) -> None:
    ComplianceEvaluator(fleet, store).import_text(BASELINE, "p.toml")
    fleet.compliance.delete("baseline")
    assert fleet.compliance.results() == []
    assert len(fleet.compliance.history(policy="baseline")) == 16
    audit = [e.message for e in fleet.logs.recent(limit=5)]
    assert any("compliance policy baseline deleted" in m for m in audit)


def test_export_reads_back_to_the_same_policies(fleet: Services, store: GitStore) -> None:
    ComplianceEvaluator(fleet, store).import_text(BASELINE, "p.toml")
    exported = fleet.compliance.export_text()
    fleet.compliance.delete("baseline")
    fleet.compliance.import_text(exported, "exported.toml")
    again = fleet.compliance.get("baseline")
    assert fleet.compliance.export_text() == exported
    assert again.tags == ("core",) and len(again.rules) == 4
