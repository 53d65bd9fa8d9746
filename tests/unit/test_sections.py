"""The section model: netutils' parsers per platform family, mapped back to line numbers."""

from __future__ import annotations

import pytest

from netraven_tui.lab.configs import SUPPORTED_PLATFORMS, expected_config
from netraven_tui.platforms import BUILTIN_PLATFORMS, RuleFamily
from netraven_tui.sections import (
    SECTION_PARSERS,
    Section,
    SectionModel,
    family_of,
    parent_chain,
    section_of,
)

IOS = """\
Building configuration...
!
hostname r1
!
interface GigabitEthernet0/1
 description uplink

 ip address 10.0.0.1 255.255.255.252
 !
 shutdown
!
router bgp 65000
 bgp log-neighbor-changes
 address-family ipv4
  neighbor 10.0.0.2 activate
 exit-address-family
!
banner motd ^C
Authorised use only
interface GigabitEthernet9/9 is not an interface here
^C
line vty 0 4
 transport input ssh
end
"""


def test_every_builtin_platform_has_a_family() -> None:
    assert set(SECTION_PARSERS) == set(RuleFamily)
    assert {family_of(p).name for p in BUILTIN_PLATFORMS} >= {"ios", "nxos", "flat", "huawei"}
    assert family_of("not-a-platform").name == "flat"


def test_ios_sections_children_and_parent_chains() -> None:
    model = SectionModel(IOS, "cisco_ios")
    assert model.section(5) == Section(5, "interface GigabitEthernet0/1", (6, 8, 10))
    assert model.section(12).children == (13, 14, 15, 16)
    assert model.section(14) == Section(14, " address-family ipv4", (15,))
    assert model.section(3).children == ()  # a line without children: an empty section
    assert model.parents(15) == (12, 14)
    assert parent_chain(IOS, 15, "cisco_ios") == ("router bgp 65000", "address-family ipv4")
    assert section_of(IOS, 8, "cisco_ios") == "interface GigabitEthernet0/1"
    assert section_of(IOS, 15, "cisco_ios") == "router bgp 65000 › address-family ipv4"
    assert section_of(IOS, 3, "cisco_ios") is None
    # the banner's body belongs to the banner, even its unindented lines
    assert section_of(IOS, 20, "cisco_ios") == "banner motd ^C"
    assert section_of(IOS, 23, "cisco_ios") == "line vty 0 4"


@pytest.mark.parametrize("platform", ["cisco_ios", "cisco_xe", "cisco_nxos", "arista_eos"])
def test_block_wise_parse_equals_one_netutils_parse_of_the_whole(platform: str) -> None:
    for index in range(12):
        text = expected_config(platform, f"sw{index}", 3)
        fast = SectionModel(text, platform)
        whole = SectionModel(text, platform, whole=True)
        numbers = range(1, len(fast.lines) + 1)
        assert [fast.parent(n) for n in numbers] == [whole.parent(n) for n in numbers]
        assert [fast.section(n) for n in numbers] == [whole.section(n) for n in numbers]


def test_every_lab_platform_parses_and_names_a_description_section() -> None:
    names = {}
    for platform in SUPPORTED_PLATFORMS:
        text = expected_config(platform, "x1", 5)
        lines = text.splitlines()
        number = next(
            n for n, line in enumerate(lines, 1) if "description" in line or "comment=" in line
        )
        names[platform] = section_of(text, number, platform)
    assert names["cisco_ios"].startswith("interface ")
    assert names["cisco_nxos"].startswith("interface ")
    assert names["arista_eos"].startswith("interface ")
    assert names["huawei"].startswith("interface ")
    assert names["mikrotik_routeros"].startswith("/interface")  # best effort: the /path line
    assert names["juniper_junos"] is None  # set commands are flat


def test_huawei_sections_end_at_hash_lines_and_unindented_lines() -> None:
    text = (
        "#\n sysname hw1\n#\nuser-interface con 0\n authentication-mode aaa\n"
        "user-interface vty 0 4\n protocol inbound ssh\n#\n"
    )
    model = SectionModel(text, "huawei")
    assert model.parent(2) is None  # an indented line after '#' stands alone
    assert model.section(4).children == (5,)
    assert model.parent(6) is None and model.section(6).children == (7,)


def test_routeros_path_lines_hold_the_lines_after_them() -> None:
    text = "# comment\n/interface bridge\nadd name=br1\n/ip address\nadd address=10.0.0.1/24\n"
    model = SectionModel(text, "mikrotik_routeros")
    assert model.section(2).children == (3,)
    assert model.chain(5) == ("/ip address",)
    assert list(model.sections()) == [
        Section(2, "/interface bridge", (3,)),
        Section(4, "/ip address", (5,)),
    ]


def test_flat_platforms_have_no_sections() -> None:
    text = 'set interfaces ge-0/0/0 description "x"\nset system host-name r1\n'
    model = SectionModel(text, "juniper_junos")
    assert not model.hierarchical and model.parents(1) == () and list(model.sections()) == []


def test_text_the_parser_refuses_is_one_readable_error() -> None:
    from netraven_tui.sections import SectionParseError

    with pytest.raises(SectionParseError, match=r"ios section parser could not read lines 1-2"):
        SectionModel(" indented first line\n second\n", "cisco_ios").parent(2)
    assert section_of(" indented first line\n second\n", 2, "cisco_ios") is None
