"""User patterns run on RE2: linear time, line by line, one-line errors for what RE2 cannot do."""

from __future__ import annotations

import re

import pytest

from netraven_tui.domain import ValidationError
from netraven_tui.patterns import compile_user_pattern, smart_pattern

# 3,000 lines of 70 characters: Python's re would not finish `(.|.)*X` on even one of them.
BIG_CONFIG = "".join(
    f"interface GigabitEthernet0/{i}\n description uplink {i} to the {'X' if i % 500 == 7 else 'x'}"
    f"-core router in building {i % 40}\n"
    for i in range(1500)
)


def test_a_catastrophic_pattern_finishes_with_the_right_lines() -> None:
    pattern = compile_user_pattern("(.|.)*X")
    lines = BIG_CONFIG.splitlines()
    expected = [index for index, line in enumerate(lines) if "X" in line]
    assert len(expected) == 3
    assert pattern.matching_lines(BIG_CONFIG) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (r"(a)\1", "backreferences are not supported"),
        (r"(?P<n>a)(?P=n)", "backreferences are not supported"),
        (r"foo(?=bar)", "lookahead and lookbehind are not supported"),
        (r"(?<!no )shutdown", "lookahead and lookbehind are not supported"),
        (r"end\Z", r"\Z is not supported"),
        ("[", "not a valid regular expression: missing ]"),
    ],
)
def test_unsupported_patterns_are_one_line_errors(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        compile_user_pattern(text)
    message = str(caught.value)
    assert message.startswith(f"pattern: '{text}': {reason}")
    assert "\n" not in message


@pytest.mark.parametrize(
    "pattern",
    [
        r"^ntp server",
        r"server 10\.0\.",
        r"^$",
        r"shutdown$",
        r"^\s+ip address",
        r"a[^x]*b",
        r"\bend\b",
    ],
)
def test_matches_the_same_lines_as_python_re_line_by_line(pattern: str) -> None:
    text = (
        "hostname r1\n\nntp server 10.0.0.1\n ip address 10.0.0.1 255.0.0.0\n shutdown\n"
        "a line\nbanner motd ab\nend\nntp server 10.9.0.1 prefer\n no shutdown\n"
    )
    lines = text.splitlines()
    expected = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    assert compile_user_pattern(pattern).matching_lines(text) == expected


def test_a_match_never_spans_two_lines() -> None:
    assert compile_user_pattern(r"a\sb").matching_lines("a\nb\na b\n") == [2]
    assert compile_user_pattern("(?s)a.b").matching_lines("a\nb\n") == []


def test_ignore_case_and_character_offsets_for_highlighting() -> None:
    pattern = compile_user_pattern("ntp", ignore_case=True)
    assert pattern.matching_lines("NTP server\nfoo\n ntp") == [0, 2]
    assert list(compile_user_pattern("é+").spans("café éé")) == [(3, 4), (5, 7)]


def test_lines_cut_at_other_line_breaks_are_still_matched_one_by_one() -> None:
    assert compile_user_pattern("x").matching_lines("x\rnone\nx\x0bx") == [0, 2, 3]


def test_find_box_smart_case_and_literal_fallback() -> None:
    assert smart_pattern("") is None
    lower = smart_pattern("ntp")
    assert lower is not None and lower.ignore_case and lower.search_line("NTP server")
    upper = smart_pattern("NTP")
    assert upper is not None and not upper.ignore_case and not upper.search_line("ntp server")
    literal = smart_pattern(r"(a)\1")  # not RE2: matched as typed, never an error in a find box
    assert (
        literal is not None and literal.search_line(r"x (a)\1 y") and not literal.search_line("aa")
    )
