"""Ruckus ICX / Brocade FastIron ``show running-config``.

IOS-like, but SNMP communities and hosts carry an encryption type before the value
(``snmp-server community 2 $X ro``), OSPF MD5 keys read ``ip ospf md5-authentication key-id 1
key 2 $X``, NTP keys ``authentication-key key-id 1 sha1 2 $X`` and VRRP ``auth-type
simple-text-auth V``.
"""

from __future__ import annotations

from netraven_tui.backup.rules import common
from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import TYPE

RULES = FamilyRules(
    noise=(),
    secrets=(
        r"^\s*snmp-server community(?: \d)?\s+(?P<v>\S+)",
        r"^\s*snmp-server host \S+(?: version v\S+)?(?: \d)?\s+(?P<v>(?!version\b)\S+)",
        rf"\bmd5-authentication key-id \d+ key{TYPE}\s+(?P<v>\S+)",
        rf"\bauth-type (?:simple-text-auth|md5-auth){TYPE}\s+(?P<v>\S+)",
        *(p for p in common.IOS_LIKE_SECRETS if p not in (common.SNMP_HOST, common.SNMP_COMMUNITY)),
    ),
    verbatim=(*common.IOS_LIKE_VERBATIM, r"^\s*port-name\b"),  # a port's free-text name
)
