"""Extreme EXOS ``show configuration``: ``configure``/``create`` commands, values quoted.

EXOS prints secrets after ``encrypted`` (accounts, SNMP communities, RADIUS/TACACS+
``shared-secret``, NTP keys, BGP neighbors, SNMPv3 ``localized-key``); OSPF and VRRP name the
method first (``authentication [encrypted] md5 1 V``, ``authentication simple-password V``).
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules

_VALUE = r'(?P<v>"[^"]*"|\S+)'
_OUTSIDE_QUOTES = r'^(?:[^"]|"[^"]*")*?'
_KEYWORD = r"(?:md5|simple-password|auth|sha|privacy|authentication|localized-key|name|user)\b"

RULES = FamilyRules(
    noise=(),
    secrets=(
        rf"\bencrypted\s+(?!{_KEYWORD}){_VALUE}",
        rf"\bauthentication(?: encrypted)? (?:simple-password|md5 \d+)\s+{_VALUE}",
        rf"\bshared-secret\s+(?!encrypted\b){_VALUE}",
        rf"\blocalized-key\s+{_VALUE}",
        _OUTSIDE_QUOTES + rf"\bpassword\s+(?!encrypted\b){_VALUE}",
        rf"^\s*configure snmpv3 add community\s+(?!encrypted\b){_VALUE}",
    ),
    # free text: port display strings, VLAN descriptions, SNMP system strings, comments
    verbatim=(
        r"^\s*configure (?:ports \S+ display-string|vlan \S+ description-string|"
        r"snmp sys(?:Name|Contact|Location))\b",
        r"^\s*#",
    ),
)
