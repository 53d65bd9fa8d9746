"""Secret masking: replace secret values, keep the line, so diffs stay readable.

``enable secret 5 $1$abc$xyz`` becomes ``enable secret 5 <removed>``. Patterns are per platform
family and deliberately generous: masking a value too many is better than leaking one.
"""

from __future__ import annotations

import re
from functools import cache

from netraven_tui.backup.noise import PLATFORM_FAMILY

MASK = "<removed>"

# Each pattern has a group named "v": the secret value that is replaced.
_TYPE = r"(?:\s+(?:\d{1,2}|sha512|sha256|md5|pbkdf2|scrypt|hidden|encrypted|clear|plain|cipher|7|0|5|8|9))?"
_IOS_LIKE = (
    rf"^\s*enable (?:secret|password)(?: level \d+)?{_TYPE}\s+(?P<v>\S+)",
    rf"^\s*username \S+.*?\b(?:secret|password){_TYPE}\s+(?P<v>\S+)",
    r"^\s*snmp-server community\s+(?P<v>\S+)",
    r"^\s*snmp-server host \S+(?: (?:informs|traps))?(?: version \S+)?\s+(?P<v>\S+)",
    r"^\s*snmp-server user \S+ \S+.*?\bauth \S+\s+(?P<v>\S+)",
    r"^\s*snmp-server user \S+ \S+.*?\bpriv \S+(?: \d+)?\s+(?P<v>\S+)",
    rf"^\s*(?:tacacs-server|radius-server)(?: host \S+.*?)? key{_TYPE}\s+(?P<v>\S+)",
    r"^\s+(?:key|server-key|pac key)\s+\d\s+(?P<v>\S+)",  # typed: key 7 0822455D0A16
    r"^\s+(?:key|server-key|pac key)\s+(?P<v>(?!\d+\s*$)\S+)\s*$",  # untyped, but not a key id
    rf"^\s*(?:ip ospf |ipv6 ospf |isis )?(?:authentication-key|message-digest-key \d+ md5){_TYPE}\s+(?P<v>\S+)",
    rf"^\s*neighbor \S+ password{_TYPE}\s+(?P<v>\S+)",
    rf"^\s*(?:ip )?(?:pre-shared-key|key-string|password){_TYPE}\s+(?P<v>\S+)",
    rf"^\s*crypto isakmp key{_TYPE}\s+(?P<v>\S+)",
    rf"^\s*(?:standby|vrrp) \d+ authentication(?: md5 key-string| text)?{_TYPE}\s+(?P<v>\S+)",
    rf"^\s*ppp (?:chap|pap) (?:password|sent-username \S+ password){_TYPE}\s+(?P<v>\S+)",
    rf"\bsecret{_TYPE}\s+(?P<v>\S+)",
    rf"\bpassword{_TYPE}\s+(?P<v>\S+)",
)
_FAMILY = {
    "ios": _IOS_LIKE,
    "nxos": _IOS_LIKE,
    "eos": _IOS_LIKE,
    "xr": _IOS_LIKE,
    "asa": (
        *_IOS_LIKE,
        r"^\s*(?:ikev1 |ikev2 (?:local|remote)-authentication )pre-shared-key\s+(?P<v>\S+)",
    ),
    "procurve": _IOS_LIKE,
    "junos": (
        r"\b(?:encrypted-password|authentication-key|secret|pre-shared-key (?:ascii|hexadecimal)-text|"
        r"password|simple-password|md5 \d+ key|hello-authentication-key)\s+(?P<v>\"[^\"]*\"|\S+)",
        r"^\s*set snmp community\s+(?P<v>\S+)",
        r"^\s*set snmp v3 .*\bauthentication-(?:password|key)\s+(?P<v>\"[^\"]*\"|\S+)",
    ),
    "routeros": (
        r"\b[\w.-]*(?:password|secret|passphrase|pre-shared-key|-key|psk)=(?P<v>\"[^\"]*\"|\S+)",
        r"^\s*/snmp community .*\bname=(?P<v>\"[^\"]*\"|\S+)",
    ),
    "huawei": (
        r"\b(?:cipher|irreversible-cipher|simple)\s+(?P<v>\S+)",
        r"^\s*snmp-agent community (?:read|write)(?: cipher)?\s+(?P<v>\S+)",
        r"\bpassword(?: (?:cipher|irreversible-cipher|simple))?\s+(?P<v>\S+)",
        r"\bauthentication-mode (?:md5|hmac-sha256|simple)(?: \d+)?(?: cipher| plain)?\s+(?P<v>\S+)",
    ),
    "fortinet": (
        r"^\s*set (?:password|passwd|psksecret|secret|key|auth-pwd|priv-pwd)\s+(?P<v>.+)$",
    ),
}


# Rules that apply only inside a section (RouterOS `/export` puts the section on its own line:
# ``/snmp community`` then ``set [ find default=yes ] name=public``).
_SECTION_RULES = {
    "routeros": {
        "/snmp community": (r"\bname=(?P<v>\"[^\"]*\"|\S+)",),
    },
}


def mask_secrets(platform: str, text: str) -> str:
    """``text`` with every secret value replaced by ``<removed>``.

    Same result as trying every pattern on every line, but only lines holding one of the
    patterns' required words (found by one scan of the whole text) are tried: a 1,000-line
    config has some 20 such lines, and trying 17 patterns on each line cost ~16 ms per device.
    """
    family = PLATFORM_FAMILY.get(platform, "ios")
    patterns = _compiled(family)
    sections = _compiled_sections(family)
    candidates = _candidate_lines(family, text)
    section_patterns: tuple[re.Pattern[str], ...] = ()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if sections and line.startswith("/"):
            section_patterns = sections.get(line.strip(), ())
        if candidates is None or index in candidates:
            tried = (*patterns, *section_patterns)
        elif section_patterns:
            tried = section_patterns  # no family pattern matches this line, so none changes it
        else:
            continue
        for pattern in tried:
            line = _mask_line(pattern, line)
        lines[index] = line
    return "\n".join(lines)


def _candidate_lines(family: str, text: str) -> set[int] | None:
    """Numbers of the lines a family pattern may match; None: every line (no prefilter)."""
    scanner = _scanner(family)
    if scanner is None or not text.isascii():
        return None  # IGNORECASE folds some non-ASCII letters onto ASCII ones: no shortcut then
    lowered = text.lower()
    found: set[int] = set()
    line = position = 0
    for match in scanner.finditer(lowered):
        start = match.start()
        line += lowered.count("\n", position, start)
        position = start
        found.add(line)
    return found


def _mask_line(pattern: re.Pattern[str], line: str) -> str:
    # Replace every match's value group, right to left so offsets stay valid.
    matches = [m for m in pattern.finditer(line) if m.group("v") != MASK]
    for match in reversed(matches):
        start, end = match.span("v")
        line = line[:start] + MASK + line[end:]
    return line


@cache
def _compiled(family: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in _FAMILY.get(family, _IOS_LIKE))


@cache
def _compiled_sections(family: str) -> dict[str, tuple[re.Pattern[str], ...]]:
    rules = _SECTION_RULES.get(family, {})
    return {
        name: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
        for name, patterns in rules.items()
    }


@cache
def _scanner(family: str) -> re.Pattern[str] | None:
    """A regex for the words one of which every match of every family pattern contains.

    The words come from the patterns themselves (see :func:`_required_words`), so a pattern
    added to ``_FAMILY`` is covered without more work; one without such words turns it off.
    """
    words: set[str] = set()
    for pattern in _FAMILY.get(family, _IOS_LIKE):
        needed = _required_words(pattern)
        if needed is None:
            return None
        words |= needed
    if not words or not all(word.isascii() for word in words):
        return None
    lowered = {word.lower() for word in words}
    # A line holding "enable secret" holds "secret": the shortest words are enough to look for.
    enough = {
        word for word in lowered if not any(other != word and other in word for other in lowered)
    }
    return re.compile("|".join(re.escape(word) for word in sorted(enough, key=len, reverse=True)))


_MAX_WORDS = 64


def _required_words(pattern: str) -> set[str] | None:
    """Literal strings one of which occurs in every match of ``pattern`` (None if unknown)."""
    try:
        from re import _constants, _parser  # the parser behind re.compile (Python 3.11+)

        _, words = _literal_sets(_parser.parse(pattern), _constants)
    except Exception:  # noqa: BLE001 - any surprise just disables the shortcut
        return None
    if words is None or any(not word or "\n" in word for word in words):
        return None
    return words


def _literal_sets(items, c) -> tuple[set[str] | None, set[str] | None]:
    """(every string ``items`` can match, if a few literals; strings one of which every match holds)."""
    current: set[str] | None = {""}  # literals matched so far in an unbroken run
    exact = True
    found: list[set[str]] = []

    def close() -> None:
        nonlocal current
        if current and all(current):
            found.append(current)
        current = {""}

    for op, arg in items:
        strings = needed = None
        if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
            continue  # zero width: the literals around it stay adjacent
        if op is c.LITERAL:
            strings = {chr(arg)}
        elif op is c.SUBPATTERN:
            strings, needed = _literal_sets(arg[-1], c)
        elif op is c.ATOMIC_GROUP:
            strings, needed = _literal_sets(arg, c)
        elif op is c.BRANCH:
            branches = [_literal_sets(alternative, c) for alternative in arg[1]]
            if all(s is not None for s, _ in branches):
                strings = set().union(*(s for s, _ in branches))
            elif all(s is not None or n is not None for s, n in branches):
                needed = set().union(*(s if s is not None else n for s, n in branches))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = arg
            sub_strings, sub_needed = _literal_sets(sub, c)
            if low == high == 1:
                strings, needed = sub_strings, sub_needed
            elif low >= 1:
                needed = sub_strings if sub_strings is not None else sub_needed
        if strings is not None and len(strings) <= _MAX_WORDS:
            joined = {a + b for a in current for b in strings}
            if len(joined) <= _MAX_WORDS:
                current = joined
                continue
        exact = False
        close()
        for candidate in (strings, needed):
            if candidate is not None and all(candidate):
                found.append(candidate)
    whole = current if exact else None
    close()
    best = max(found, key=lambda words: (min(map(len, words)), -len(words)), default=None)
    return whole, best
