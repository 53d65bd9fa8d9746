"""The platform table: one row per device type, with its rule family and prompt shape."""

from __future__ import annotations

import re

import pytest

from netraven_tui.backup.rules import rules_for
from netraven_tui.lab.dialects import DIALECTS
from netraven_tui.lab.dialects.base import Terminal
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
        assert prompt.match(
            dialect.prompt(Terminal("core-rtr01.example.net", "netops", privileged))
        )


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


def _netmiko_device_types() -> set[str]:
    from netmiko.ssh_dispatcher import CLASS_MAPPER_BASE

    return set(CLASS_MAPPER_BASE)


def test_every_platform_is_a_netmiko_device_type() -> None:
    # A name Netmiko does not know would fail every backup of the device with "unsupported".
    unknown = sorted(set(BUILTIN_PLATFORMS) - _netmiko_device_types())
    assert not unknown, f"not Netmiko device types: {unknown}"


def test_the_table_covers_the_platforms_real_networks_run() -> None:
    required = {
        "cisco_ios", "cisco_xe", "cisco_nxos", "cisco_xr", "cisco_asa", "cisco_ftd", "cisco_wlc",
        "arista_eos", "juniper_junos", "mikrotik_routeros", "huawei", "paloalto_panos",
        "fortinet", "hp_comware", "hp_procurve", "aruba_os", "aruba_aoscx", "dell_os10",
        "extreme_exos", "vyos", "f5_tmsh", "checkpoint_gaia", "ubiquiti_edgeswitch",
        "ruckus_fastiron", "mellanox_mlnxos",
    }  # fmt: skip
    assert required <= set(BUILTIN_PLATFORMS)
    assert len(BUILTIN_PLATFORMS) >= 30


@pytest.mark.parametrize("platform", sorted(BUILTIN_PLATFORMS))
def test_each_row_is_complete_and_its_regexes_compile(platform: str) -> None:
    spec = BUILTIN_PLATFORMS[platform]
    assert spec.device_type == platform and spec.label and spec.commands
    assert all(command.strip() == command and command for command in spec.commands)
    assert isinstance(spec.family, RuleFamily)
    assert (spec.origin, spec.inherits) == ("built-in", None)
    re.compile(spec.prompt)
    if spec.end_marker is not None:
        re.compile(spec.end_marker)


@pytest.mark.parametrize(
    ("platform", "command", "family"),
    [
        # keys in clear (masked before storing): "show running-config" prints "*****"
        ("cisco_asa", "more system:running-config", RuleFamily.ASA),
        ("cisco_wlc", "show run-config commands", RuleFamily.AIREOS),
        ("paloalto_panos", "show config running", RuleFamily.PANOS),
        ("fortinet", "show", RuleFamily.FORTINET),
        ("hp_comware", "display current-configuration", RuleFamily.COMWARE),
        ("f5_tmsh", "show running-config", RuleFamily.F5),
        ("checkpoint_gaia", "show configuration", RuleFamily.CHECKPOINT),
        ("vyos", "show configuration commands", RuleFamily.VYOS),
        ("extreme_exos", "show configuration", RuleFamily.EXOS),
        ("dell_os10", "show running-configuration", RuleFamily.IOS),
    ],
)
def test_capture_command_and_family(platform: str, command: str, family: RuleFamily) -> None:
    spec = BUILTIN_PLATFORMS[platform]
    assert spec.commands == (command,) and spec.family is family


@pytest.mark.parametrize(
    ("platform", "prompts", "not_prompts"),
    [
        ("cisco_wlc", ["(Cisco Controller) >", "(WLC01) >"], ["config sysname WLC01"]),
        ("aruba_os", ["(mc01) >", "(mc01) #", "(mc01) (config) #", "(mc01) [mynode] #"], ["!"]),
        ("ubiquiti_edgeswitch", ["(UBNT EdgeSwitch) >", "(UBNT EdgeSwitch) (Config)#"], ["exit"]),
        ("hp_comware", ["<cw-core01>", "[cw-core01]", "[cw-core01-Vlan-interface10]"], ["#"]),
        ("f5_tmsh", ["admin@(bigip1)(cfg-sync Standalone)(Active)(/Common)(tmos)# "], ["}"]),
        ("checkpoint_gaia", ["gw01> ", "[Expert@gw01:0]# "], ["set hostname gw01"]),
        ("ruckus_fastiron", ["SSH@icx-access01>", "icx-access01#", "icx(config)#"], ["end"]),
        ("mellanox_mlnxos", ["leaf01 [standalone: master] > ", "leaf01 [standalone: master] # "],
         ["## Hostname: leaf01"]),
        ("cisco_ftd", ["> ", "firepower# "], [": end"]),
    ],
)  # fmt: skip
def test_prompt_shapes_of_the_new_platforms(
    platform: str, prompts: list[str], not_prompts: list[str]
) -> None:
    prompt = re.compile(BUILTIN_PLATFORMS[platform].prompt)
    assert all(prompt.match(p) for p in prompts), [p for p in prompts if not prompt.match(p)]
    assert not any(prompt.match(p) for p in not_prompts)


def test_the_readme_lists_every_platform_with_its_command_and_family() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in readme.splitlines()
        if line.startswith("| `")
    }
    for name, spec in BUILTIN_PLATFORMS.items():
        assert name in rows, f"README platform table lacks {name}"
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", rows[name])]
        assert cells[3].strip("`").replace("\\|", "|") == "; ".join(spec.commands), name
        assert cells[6] == spec.family.value, name
