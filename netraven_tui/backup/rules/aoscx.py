"""Aruba AOS-CX ``show running-config``.

IOS-like, but values carry ``ciphertext`` / ``plaintext`` (``common.TYPE`` knows both) and a
few commands are its own: ``user U group G password ciphertext V``, SNMPv3 ``auth-pass`` /
``priv-pass``, ``snmp-server host ... community V``. The ``!export-password: default`` header
line names the export setting, not a password.
"""

from __future__ import annotations

from netraven_tui.backup.rules import common
from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import TYPE

RULES = FamilyRules(
    noise=(),
    secrets=(
        rf"^\s*user \S+ group \S+ password{TYPE}\s+(?P<v>\S+)",
        rf"\b(?:auth|priv)-pass{TYPE}\s+(?P<v>\S+)",
        rf"^\s*snmp-server host \S+.*?\bcommunity{TYPE}\s+(?P<v>\S+)",
        *(p for p in common.IOS_LIKE_SECRETS if p is not common.SNMP_HOST),
    ),
    verbatim=(*common.IOS_LIKE_VERBATIM, r"^!"),
)
