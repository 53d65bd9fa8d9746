"""Noise and secret rules, one module per :class:`RuleFamily` (the family a PlatformSpec names).

``rules_for(family)`` is the only way in: noise removal and masking take their patterns from
here, and a family without a module is an error at import time, not a silent default.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from netraven_tui.backup.rules import (
    aireos,
    aoscx,
    arubaos,
    asa,
    checkpoint,
    comware,
    edgeswitch,
    eos,
    exos,
    f5,
    fastiron,
    fortinet,
    huawei,
    ios,
    junos,
    mlnxos,
    nxos,
    panos,
    procurve,
    routeros,
    vyos,
    xr,
)
from netraven_tui.backup.rules.base import FamilyRules, SectionStyle
from netraven_tui.backup.rules.common import COMMON_NOISE, COMMON_SECRETS
from netraven_tui.platforms import PlatformSpec, RuleFamily

__all__ = [
    "COMMON_NOISE",
    "COMMON_SECRETS",
    "FamilyRules",
    "SectionStyle",
    "family_of",
    "rules_for",
]

_RULES: Mapping[RuleFamily, FamilyRules] = MappingProxyType(
    {
        RuleFamily.AIREOS: aireos.RULES,
        RuleFamily.AOSCX: aoscx.RULES,
        RuleFamily.ARUBAOS: arubaos.RULES,
        RuleFamily.ASA: asa.RULES,
        RuleFamily.CHECKPOINT: checkpoint.RULES,
        RuleFamily.COMWARE: comware.RULES,
        RuleFamily.EDGESWITCH: edgeswitch.RULES,
        RuleFamily.EOS: eos.RULES,
        RuleFamily.EXOS: exos.RULES,
        RuleFamily.F5: f5.RULES,
        RuleFamily.FASTIRON: fastiron.RULES,
        RuleFamily.FORTINET: fortinet.RULES,
        RuleFamily.HUAWEI: huawei.RULES,
        RuleFamily.IOS: ios.RULES,
        RuleFamily.JUNOS: junos.RULES,
        RuleFamily.MLNXOS: mlnxos.RULES,
        RuleFamily.NXOS: nxos.RULES,
        RuleFamily.PANOS: panos.RULES,
        RuleFamily.PROCURVE: procurve.RULES,
        RuleFamily.ROUTEROS: routeros.RULES,
        RuleFamily.VYOS: vyos.RULES,
        RuleFamily.XR: xr.RULES,
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
