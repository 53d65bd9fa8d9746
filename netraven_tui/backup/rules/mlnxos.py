"""NVIDIA/Mellanox Onyx (MLNX-OS) ``show running-config``: IOS-like secrets, its own header.

The header's ``## Generated at`` line changes on every read; the other ``##`` lines do not.
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules
from netraven_tui.backup.rules.common import IOS_LIKE_SECRETS, IOS_LIKE_VERBATIM

RULES = FamilyRules(
    noise=(r"^## Generated at .*$",),
    secrets=IOS_LIKE_SECRETS,
    # interface settings are one line each: "interface ethernet 1/1 description ..."
    verbatim=(*IOS_LIKE_VERBATIM, r"^\s*interface \S+ \S+ description\b"),
)
