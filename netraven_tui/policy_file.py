"""Compliance policies as TOML a user keeps in git: read (with line numbers), and write back.

```toml
[[policy]]
name = "baseline"
description = "what every router must have"
tags = ["core"]            # devices with any of these tags (every device when empty)
platforms = []             # only these device types (every platform when empty)
[[policy.rule]]
name = "ntp"
must = '^ntp server 192\\.0\\.2\\.1$'
[[policy.rule]]
name = "uplink-descriptions"
section = '^interface GigabitEthernet'
must = '^ description \\S'
```

``tomllib`` reports line numbers for syntax errors only, so :class:`KeyLines` finds the line of
each ``[[policy]]``/``[[policy.rule]]`` table and each key in the text itself: every refusal
reads ``FILE:LINE: reason``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from netraven_tui.domain import CompliancePolicy, ComplianceRule, RuleKind, ValidationError
from netraven_tui.patterns import compile_user_pattern

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
POLICY_KEYS = ("name", "description", "tags", "platforms", "rule")
RULE_KEYS = ("name", "must", "must_not", "section")


class PolicyFileError(ValidationError):
    """``FILE:LINE: reason``: the whole file is refused."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}", message)
        self.source = source
        self.line = line


@dataclass(frozen=True, slots=True)
class LocatedPolicy:
    """A policy read from a file, with where its parts are (for errors found later)."""

    policy: CompliancePolicy
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def read_policies(
    text: str, source: str = "<policies>", platforms: Iterable[str] | None = None
) -> list[LocatedPolicy]:
    """Parse and check a policy file; raises :class:`PolicyFileError` at the first problem.

    ``platforms``: the known device types (a policy naming another one is refused).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, reason = _toml_error(str(error), text)
        raise PolicyFileError(source, line, f"not valid TOML: {reason}") from None
    lines = KeyLines(text)
    for key in data:
        if key != "policy":
            raise PolicyFileError(
                source, lines.top(key), f"unknown key {key!r}; expected [[policy]] tables"
            )
    raw = data.get("policy", [])
    if not isinstance(raw, list) or not raw:
        raise PolicyFileError(source, lines.top("policy"), "no [[policy]] table in the file")
    known = frozenset(platforms) if platforms is not None else None
    seen: dict[str, int] = {}
    located = []
    for index, table in enumerate(raw):
        item = _policy(table, index, lines, source, known)
        name = item.policy.name
        if name in seen:
            raise PolicyFileError(
                source,
                item.line_of("name"),
                f"policy {name!r} is defined twice (first at line {seen[name]})",
            )
        seen[name] = item.line_of("name")
        located.append(item)
    return located


def write_policies(policies: Sequence[CompliancePolicy]) -> str:
    """The TOML text of ``policies`` (read back by :func:`read_policies` to the same data)."""
    out: list[str] = []
    for policy in policies:
        if out:
            out.append("")
        out.append("[[policy]]")
        out.append(f"name = {_string(policy.name)}")
        if policy.description:
            out.append(f"description = {_string(policy.description)}")
        out.append(f"tags = [{', '.join(_string(t) for t in policy.tags)}]")
        out.append(f"platforms = [{', '.join(_string(p) for p in policy.platforms)}]")
        for rule in policy.rules:
            out.append("[[policy.rule]]")
            out.append(f"name = {_string(rule.name)}")
            if rule.section is not None:
                out.append(f"section = {_string(rule.section)}")
            out.append(f"{rule.kind.value} = {_string(rule.pattern)}")
    return "\n".join(out) + "\n"


class KeyLines:
    """Line numbers of tables and keys in a policy file, found by scanning its text."""

    _HEADER = re.compile(r"^\s*\[\[\s*(policy(?:\s*\.\s*rule)?)\s*\]\]")
    _KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")

    def __init__(self, text: str) -> None:
        self.policies: list[int] = []  # line of each [[policy]]
        self.rules: list[list[int]] = []  # per policy, line of each [[policy.rule]]
        self.keys: dict[tuple[int | None, int | None, str], int] = {}
        policy: int | None = None
        rule: int | None = None
        in_string = False
        for number, line in enumerate(text.splitlines(), start=1):
            quotes = line.count("'''") + line.count('"""')
            if in_string:
                in_string = quotes % 2 == 0
                continue
            header = self._HEADER.match(line)
            if header:
                if "rule" in header.group(1):
                    if policy is None:
                        continue
                    self.rules[policy].append(number)
                    rule = len(self.rules[policy]) - 1
                else:
                    self.policies.append(number)
                    self.rules.append([])
                    policy, rule = len(self.policies) - 1, None
            else:
                key = self._KEY.match(line)
                if key:
                    name = key.group(1).strip("\"'")
                    self.keys.setdefault((policy, rule, name), number)
            in_string = quotes % 2 == 1

    def top(self, key: str) -> int:
        return self.keys.get((None, None, key), 1)

    def policy(self, index: int) -> int:
        return self.policies[index] if index < len(self.policies) else self.top("policy")

    def rule(self, policy: int, index: int) -> int:
        rules = self.rules[policy] if policy < len(self.rules) else []
        return rules[index] if index < len(rules) else self.policy(policy)

    def key(self, policy: int, rule: int | None, key: str) -> int:
        found = self.keys.get((policy, rule, key))
        if found is not None:
            return found
        return self.policy(policy) if rule is None else self.rule(policy, rule)


# --------------------------------------------------------------------------- helpers


def _policy(
    table: object, index: int, lines: KeyLines, source: str, known: frozenset[str] | None
) -> LocatedPolicy:
    where = lines.policy(index)
    if not isinstance(table, dict):
        raise PolicyFileError(source, where, "a policy must be a [[policy]] table")
    for key in table:
        if key not in POLICY_KEYS:
            raise PolicyFileError(
                source,
                lines.key(index, None, key),
                f"unknown key {key!r} in a policy; expected one of {', '.join(POLICY_KEYS)}",
            )
    name = _name(table, "policy", lines.key(index, None, "name"), where, source)
    label = f"policy {name!r}"
    description = table.get("description", "")
    if not isinstance(description, str):
        raise PolicyFileError(
            source, lines.key(index, None, "description"), f"{label}: description must be a string"
        )
    tags = _names(table, "tags", label, lines.key(index, None, "tags"), source)
    platforms = _names(table, "platforms", label, lines.key(index, None, "platforms"), source)
    if known is not None:
        for platform in platforms:
            if platform not in known:
                raise PolicyFileError(
                    source,
                    lines.key(index, None, "platforms"),
                    f"{label}: unknown platform {platform!r}; expected one of "
                    + ", ".join(sorted(known)),
                )
    raw_rules = table.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PolicyFileError(source, where, f"{label} has no rules; add [[policy.rule]] tables")
    rules: list[ComplianceRule] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_rules):
        rule = _rule(raw, label, index, number, lines, source)
        line = lines.key(index, number, "name")
        if rule.name in seen:
            raise PolicyFileError(
                source,
                line,
                f"{label}: rule {rule.name!r} is defined twice (first at line {seen[rule.name]})",
            )
        seen[rule.name] = line
        rules.append(rule)
    key_lines = {key: lines.key(index, None, key) for key in POLICY_KEYS}
    for number, rule in enumerate(rules):
        key_lines[f"rule:{rule.name}"] = lines.key(index, number, "name")
    policy = CompliancePolicy(name, description.strip(), tags, platforms, tuple(rules))
    return LocatedPolicy(policy, where, key_lines)


def _rule(
    raw: object, label: str, policy: int, index: int, lines: KeyLines, source: str
) -> ComplianceRule:
    where = lines.rule(policy, index)
    if not isinstance(raw, dict):
        raise PolicyFileError(source, where, f"{label}: a rule must be a [[policy.rule]] table")
    for key in raw:
        if key not in RULE_KEYS:
            raise PolicyFileError(
                source,
                lines.key(policy, index, key),
                f"{label}: unknown key {key!r} in a rule; expected one of {', '.join(RULE_KEYS)}",
            )
    name = _name(raw, "rule", lines.key(policy, index, "name"), where, source, label + ": ")
    rule_label = f"{label} rule {name!r}"
    kinds = [kind for kind in RuleKind if kind.value in raw]
    if len(kinds) != 1:
        problem = "has both 'must' and 'must_not'" if kinds else "has neither 'must' nor 'must_not'"
        raise PolicyFileError(source, where, f"{rule_label} {problem}; give exactly one")
    kind = kinds[0]
    pattern = _pattern(raw, kind.value, rule_label, lines.key(policy, index, kind.value), source)
    section = None
    if "section" in raw:
        section = _pattern(raw, "section", rule_label, lines.key(policy, index, "section"), source)
    return ComplianceRule(name, kind, pattern, section)


def _name(table: dict, what: str, line: int, header: int, source: str, prefix: str = "") -> str:
    if "name" not in table:
        raise PolicyFileError(source, header, f"{prefix}a {what} needs a name")
    name = table["name"]
    if not isinstance(name, str) or not NAME.match(name):
        raise PolicyFileError(
            source,
            line,
            f"{prefix}{what} name {name!r} is not valid (letters, digits, '.', '-', '_'; "
            "up to 64 characters, starting with a letter or digit)",
        )
    return name


def _names(table: dict, key: str, label: str, line: int, source: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PolicyFileError(source, line, f"{label}: {key} must be a list of names")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _pattern(raw: dict, key: str, label: str, line: int, source: str) -> str:
    value = raw[key]
    if not isinstance(value, str):
        raise PolicyFileError(
            source, line, f"{label}: {key} must be a string (a regular expression)"
        )
    if not value:
        raise PolicyFileError(
            source, line, f"{label}: the pattern is empty; expected a regular expression"
        )
    try:
        compile_user_pattern(value, where=key)
    except ValidationError as error:
        raise PolicyFileError(source, line, f"{label}: {error.message}") from None
    return value


def _toml_error(message: str, text: str) -> tuple[int, str]:
    found = re.search(r"\s*\(at line (\d+), column \d+\)", message)
    if found is not None:
        return int(found.group(1)), message[: found.start()]
    end = re.search(r"\s*\(at end of document\)", message)
    if end is not None:
        return max(len(text.splitlines()), 1), message[: end.start()]
    return 1, message


def _string(value: str) -> str:
    """A TOML string: a literal '...' string when it can be one (regexes stay readable)."""
    if "'" not in value and "\n" not in value and value.isprintable():
        return f"'{value}'"
    return json.dumps(
        value, ensure_ascii=False
    )  # JSON's escapes are valid TOML basic-string escapes
