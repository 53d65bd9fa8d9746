"""Benchmark: compliance evaluation of 1,000 devices x 20 rules (target: under 2 s).

A plain script (not a pytest test): ``python tests/benchmarks/compliance_eval.py [DEVICES]``.
The configurations are the lab's (IOS, IOS-XE, NX-OS, EOS, Junos, RouterOS, Huawei; 300 to
3,000 lines each, about 1,150 on average). The 20 rules are a realistic mix: 13 whole-text
rules and 7 section rules (interfaces, line vty, router bgp, ACLs). It prints:

- evaluate: the pure evaluator (``compliance_rules.evaluate_config``) over every device and
  rule, best of 3, and the share of it spent on section rules;
- end to end: ``ComplianceEvaluator.evaluate()`` on a temporary NETRAVEN_HOME (migrated
  SQLite, a real git repository holding every configuration): plan query, git reads,
  evaluation and storing the 20,000 results with their history, first run (all new) and
  second run (nothing changed);
and the ratio of the evaluation to the 2 s target.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 2.0
PLATFORMS = (
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "arista_eos",
    "juniper_junos",
    "mikrotik_routeros",
    "huawei",
)
IOS_LIKE = '["cisco_ios", "cisco_xe", "cisco_nxos", "arista_eos"]'

POLICIES = f"""
[[policy]]
name = "baseline"
description = "every device"
[[policy.rule]]
name = "ntp"
must = '^ntp server 192\\.0\\.2\\.1$'
[[policy.rule]]
name = "no-http"
must_not = '^ip http server$'
[[policy.rule]]
name = "logging"
must = '^logging (host )?\\d+\\.\\d+\\.\\d+\\.\\d+'
[[policy.rule]]
name = "no-telnet"
must_not = 'transport input telnet'
[[policy.rule]]
name = "no-public-community"
must_not = 'community public'
[[policy.rule]]
name = "hostname"
must = '^hostname \\S+'
[[policy.rule]]
name = "aaa"
must = '^aaa new-model$'
[[policy.rule]]
name = "ssh-v2"
must = '^ip ssh version 2$'
[[policy.rule]]
name = "password-encryption"
must = '^service password-encryption$'
[[policy.rule]]
name = "no-enable-password"
must_not = '^enable password '
[[policy.rule]]
name = "no-source-route"
must_not = '^ip source-route'
[[policy.rule]]
name = "users"
must = '^username \\S+ '
[[policy.rule]]
name = "snmp"
must = 'snmp-server'

[[policy]]
name = "ios-sections"
description = "section rules for the indented platforms"
platforms = {IOS_LIKE}
[[policy.rule]]
name = "uplink-descriptions"
section = '^interface (GigabitEthernet|Ethernet)'
must = '^\\s+description \\S'
[[policy.rule]]
name = "no-shutdown"
section = '^interface (GigabitEthernet|Ethernet)'
must_not = '^\\s+shutdown$'
[[policy.rule]]
name = "svi-description"
section = '^interface Vlan'
must = '^\\s+description '
[[policy.rule]]
name = "vty-ssh"
section = '^line vty'
must = '^\\s+transport input ssh'
[[policy.rule]]
name = "bgp-log"
section = '^router bgp'
must = '^\\s+bgp log-neighbor-changes'
[[policy.rule]]
name = "acl-no-any-any"
section = '^ip access-list'
must_not = 'permit ip any any'
[[policy.rule]]
name = "ospf-passive"
section = '^router ospf'
must = '^\\s+passive-interface default'
"""


def configs(count: int) -> list[tuple[str, str, str]]:
    from netraven_tui.lab.configs import expected_config

    out = []
    for index in range(count):
        platform = PLATFORMS[index % len(PLATFORMS)]
        hostname = f"bench-{index:04d}"
        out.append((hostname, platform, expected_config(platform, hostname, 7)))
    return out


def pure(texts: list[tuple[str, str, str]]) -> None:
    from netraven_tui.compliance_rules import CompiledRule, evaluate_config
    from netraven_tui.policy_file import read_policies

    policies = [item.policy for item in read_policies(POLICIES)]
    flat = [CompiledRule(r) for r in policies[0].rules]
    sections = [CompiledRule(r) for r in policies[1].rules]
    ios_like = set(policies[1].platforms)

    def once(rules_for) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        for _hostname, platform, text in texts:
            evaluate_config(text, platform, rules_for(platform))
        return time.perf_counter() - started, time.process_time() - cpu

    both = min(once(lambda p: flat + sections if p in ios_like else flat) for _ in range(3))
    flat_only = min(once(lambda p: flat) for _ in range(3))
    pairs = sum(20 if p in ios_like else 13 for _h, p, _t in texts)
    lines = sum(t.count("\n") + 1 for _h, _p, t in texts)
    print(
        f"evaluate: {len(texts)} devices, {lines:,} lines, {pairs:,} device x rule pairs: "
        f"{both[0]:.3f} s wall, {both[1]:.3f} s CPU (best of 3; "
        f"{both[0] / len(texts) * 1000:.2f} ms per device); whole-text rules alone "
        f"{flat_only[0]:.3f} s, section rules {both[0] - flat_only[0]:.3f} s; ratio to the "
        f"{TARGET_SECONDS:.0f} s target {both[0] / TARGET_SECONDS:.2f} (CPU {both[1] / TARGET_SECONDS:.2f})"
    )


def end_to_end(texts: list[tuple[str, str, str]]) -> None:
    import hashlib

    from netraven_tui.backup.gitstore import GitStore, config_path
    from netraven_tui.config import load_settings
    from netraven_tui.db import models as m
    from netraven_tui.domain import Actor, DeviceInput, Role
    from netraven_tui.runtime.compliance import ComplianceEvaluator
    from netraven_tui.services import open_services

    home = Path(tempfile.mkdtemp(prefix="netraven-bench-compliance-"))
    env = {"NETRAVEN_HOME": str(home)}
    services = open_services(load_settings(env), Actor("bench", Role.ADMIN), env=env)
    rows = [
        (
            index + 2,
            DeviceInput(hostname, f"127.1.{index // 256}.{index % 256}", platform, tags=("bench",)),
        )
        for index, (hostname, platform, _text) in enumerate(texts)
    ]
    services.tags.create("bench")
    services.devices.import_rows(rows)
    store = GitStore(services.ctx.settings.locations.repo)
    staged = [store.stage(config_path(h), t) for h, _p, t in texts]
    commit = store.commit(staged, "bench")
    ids = {d.hostname: d.id for d in services.devices.list()}
    with services.ctx.transaction() as session:
        for hostname, _platform, text in texts:
            data = text.encode()
            session.add(
                m.ConfigVersionRow(
                    device_id=ids[hostname],
                    hostname=hostname,
                    commit=commit,
                    path=config_path(hostname),
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    lines=text.count("\n"),
                )
            )
    services.compliance.import_text(POLICIES, "bench.toml")
    evaluator = ComplianceEvaluator(services, store)

    for label in ("first run (every result new)", "second run (nothing changed)", "third run"):
        started, cpu = time.perf_counter(), time.process_time()
        changes = evaluator.evaluate()
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        parts = ", ".join(f"{k} {v:.3f} s" for k, v in evaluator.last_timings.items())
        print(
            f"end to end, {label}: {took:.3f} s wall, {cpu:.3f} s CPU for {changes.evaluated:,} pairs, "
            f"{len(changes.changes):,} status changes stored with history ({parts})"
        )
    store.close()
    services.close()


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    texts = configs(count)
    pure(texts)
    end_to_end(texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
