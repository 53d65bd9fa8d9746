"""Cisco AireOS WLC ``show run-config commands``: the ``config ...`` commands of the setup.

Values sit at fixed places of each command (AireOS CLI reference): RADIUS/TACACS+ servers
``config radius auth add N ADDR PORT ascii|hex V``, WLAN PSKs ``... psk set-key ascii V N``,
SNMP ``config snmp community create V``, SNMPv3 ``config snmp v3user create U ACCESS AUTH PRIV
AUTHKEY PRIVKEY``, management users ``config mgmtuser add U V ...``, NTP ``key-auth ... md5
ascii V``, AP logins ``password V``/``enablesecret V``, local net users.
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules

RULES = FamilyRules(
    noise=(),
    secrets=(
        r"^\s*config (?:radius|tacacs) (?:auth|acct|athr) add \d+ \S+ \d+ (?:ascii|hex)\s+(?P<v>\S+)",
        r"^\s*config (?:radius|tacacs) (?:auth|acct|athr) \d+ (?:ascii|hex)\s+(?P<v>\S+)",
        r"\bset-key (?:ascii|hex)\s+(?P<v>\S+)",
        r"\bstatic-wep-key encryption \S+ \d+ (?:ascii|hex)\s+(?P<v>\S+)",
        r"\bpre-shared-key(?: \d+)? (?:ascii|hex)\s+(?P<v>\S+)",
        r"^\s*config snmp community create\s+(?P<v>\S+)",
        r"^\s*config snmp community (?:accessmode \S+|ipaddr \S+ \S+|mode \S+)\s+(?P<v>\S+)",
        r"^\s*config snmp v3user create \S+ \S+ \S+ \S+\s+(?P<v>\S+)",
        r"^\s*config snmp v3user create \S+ \S+ \S+ \S+ \S+\s+(?P<v>\S+)",
        r"^\s*config (?:mgmtuser|netuser) add \S+\s+(?P<v>\S+)",
        r"\bmd5 (?:ascii|hex)\s+(?P<v>\S+)",
        # AP logins "password V enablesecret V"; not inside a quoted description
        # (one pattern per keyword: an anchored pattern matches once per line)
        r'^(?:[^"]|"[^"]*")*?\bpassword\s+(?P<v>\S+)',
        r'^(?:[^"]|"[^"]*")*?\b(?:enablesecret|secret)\s+(?P<v>\S+)',
    ),
    verbatim=(r"^\s*config (?:sysname|wlan description|interface description)\b",),
)
