"""Aruba OS 6/8 (Mobility Controllers) ``show running-config``.

IOS-like for AAA keys, ``enable secret`` and OSPF; its own words for management users
(``mgmt-user NAME ROLE HASH``), WLAN PSKs (``wpa-passphrase``), VRRP (``authentication V`` in
the vrrp block, ``vrrp-passphrase``), IKE (``crypto-local isakmp key``), SNMPv3
(``auth-prot sha V priv-prot AES V``) and AP or backup passwords.
"""

from __future__ import annotations

from netraven_tui.backup.rules import common
from netraven_tui.backup.rules.base import FamilyRules

RULES = FamilyRules(
    noise=(),
    secrets=(
        r"^\s*mgmt-user \S+ \S+\s+(?P<v>\S+)",
        r"^\s*(?:wpa-passphrase|wpa-hexkey|vrrp-passphrase|ap-console-password|bkup-passwords|"
        r"virtual-controller-key|wep-key\d)\s+(?P<v>\S+)",
        r"^\s*crypto-local isakmp key\s+(?P<v>\S+)",
        r"\b(?:auth|priv)-prot \S+\s+(?P<v>\S+)",
        r"^\s*mobility-manager \S+ user \S+\s+(?P<v>\S+)",
        # VRRP block: "authentication V" alone on its line
        r"^\s+authentication\s+(?P<v>(?!(?:message-digest|null|md5|text)\s*$)\S+)\s*$",
        *common.IOS_LIKE_SECRETS,
    ),
    verbatim=common.IOS_LIKE_VERBATIM,
)
