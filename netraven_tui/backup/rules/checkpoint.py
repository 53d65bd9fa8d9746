"""Check Point Gaia clish ``show configuration``: ``set``/``add`` commands, one per line.

Users ``set user U password-hash V``, ``set expert-password-hash V``; SNMP ``set snmp community
V read-only``, trap receivers ``... community V``, SNMPv3 ``auth-pass-phrase-hashed V``
/ ``privacy-pass-phrase-hashed V``; AAA servers ``add aaa tacacs-servers ... key V``,
``add aaa radius-servers ... secret V``; OSPF/BGP/VRRP ``authtype md5 ... secret V`` and
``authtype simple password V``. VPN keys live in the management server, not in Gaia.
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules

_OUTSIDE_QUOTES = r'^(?:[^"]|"[^"]*")*?'

RULES = FamilyRules(
    noise=(r"^# Exported by \S+ on .*$",),
    secrets=(
        r"\b(?:expert-)?password-hash\s+(?P<v>\S+)",
        r"^\s*(?:set|add) snmp community\s+(?P<v>\S+)",
        r"^\s*(?:set|add) snmp traps? receiver .*?\bcommunity\s+(?P<v>\S+)",
        r"\b(?:auth|privacy)-pass-phrase(?:-hashed)?\s+(?P<v>\S+)",
        r"^\s*(?:set|add) aaa (?:tacacs|radius)-servers .*?\b(?:key|secret)\s+(?P<v>\S+)",
        # OSPF/BGP/VRRP "authtype md5 ... secret V", "authtype simple password V"; quoted
        # free text ("comments", "msgvalue") does not count
        _OUTSIDE_QUOTES + r"\b(?:secret|password)\s+(?P<v>\S+)",
    ),
    verbatim=(r"^\s*set message\b", r"^\s*set password-controls\b"),
)
