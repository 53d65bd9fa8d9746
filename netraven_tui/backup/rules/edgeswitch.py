"""Ubiquiti EdgeSwitch (Broadcom FASTPATH) ``show running-config``.

IOS-like secrets with quoted names (``username "admin" password 8 V``); RADIUS keys read
``radius server key auth ADDR encrypted V``, submodes are not indented (``key encrypted V``
after ``tacacs-server host A``), SNMPv3 users ``auth-sha V priv-des V``, OSPF ``ip ospf authentication simple|encrypt V``.
The header comments carry the uptime and the SNTP time: noise.
"""

from __future__ import annotations

from netraven_tui.backup.rules import common
from netraven_tui.backup.rules.base import FamilyRules

RULES = FamilyRules(
    noise=(
        r"^!System Up Time\s.*$",
        r"^!Current SNTP Synchronized Time:.*$",
    ),
    secrets=(
        r"^\s*radius server key (?:auth|acct) \S+(?: encrypted)?\s+(?P<v>\S+)",
        r"\bip ospf authentication (?:simple|encrypt)\s+(?P<v>\S+)",
        # submodes are not indented: "tacacs-server host A" then "key encrypted V"
        r"^\s*key(?: encrypted)?\s+(?P<v>(?!\d+\s*$)\S+)\s*$",
        # snmp-server user U G auth-sha V priv-des V (or the -key forms)
        r"^\s*snmp-server user .*?\bauth-(?:md5|sha)(?:-key)?\s+(?P<v>\S+)",
        r"^\s*snmp-server user .*?\bpriv-des(?:-key)?\s+(?P<v>\S+)",
        *common.IOS_LIKE_SECRETS,
    ),
    verbatim=common.IOS_LIKE_VERBATIM,
)
