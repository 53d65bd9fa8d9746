"""Noise and secret rules, one module per :class:`RuleFamily` (the family a PlatformSpec names).

``rules_for(family)`` is the only way in: noise removal and masking take their patterns from
here, and a family without a module is an error at import time, not a silent default.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from netraven_tui.backup.rules import (
    asa,
    eos,
    fortinet,
    huawei,
    ios,
    junos,
    nxos,
    procurve,
    routeros,
    xr,
)
from netraven_tui.backup.rules.base import FamilyRules, SectionStyle
from netraven_tui.backup.rules.common import COMMON_NOISE
from netraven_tui.platforms import PlatformSpec, RuleFamily

__all__ = ["COMMON_NOISE", "FamilyRules", "SectionStyle", "family_of", "rules_for"]

_RULES: Mapping[RuleFamily, FamilyRules] = MappingProxyType(
    {
        RuleFamily.IOS: ios.RULES,
        RuleFamily.NXOS: nxos.RULES,
        RuleFamily.EOS: eos.RULES,
        RuleFamily.XR: xr.RULES,
        RuleFamily.ASA: asa.RULES,
        RuleFamily.JUNOS: junos.RULES,
        RuleFamily.ROUTEROS: routeros.RULES,
        RuleFamily.HUAWEI: huawei.RULES,
        RuleFamily.FORTINET: fortinet.RULES,
        RuleFamily.PROCURVE: procurve.RULES,
    }
)
_missing = set(RuleFamily) - set(_RULES)
if _missing:  # a new RuleFamily member needs its rules module
    raise RuntimeError(f"no rules for families {sorted(_missing)}")


def rules_for(family: RuleFamily) -> FamilyRules:
    """The noise and secret rules of ``family``."""
    return _RULES[family]


def family_of(spec: PlatformSpec | RuleFamily) -> RuleFamily:
    """The rule family of a platform row (or the family itself); a platform name is refused."""
    if isinstance(spec, PlatformSpec):
        return spec.family
    if isinstance(spec, RuleFamily):
        return spec
    raise TypeError(f"expected a PlatformSpec or a RuleFamily, got {type(spec).__name__}")
