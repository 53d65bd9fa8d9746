"""Arista EOS."""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import IOS_LIKE_SECRETS, IOS_LIKE_VERBATIM

RULES = FamilyRules(
    noise=(
        r"^! Command: show running-config.*$",
        r"^! device: .*$",
        r"^! Time: .*$",
    ),
    secrets=IOS_LIKE_SECRETS,
    verbatim=IOS_LIKE_VERBATIM,
)
