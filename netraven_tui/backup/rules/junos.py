"""Juniper Junos in ``display set`` form (also used for VyOS and PAN-OS).

A leaf's value is the last thing on its line, and free text (descriptions, the login message)
is quoted: a keyword counts only outside double quotes.
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import QUOTED_OR_WORD

# From the line's start, plain characters and whole "quoted strings": what follows is not quoted.
_OUTSIDE_QUOTES = r'^(?:[^"]|"[^"]*")*?'

RULES = FamilyRules(
    noise=(
        r"^## Last commit: .*$",
        r"^## Last changed: .*$",
        r"^#\s*Last commit: .*$",
        # A virtual chassis member's prompt line ("{master:0}", "{backup:1}"): printed before
        # every prompt, so after the configuration too.
        r"^\{(?:master|backup|linecard|primary|secondary)(?::\d+)?\}$",
    ),
    secrets=(
        _OUTSIDE_QUOTES
        + r"\b(?:encrypted-password|authentication-key|secret|password|simple-password|"
        r"pre-shared-key (?:ascii|hexadecimal)-text|md5 \d+ key|hello-authentication-key|"
        r"community-name|private-key)\s+"
        # "authentication-key 1 type md5 value K" (NTP) names the key by number: not a value;
        # "set system login password minimum-length 10" and the like are settings.
        r"(?!\d+\s+type\b|(?:minimum|maximum)-\S+|format\b|change-type\b)" + QUOTED_OR_WORD,
        _OUTSIDE_QUOTES + rf"\bauthentication-key \d+ type \S+ value\s+{QUOTED_OR_WORD}",
        rf"^\s*set (?:service )?snmp community\s+{QUOTED_OR_WORD}",
        rf"^\s*set snmp v3 .*\b(?:authentication|privacy)-(?:password|key)\s+{QUOTED_OR_WORD}",
    ),
)
