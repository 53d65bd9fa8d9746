"""The rule evaluator on configuration texts: each rule kind, and the literal pre-filter."""

from __future__ import annotations

import re

import pytest

from netraven_tui.compliance_rules import (
    CompiledRule,
    ConfigText,
    LineMatcher,
    evaluate_config,
    required_literal,
)
from netraven_tui.domain import ComplianceRule, ComplianceStatus, RuleKind, ValidationError
from netraven_tui.lab.configs import expected_config
from tests.compliance.helpers import BAD_IOS, GOOD_IOS

OK, BAD = ComplianceStatus.COMPLIANT, ComplianceStatus.NON_COMPLIANT


def rule(kind: str, pattern: str, section: str | None = None) -> CompiledRule:
    return CompiledRule(ComplianceRule("r", RuleKind(kind), pattern, section))


def verdict(text: str | None, *args: str, platform: str = "cisco_ios"):
    return evaluate_config(text, platform, [rule(*args)])[0]


GOOD, WORSE = GOOD_IOS.format(hostname="r1"), BAD_IOS.format(hostname="r2")


def test_must() -> None:
    found = verdict(GOOD, "must", r"^ntp server 192\.0\.2\.1$")
    assert (found.status, found.lines, found.detail) == (OK, (4,), "line 4: ntp server 192.0.2.1")
    missing = verdict(WORSE, "must", r"^ntp server 192\.0\.2\.1$")
    assert missing.status is BAD and missing.lines == ()
    assert missing.detail == r"missing: no line matches '^ntp server 192\\.0\\.2\\.1$'"


def test_must_not() -> None:
    assert verdict(GOOD, "must_not", r"^ip http server$").status is OK
    hits = verdict(WORSE + "ip http server\n", "must_not", r"^ip http server$")
    assert hits.status is BAD and hits.lines == (4, 14)
    assert hits.detail == "line 4: ip http server\nline 14: ip http server"


def test_section_must() -> None:
    good = verdict(GOOD, "must", r"^ description \S", r"^interface GigabitEthernet")
    assert good.status is OK and "all 2 sections" in good.detail
    bad = verdict(WORSE, "must", r"^ description \S", r"^interface GigabitEthernet")
    assert bad.status is BAD and bad.lines == (6,)
    assert bad.detail == ("interface GigabitEthernet0/1 (line 6): missing '^ description \\\\S'")


def test_section_must_not() -> None:
    assert verdict(GOOD, "must_not", r"^ shutdown$", r"^interface GigabitEthernet").status is OK
    bad = verdict(WORSE, "must_not", r"^ shutdown$", r"^interface GigabitEthernet")
    assert (bad.status, bad.lines) == (BAD, (8,))
    assert bad.detail == "interface GigabitEthernet0/1 › line 8: shutdown"
    # Loopback0 is not a GigabitEthernet section: its lines do not count
    assert verdict(GOOD, "must_not", r"ip address", r"^interface Loopback").status is BAD


def test_no_matching_section_is_compliant_and_says_so() -> None:
    found = verdict(GOOD, "must", r"^ description", r"^interface TenGigabitEthernet")
    assert found.status is OK
    assert found.detail == "no section '^interface TenGigabitEthernet' in this configuration"


def test_section_rule_on_a_flat_platform_is_an_error() -> None:
    found = verdict(
        "set system host-name r1\n", "must", "x", "^interfaces", platform="juniper_junos"
    )
    assert found.status is ComplianceStatus.ERROR and "flat" in found.detail


def test_no_configuration() -> None:
    found = verdict(None, "must", "x")
    assert found.status is ComplianceStatus.NO_CONFIG


def test_a_text_the_section_parser_refuses_is_an_error_not_a_crash() -> None:
    found = verdict(" indented\n  more\n", "must", "x", r"^ indented")
    assert found.status is ComplianceStatus.ERROR and "could not read lines" in found.detail


def test_long_details_are_cut_but_every_line_is_kept() -> None:
    text = "\n".join("ip http server" for _ in range(30))
    found = verdict(text, "must_not", "^ip http server$")
    assert len(found.lines) == 30 and found.detail.endswith("… and 10 more lines")


def test_bad_patterns_are_refused_with_one_line() -> None:
    with pytest.raises(ValidationError, match=r"must: '\(': not a valid regular expression"):
        rule("must", "(")


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"^ntp server 192\.0\.2\.1$", "ntp server 192.0.2.1"),
        (r"^ description \S", " description "),
        (r"^interface (Gi|Te)\S+ uplink", "interface "),
        (r"(?i)^ntp server", None),
        (r"^a|bcd", None),
        (r"\d+", None),
    ],
)
def test_required_literal(pattern: str, literal: str | None) -> None:
    assert required_literal(pattern) == literal


@pytest.mark.parametrize(
    "pattern",
    [
        r"^ntp server",
        r"^ description \S",
        r"^ shutdown$",
        r"permit",
        r"^interface \S+\d$",
        r"(?i)SECRET",
        r"^ ip address \d+\.\d+",
        r"0/1$",
        r"^\s+rule \d+ permit",
    ],
)
def test_the_literal_pre_filter_finds_exactly_what_a_line_by_line_search_finds(
    pattern: str,
) -> None:
    matcher = LineMatcher(pattern, "test")
    regex = re.compile(pattern)
    for platform in ("cisco_ios", "arista_eos", "huawei", "juniper_junos"):
        config = ConfigText(expected_config(platform, "f1", 2), platform)
        naive = [i for i, line in enumerate(config.lines) if regex.search(line)]
        assert matcher.find(config) == naive
        assert matcher.find(config, first_only=True) == naive[:1]
