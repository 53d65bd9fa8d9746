"""Huawei VRP ``display current-configuration``: secrets follow ``cipher`` and friends."""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import NOT_A_VALUE

RULES = FamilyRules(
    noise=(
        r"^!Last configuration was updated at .*$",
        r"^!Last configuration was saved at .*$",
        r"^!Time: .*$",
    ),
    secrets=(
        # ospf authentication-mode md5 1 cipher K, vrrp vrid 1 authentication-mode md5 K,
        # ntp-service authentication-keyid 1 authentication-mode md5 cipher K, isis ...
        r"\bauthentication-mode (?:md5|hmac-md5|hmac-sha256|simple)(?: \d+)?(?: cipher| plain)?"
        r"\s+(?P<v>\S+)",
        r"\b(?:cipher|irreversible-cipher)\s+(?P<v>\S+)",
        r"\bsimple(?: plain| cipher)?\s+(?P<v>(?!(?:plain|cipher)\b)\S+)",
        r"\bpassword(?: level \d+)?(?: (?:cipher|irreversible-cipher|simple))?\s+"
        + NOT_A_VALUE
        + r"(?!alert\b)(?P<v>\S+)",
        r"^\s*snmp-agent community (?:read|write)(?: cipher)?\s+(?P<v>\S+)",
        r"\bpass-phrase(?: cipher| simple)?\s+(?P<v>\S+)",  # WLAN security profile PSK
    ),
    verbatim=(
        r"^\s*description\b",
        # "ssh server cipher aes256_ctr aes128_ctr": algorithm names, not secrets
        r"^\s*ssh (?:server|client) (?:cipher|hmac|key-exchange)\b",
    ),
)
