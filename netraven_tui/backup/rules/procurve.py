"""HPE ProCurve / ArubaOS-Switch (values are quoted; credentials shown with include-credentials)."""

from __future__ import annotations

from netraven_tui.backup.rules import common
from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import QUOTED_OR_WORD

RULES = FamilyRules(
    noise=(r"^; .* Configuration Editor; Created on release .*$",),
    secrets=(
        # password manager user-name "admin" sha1 "5baa61e4..."
        r"^\s*password (?:manager|operator)(?: user-name \S+)?(?: (?:sha1|sha256|plaintext))?"
        rf"\s+{QUOTED_OR_WORD}",
        rf"^\s*snmp-server community\s+{QUOTED_OR_WORD}",
        rf"^\s*snmp-server host \S+ community\s+{QUOTED_OR_WORD}",
        rf"^\s*snmpv3 user .*?\bauth (?:md5|sha)\s+{QUOTED_OR_WORD}",
        rf"^\s*snmpv3 user .*?\bpriv(?: (?:des|aes))?\s+{QUOTED_OR_WORD}",
        rf"^\s*(?:tacacs-server|radius-server)(?: host \S+.*?)? (?:encrypted-)?key\s+{QUOTED_OR_WORD}",
        rf"\bkey-value\s+{QUOTED_OR_WORD}",  # ntp authentication key-id 1 ... key-value K
        rf"\bauthentication-key\s+{QUOTED_OR_WORD}",
        # and the IOS-like ones, but for the IOS "snmp-server host ADDR COMMUNITY" shape
        *(p for p in common.IOS_LIKE_SECRETS if p is not common.SNMP_HOST),
    ),
    verbatim=(*common.IOS_LIKE_VERBATIM, r"^\s*name\b"),  # port and VLAN names are free text
)
