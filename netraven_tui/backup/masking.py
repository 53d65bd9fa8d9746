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
    "asa": (*_IOS_LIKE, r"^\s*(?:ikev1 |ikev2 (?:local|remote)-authentication )pre-shared-key\s+(?P<v>\S+)"),
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
    "fortinet": (r"^\s*set (?:password|passwd|psksecret|secret|key|auth-pwd|priv-pwd)\s+(?P<v>.+)$",),
}


# Rules that apply only inside a section (RouterOS `/export` puts the section on its own line:
# ``/snmp community`` then ``set [ find default=yes ] name=public``).
_SECTION_RULES = {
    "routeros": {
        "/snmp community": (r"\bname=(?P<v>\"[^\"]*\"|\S+)",),
    },
}


def mask_secrets(platform: str, text: str) -> str:
    """``text`` with every secret value replaced by ``<removed>``."""
    family = PLATFORM_FAMILY.get(platform, "ios")
    patterns = _compiled(family)
    sections = _compiled_sections(family)
    section_patterns: tuple[re.Pattern[str], ...] = ()
    out = []
    for line in text.split("\n"):
        if sections and line.startswith("/"):
            section_patterns = sections.get(line.strip(), ())
        for pattern in (*patterns, *section_patterns):
            line = _mask_line(pattern, line)
        out.append(line)
    return "\n".join(out)


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
    return {name: tuple(re.compile(p, re.IGNORECASE) for p in patterns) for name, patterns in rules.items()}
