"""Cisco ASA.

``show running-config`` prints most keys as ``*****``; ``more system:running-config`` and
older releases print them. The patterns mask both.
"""

from __future__ import annotations

from netraven_tui.backup.rules import common
from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import TYPE

RULES = FamilyRules(
    noise=(
        r"^Cryptochecksum:.*$",
        r"^: Saved\s*$",
        r"^: Written by .*$",
        r"^: .*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) .*\d{2}:\d{2}:\d{2}.*$",
    ),
    secrets=(
        r"^\s*passwd\s+(?P<v>\S+)",
        r"^\s*snmp-server community(?: [08])?\s+(?P<v>\S+)",
        # "snmp-server host IFNAME ADDR community K version 2c": IFNAME ADDR, not ADDR K.
        r"^\s*snmp-server host \S+ \S+.*?\bcommunity(?: [08])?\s+(?P<v>\S+)",
        rf"^\s*(?:ikev1 |ikev2 (?:local|remote)-authentication )pre-shared-key{TYPE}\s+(?P<v>\S+)",
        r"^\s*failover key(?: [08])?(?: hex)?\s+(?P<v>\S+)",
        r"^\s*failover ipsec pre-shared-key(?: [08])?\s+(?P<v>\S+)",
        # and the IOS-like ones ("enable password HASH pbkdf2": the value comes before its type)
        *(p for p in common.IOS_LIKE_SECRETS if p is not common.SNMP_HOST),
    ),
    verbatim=common.IOS_LIKE_VERBATIM,
)
