"""The policy file format: good files, round trips, and every refusal with its FILE:line."""

from __future__ import annotations

import pytest

from netraven_tui.domain import CompliancePolicy, ComplianceRule, RuleKind
from netraven_tui.policy_file import PolicyFileError, read_policies, write_policies
from tests.compliance.helpers import BASELINE

PLATFORMS = ("cisco_ios", "juniper_junos")


def test_the_issue_example_reads_as_written() -> None:
    (item,) = read_policies(BASELINE, "baseline.toml", PLATFORMS)
    policy = item.policy
    assert (policy.name, policy.description, policy.tags, policy.platforms) == (
        "baseline",
        "what every router must have",
        ("core",),
        (),
    )
    assert policy.rules[0] == ComplianceRule("ntp", RuleKind.MUST, r"^ntp server 192\.0\.2\.1$")
    assert policy.rules[1].kind is RuleKind.MUST_NOT
    assert policy.rules[2].section == "^interface GigabitEthernet"
    assert item.line == 1 and item.line_of("tags") == 4 and item.line_of("rule:ntp") == 7


def test_export_round_trips_awkward_values() -> None:
    policies = [
        CompliancePolicy(
            "a.b-c_d",
            'it\'s "quoted"\tand ünïcode',
            ("core", "edge"),
            ("cisco_ios",),
            (
                ComplianceRule("q", RuleKind.MUST, r"^logging host '10\.0\.0\.1'$"),
                ComplianceRule("s", RuleKind.MUST_NOT, r"\\x", r"^line (con|vty)"),
            ),
        ),
        CompliancePolicy("second", rules=(ComplianceRule("x", RuleKind.MUST, "x"),)),
    ]
    text = write_policies(policies)
    assert [p.policy for p in read_policies(text, "x.toml", PLATFORMS)] == policies
    assert write_policies([p.policy for p in read_policies(text)]) == text


def error(text: str) -> str:
    with pytest.raises(PolicyFileError) as refused:
        read_policies(text, "p.toml", PLATFORMS)
    return str(refused.value)


RULE = "[[policy.rule]]\nname = \"r\"\nmust = 'x'\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[policy]\nname = 'a'\n", "p.toml:1: not valid TOML: "),
        ("name = 'a'\n", "p.toml:1: unknown key 'name'; expected [[policy]] tables"),
        ("# nothing\n", "p.toml:1: no [[policy]] table in the file"),
        ("[[policy]]\ndescription = 'x'\n" + RULE, "p.toml:1: a policy needs a name"),
        ("[[policy]]\nname = 'a b'\n" + RULE, "p.toml:2: policy name 'a b' is not valid"),
        ("[[policy]]\nname = 'a'\ntag = ['x']\n" + RULE, "p.toml:3: unknown key 'tag' in a policy"),
        (
            "[[policy]]\nname = 'a'\ntags = 'core'\n" + RULE,
            "p.toml:3: policy 'a': tags must be a list",
        ),
        (
            "[[policy]]\nname = 'a'\nplatforms = ['cisco_iox']\n" + RULE,
            "p.toml:3: policy 'a': unknown platform 'cisco_iox'",
        ),
        ("[[policy]]\nname = 'a'\n", "p.toml:1: policy 'a' has no rules"),
        (
            "[[policy]]\nname = 'a'\n" + RULE + "[[policy]]\nname = 'a'\n" + RULE,
            "p.toml:7: policy 'a' is defined twice (first at line 2)",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nmust = 'x'\n",
            "p.toml:3: policy 'a': a rule needs a name",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nname = 'r'\n",
            "p.toml:3: policy 'a' rule 'r' has neither 'must' nor 'must_not'",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nname = 'r'\nmust = 'x'\nmust_not = 'y'\n",
            "p.toml:3: policy 'a' rule 'r' has both 'must' and 'must_not'",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nname = 'r'\nmust = 'x'\nsection = 3\n",
            "p.toml:6: policy 'a' rule 'r': section must be a string",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nname = 'r'\nmust = '^(ntp'\n",
            "p.toml:5: policy 'a' rule 'r': '^(ntp': not a valid regular expression: missing )",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nname = 'r'\nsection = '['\nmust = 'x'\n",
            "p.toml:5: policy 'a' rule 'r': '[': not a valid regular expression",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nname = 'r'\nmust = ''\n",
            "p.toml:5: policy 'a' rule 'r': the pattern is empty",
        ),
        (
            "[[policy]]\nname = 'a'\n[[policy.rule]]\nname = 'r'\nmustt = 'x'\n",
            "p.toml:5: policy 'a': unknown key 'mustt' in a rule",
        ),
        (
            "[[policy]]\nname = 'a'\n" + RULE + RULE,
            "p.toml:7: policy 'a': rule 'r' is defined twice (first at line 4)",
        ),
    ],
)
def test_each_refusal_names_the_file_and_line(text: str, expected: str) -> None:
    assert error(text).startswith(expected)


def test_lines_are_found_past_multi_line_strings_and_in_the_right_policy() -> None:
    text = (
        "[[policy]]\nname = 'a'\ndescription = '''\n[[policy.rule]]\nmust = 'fake'\n'''\n"
        + RULE
        + "[[policy]]\nname = 'b'\n[[policy.rule]]\nname = 'r'\nmust = '('\n"
    )
    assert read_policies(text.replace("'('", "'x'"))[0].policy.description.startswith("[[policy")
    assert error(text).startswith("p.toml:14: policy 'b' rule 'r'")
    broken_a = text.replace("must = 'x'", "must = '('", 1)
    assert error(broken_a).startswith("p.toml:9: policy 'a' rule 'r'")
