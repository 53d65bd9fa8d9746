"""The platform table: one row per device type, with its rule family and prompt shape."""

from __future__ import annotations

import re

import pytest

from netraven_tui.backup.rules import rules_for
from netraven_tui.lab.dialects import DIALECTS
from netraven_tui.platforms import BUILTIN_PLATFORMS, RuleFamily, registry


def test_every_family_is_used_and_has_rules() -> None:
    used = {spec.family for spec in BUILTIN_PLATFORMS.values()}
    assert used == set(RuleFamily)
    for family in RuleFamily:
        assert rules_for(family).secrets, f"{family}: no secret patterns"


@pytest.mark.parametrize("platform", sorted(DIALECTS))
def test_prompt_shape_matches_the_lab_devices_prompts(platform: str) -> None:
    dialect = DIALECTS[platform]
    prompt = re.compile(BUILTIN_PLATFORMS[platform].prompt)
    for privileged in (False, True):
        assert prompt.match(dialect.prompt("core-rtr01.example.net", "netops", privileged))


@pytest.mark.parametrize(
    ("platform", "prompts", "not_prompts"),
    [
        ("cisco_ios", ["r1>", "r1#", "r1(config-if)#"], ["Building configuration...", "end"]),
        ("cisco_xr", ["RP/0/RSP0/CPU0:pe1#"], ["!! IOS XR Configuration 7.5.2"]),
        ("juniper_junos", ["admin@mx1> ", "admin@mx1# "], ["set system host-name mx1"]),
        ("mikrotik_routeros", ["[admin@r1] > ", "[admin@r1] /ip address> "], ["/ip address"]),
        ("huawei", ["<HW1>", "[HW1]", "[~HW1-GigabitEthernet0/0/1]"], ["return", "#"]),
        ("fortinet", ["fgt1 # ", "fgt1 (root) # "], ["end", "    next"]),
        ("vyos", ["vyos@vyos:~$ ", "vyos@vyos# "], ["set system host-name vyos"]),
    ],
)
def test_prompt_shapes(platform: str, prompts: list[str], not_prompts: list[str]) -> None:
    prompt = re.compile(BUILTIN_PLATFORMS[platform].prompt)
    assert all(prompt.match(p) for p in prompts)
    assert not any(prompt.match(p) for p in not_prompts)


def test_without_overrides_the_built_in_table_is_returned() -> None:
    assert registry(None) is BUILTIN_PLATFORMS
    assert registry({}) is BUILTIN_PLATFORMS
