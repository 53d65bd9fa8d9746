"""Cisco NX-OS."""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import IOS_LIKE_SECRETS, IOS_LIKE_VERBATIM

RULES = FamilyRules(
    noise=(
        r"^!Time: .*$",
        r"^!Running configuration last done at: .*$",
        r"^!Command: show running-config.*$",
        r"^!No configuration change since last restart.*$",
    ),
    secrets=IOS_LIKE_SECRETS,
    verbatim=IOS_LIKE_VERBATIM,
)
