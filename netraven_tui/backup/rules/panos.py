"""Palo Alto PAN-OS ``show config running`` (the brace format), and the ``set`` format.

Brace format: one leaf per line, ``name value;``. The secret leaves are the ones PAN-OS'
schema names for them: ``phash`` (administrators, local users), ``secret`` (RADIUS/TACACS+
server profiles, BGP auth profiles), ``key`` (IKE gateway pre-shared key, OSPF MD5 keys),
``snmp-community-string``, ``authpwd``/``privpwd`` (SNMPv3 users), ``bind-password`` (LDAP),
``password`` (OSPF simple, PPPoE, SCP/FTP export profiles), ``authentication-key`` (NTP),
``private-key`` (certificates, encrypted), ``pre-shared-key``. Free text (``description``,
``comment``) is quoted and its lines start with another word, so they never match.
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules

_LEAVES = (
    r"(?:phash|password-hash|secret|key|snmp-community-string|community|authpwd|privpwd|"
    r"bind-password|password|passwd|authentication-key|private-key|pre-shared-key|psk)"
)
# A value: a quoted string, or a word up to the ";" (never the "{" that opens a block).
_VALUE = r'(?P<v>"[^"]*"|(?![{\[])[^\s;]+)'

RULES = FamilyRules(
    noise=(),
    secrets=(
        rf"^\s*{_LEAVES}\s+{_VALUE}\s*;",
        # set format: "set mgt-config users admin phash V", "... pre-shared-key key V"
        rf"^\s*set\s(?:[^\"]|\"[^\"]*\")*?\s{_LEAVES}\s+{_VALUE}\s*$",
    ),
)
