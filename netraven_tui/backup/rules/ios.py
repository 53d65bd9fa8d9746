"""Cisco IOS / IOS-XE (also used for Dell OS10, Extreme EXOS and Linux hosts)."""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import IOS_LIKE_SECRETS, IOS_LIKE_VERBATIM

RULES = FamilyRules(
    noise=(
        r"^! Last configuration change at .*$",
        r"^! NVRAM config last updated at .*$",
        r"^! No configuration change since last restart.*$",
        r"^ntp clock-period \d+\s*$",
        r"^! Time: .*$",
    ),
    secrets=IOS_LIKE_SECRETS,
    verbatim=IOS_LIKE_VERBATIM,
)
