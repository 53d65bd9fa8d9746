"""Evaluating compliance rules on one configuration text (pure: no database, no git).

A rule's pattern is matched against each line as stored (indentation included, so
``'^ description \\S'`` finds an IOS interface's description). Without ``section`` the whole
text is searched; with it, every line matching ``section`` opens a section (netraven_tui.sections)
and the rule applies to the lines nested in it, for each such section.

Speed: 1,000 configurations x 20 rules must evaluate in well under two seconds, so a pattern's
required literal (``ntp server 192.0.2.1`` in ``^ntp server 192\\.0\\.2\\.1$``) is found with
``str.find`` over the whole text and only the lines holding it are tried with the regex.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from netraven_tui.domain import ComplianceRule, ComplianceStatus, RuleKind
from netraven_tui.patterns import compile_user_pattern
from netraven_tui.sections import SectionModel, SectionParseError

MAX_DETAIL_ITEMS = 20  # offending lines or sections named in a detail
MAX_LINES = 500  # offending line numbers kept for highlighting
NO_CONFIG = "no configuration stored for this device yet"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: ComplianceStatus
    detail: str
    lines: tuple[int, ...] = ()  # 1-based offending lines (parents of sections lacking a line)


class LineMatcher:
    """A user pattern, matched line by line, with a literal pre-filter when it has one."""

    def __init__(self, pattern: str, where: str) -> None:
        self.source = pattern
        self.regex = compile_user_pattern(pattern, where=where)
        self.literal = required_literal(pattern)

    def matches(self, line: str) -> bool:
        if self.literal is not None and self.literal not in line:
            return False
        return self.regex.search(line) is not None

    def find(self, config: ConfigText, first_only: bool = False) -> list[int]:
        """0-based indices of the matching lines of ``config``."""
        if self.literal is None:
            found = []
            for index, line in enumerate(config.lines):
                if self.regex.search(line) is not None:
                    found.append(index)
                    if first_only:
                        break
            return found
        text, literal, found = config.joined, self.literal, []
        position = text.find(literal)
        while position >= 0:
            index = config.line_at(position)
            if self.regex.search(config.lines[index]) is not None:
                found.append(index)
                if first_only:
                    break
            position = text.find(literal, config.line_end(index) + 1)
        return found


class CompiledRule:
    """A rule with its patterns compiled (once per evaluation, shared by every device)."""

    def __init__(self, rule: ComplianceRule, where: str = "rule") -> None:
        self.rule = rule
        self.pattern = LineMatcher(rule.pattern, f"{where}.{rule.kind.value}")
        self.section = LineMatcher(rule.section, f"{where}.section") if rule.section else None


class ConfigText:
    """One configuration split into lines once, searched by every rule."""

    def __init__(self, text: str, platform: str) -> None:
        self.lines = text.splitlines()
        self.joined = "\n".join(self.lines)
        self.platform = platform
        self._starts: list[int] | None = None
        self._sections: SectionModel | None = None

    def line_at(self, offset: int) -> int:
        """The 0-based index of the line holding character ``offset`` of ``joined``."""
        if self._starts is None:
            self._starts = [0, *accumulate(len(line) + 1 for line in self.lines)]
        return bisect.bisect_right(self._starts, offset) - 1

    def line_end(self, index: int) -> int:
        assert self._starts is not None
        return self._starts[index + 1] - 1

    @property
    def sections(self) -> SectionModel:
        if self._sections is None:
            self._sections = SectionModel(self.joined, self.platform, self.lines)
        return self._sections


def evaluate_config(
    text: str | None, platform: str, rules: Sequence[CompiledRule]
) -> list[Verdict]:
    """One verdict per rule, in order, for the configuration ``text`` (None: not backed up)."""
    if text is None:
        return [Verdict(ComplianceStatus.NO_CONFIG, NO_CONFIG) for _ in rules]
    config = ConfigText(text, platform)
    return [evaluate_rule(config, rule) for rule in rules]


def evaluate_rule(config: ConfigText, rule: CompiledRule) -> Verdict:
    """The verdict of one rule on one configuration."""
    if rule.section is None:
        return _whole_text(config, rule)
    if not config.sections.hierarchical:
        return Verdict(
            ComplianceStatus.ERROR,
            f"section rules need a configuration with sections; {config.platform} "
            "configurations are flat (one command per line): drop 'section' or add a "
            "'platforms' filter",
        )
    try:
        return _in_sections(config, rule)
    except SectionParseError as error:
        return Verdict(ComplianceStatus.ERROR, str(error))


def required_literal(pattern: str) -> str | None:
    """The longest run of plain characters every match must contain, if any (>= 2 chars)."""
    try:
        parsed = re._parser.parse(pattern)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a syntax only the real engine knows: no pre-filter
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    literal_op = re._constants.LITERAL  # type: ignore[attr-defined]
    best, run = "", []
    for op, value in parsed:
        if op is literal_op:
            run.append(chr(value))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    if len(run) > len(best):
        best = "".join(run)
    return best if len(best) >= 2 else None


# --------------------------------------------------------------------------- helpers


def _whole_text(config: ConfigText, rule: CompiledRule) -> Verdict:
    pattern = rule.pattern.source
    if rule.rule.kind is RuleKind.MUST:
        found = rule.pattern.find(config, first_only=True)
        if found:
            return Verdict(ComplianceStatus.COMPLIANT, _line(config, found[0]), (found[0] + 1,))
        return Verdict(ComplianceStatus.NON_COMPLIANT, f"missing: no line matches {pattern!r}")
    found = rule.pattern.find(config)
    if not found:
        return Verdict(ComplianceStatus.COMPLIANT, f"no line matches {pattern!r}")
    items = [_line(config, index) for index in found]
    return Verdict(
        ComplianceStatus.NON_COMPLIANT,
        _join(items, "line"),
        tuple(index + 1 for index in found[:MAX_LINES]),
    )


def _in_sections(config: ConfigText, rule: CompiledRule) -> Verdict:
    assert rule.section is not None
    model = config.sections
    parents = rule.section.find(config)
    where = f"section {rule.section.source!r}"
    if not parents:
        return Verdict(ComplianceStatus.COMPLIANT, f"no {where} in this configuration")
    must = rule.rule.kind is RuleKind.MUST
    offending: list[int] = []  # parents lacking a line (must) or offending children (must_not)
    items: list[str] = []
    lines, matches = config.lines, rule.pattern.matches
    for parent in parents:
        section = model.section(parent + 1)
        if must:
            if not any(matches(lines[n - 1]) for n in section.children):
                offending.append(parent)
                items.append(
                    f"{section.text.strip()} (line {parent + 1}): missing {rule.pattern.source!r}"
                )
            continue
        for number in section.children:
            if matches(lines[number - 1]):
                offending.append(number - 1)
                items.append(f"{section.text.strip()} › {_line(config, number - 1)}")
    count = len(parents)
    if not offending:
        if must:
            detail = f"all {count} sections matching {rule.section.source!r} have a line matching {rule.pattern.source!r}"
        else:
            detail = f"no line matching {rule.pattern.source!r} in {count} sections matching {rule.section.source!r}"
        return Verdict(ComplianceStatus.COMPLIANT, detail)
    what = "section" if must else "line"
    return Verdict(
        ComplianceStatus.NON_COMPLIANT,
        _join(items, what),
        tuple(index + 1 for index in offending[:MAX_LINES]),
    )


def _line(config: ConfigText, index: int) -> str:
    return f"line {index + 1}: {config.lines[index].strip()}"


def _join(items: list[str], what: str) -> str:
    shown = items[:MAX_DETAIL_ITEMS]
    more = len(items) - len(shown)
    tail = [f"… and {more} more {what}{'s' if more != 1 else ''}"] if more else []
    return "\n".join([*shown, *tail])
