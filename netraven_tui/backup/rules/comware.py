"""HPE / H3C Comware 7 ``display current-configuration``.

Comware names the form of a value right before it: ``cipher $c$3$...`` (reversible),
``hash $h$6$...`` (one-way), ``simple`` or ``plain`` (clear text). The value is the word after
that keyword, whatever the command (local users, SNMP, HWTACACS/RADIUS schemes, IKE keychains,
OSPF/IS-IS/VRRP authentication, NTP keys, BGP peers, PPP, WLAN PSKs). Huawei VRP shares the
ancestry but not the keywords (``password hash`` would mask "hash" there).
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules

_VALUE = r'(?P<v>"[^"]*"|\S+)'
# "usm-user v3 U G cipher authentication-mode sha V": the form word comes before the keywords.
_NOT_KEYWORD = r"(?!(?:authentication-mode|privacy-mode)\b)"

RULES = FamilyRules(
    noise=(),
    secrets=(
        # password hash|cipher|simple V (local-user, super password, line "set authentication
        # password", BGP "peer X password", PPP "ppp chap password", "ppp pap local-user U ...")
        rf"\bpassword(?: role \S+| level \d+)? (?:hash|cipher|simple)\s+{_VALUE}",
        # "key authentication cipher V", "pre-shared-key address A M key cipher V",
        # "authentication-mode md5 1 cipher V", "preshared-key pass-phrase cipher V", ...
        rf"\b(?:cipher|plain)\s+{_NOT_KEYWORD}{_VALUE}",
        rf"\bsimple\s+(?!(?:cipher|plain)\b){_NOT_KEYWORD}{_VALUE}",
        # snmp-agent usm-user v3 U G [cipher|simple] authentication-mode sha A privacy-mode aes128 P
        rf"^\s*snmp-agent usm-user .*?\bauthentication-mode (?:md5|sha\d*)\s+{_VALUE}",
        rf"^\s*snmp-agent usm-user .*?\bprivacy-mode (?:des56|3des|aes\d+)\s+{_VALUE}",
        # snmp-agent community read|write [cipher|simple] V (older releases print no keyword)
        rf"^\s*snmp-agent community (?:read|write)\s+(?!(?:cipher|simple)\b){_VALUE}",
    ),
    verbatim=(
        r"^\s*description\b",
        r"^\s*header\b",
        # "ssh2 algorithm cipher aes128-ctr aes256-ctr": algorithm names, not secrets
        r"^\s*(?:undo )?ssh2? (?:algorithm|server|client)\b",
    ),
)
