"""Cisco IOS-XR."""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import IOS_LIKE_SECRETS, IOS_LIKE_VERBATIM, TYPE

RULES = FamilyRules(
    noise=(
        r"^!! Last configuration change at .*$",
        r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) .*\d{2}:\d{2}:\d{2}.*$",
    ),
    secrets=(
        # IS-IS: "lsp-password hmac-md5 encrypted K level 2", "hello-password text clear K".
        rf"\b(?:lsp|hello)-password(?: (?:hmac-md5|text))?{TYPE}\s+(?P<v>\S+)",
        # VRRP group: "text-authentication K" (also "vrrp 1 text-authentication K").
        r"\btext-authentication\s+(?P<v>\S+)",
        # HSRP group submode: "authentication K" alone on its line; OSPF's
        # "authentication message-digest" and the like are keywords.
        r"^\s+authentication (?!(?:message-digest|null|md5|text|keychain|key-chain)\s*$)"
        r"(?P<v>\S+)\s*$",
        *IOS_LIKE_SECRETS,
    ),
    verbatim=IOS_LIKE_VERBATIM,
)
