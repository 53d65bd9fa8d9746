"""The supported platforms: one row per Netmiko device type, holding all we know about it.

Pure data, so that validation (services), the session (backup) and noise removal and secret
masking (backup) read the same row and nothing looks the platform string up again. Users add or
override rows in config.toml (``[platforms.<device_type>]``, each naming the built-in platform
it inherits from); see :func:`registry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from netraven_tui.domain import ConfigError


class RuleFamily(StrEnum):
    """A configuration syntax: which noise lines and secret patterns apply to a platform.

    The patterns themselves live in ``backup/rules/<family>.py`` (one file per member).
    """

    IOS = "ios"
    NXOS = "nxos"
    EOS = "eos"
    XR = "xr"
    ASA = "asa"
    JUNOS = "junos"
    ROUTEROS = "routeros"
    HUAWEI = "huawei"
    FORTINET = "fortinet"
    PROCURVE = "procurve"


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    device_type: str
    label: str
    commands: tuple[str, ...]
    needs_enable: bool = False
    # Regex that one of the last non-empty lines of a complete configuration matches.
    # None: completeness is judged by the absence of an error banner only.
    end_marker: str | None = None
    # The syntax the configuration is written in: its noise lines and secret patterns.
    family: RuleFamily = field(kw_only=True)
    # Regex matching the whole prompt line the device prints when it waits for a command
    # (any hostname, user or privilege level; config modes included).
    prompt: str = field(kw_only=True)


# Prompt shapes shared by several platforms.
_CISCO_PROMPT = r"^[\w.:/@-]+(?:\([\w./:-]+\))?[>#]\s*$"  # r1>, r1#, RP/0/RSP0/CPU0:xr1#
_USER_AT_HOST_PROMPT = r"^[\w.-]+@[\w.()-]+(?::\S*)?[>#$%]\s*$"  # admin@mx1>, vyos@vyos:~$

_BUILTIN = (
    PlatformSpec(
        "cisco_ios",
        "Cisco IOS / IOS-XE",
        ("show running-config",),
        True,
        r"^end$",
        family=RuleFamily.IOS,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "cisco_xe",
        "Cisco IOS-XE",
        ("show running-config",),
        True,
        r"^end$",
        family=RuleFamily.IOS,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "cisco_nxos",
        "Cisco NX-OS",
        ("show running-config",),
        False,
        None,
        family=RuleFamily.NXOS,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "cisco_xr",
        "Cisco IOS-XR",
        ("show running-config",),
        False,
        r"^end$",
        family=RuleFamily.XR,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "cisco_asa",
        "Cisco ASA",
        ("show running-config",),
        True,
        r"^: end$",
        family=RuleFamily.ASA,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "arista_eos",
        "Arista EOS",
        ("show running-config",),
        True,
        r"^end$",
        family=RuleFamily.EOS,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "juniper_junos",
        "Juniper Junos",
        ("show configuration | display set",),
        False,
        r"^set ",
        family=RuleFamily.JUNOS,
        prompt=_USER_AT_HOST_PROMPT,
    ),
    PlatformSpec(
        "mikrotik_routeros",
        "MikroTik RouterOS",
        ("/export",),
        False,
        None,
        family=RuleFamily.ROUTEROS,
        prompt=r"^\[[^\]\s@]+@[^\]]+\] (?:/[^>]*)?>\s*$",  # [admin@r1] >, [admin@r1] /ip>
    ),
    PlatformSpec(
        "huawei",
        "Huawei VRP",
        ("display current-configuration",),
        False,
        r"^return$",
        family=RuleFamily.HUAWEI,
        prompt=r"^(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])\s*$",  # <HW1>, [HW1], [~HW1-GigabitEthernet0/0/1]
    ),
    PlatformSpec(
        "paloalto_panos",
        "Palo Alto PAN-OS",
        ("show config running",),
        False,
        r"^\}$",
        family=RuleFamily.JUNOS,
        prompt=_USER_AT_HOST_PROMPT,
    ),
    PlatformSpec(
        "fortinet",
        "Fortinet FortiOS",
        ("show full-configuration",),
        False,
        r"^end$",
        family=RuleFamily.FORTINET,
        prompt=r"^[\w.-]+(?: \([\w.-]+\))? [#$]\s*$",  # fgt1 #, fgt1 (root) #
    ),
    PlatformSpec(
        "hp_procurve",
        "HPE ProCurve / Aruba-OS switch",
        ("show running-config",),
        False,
        None,
        family=RuleFamily.PROCURVE,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "dell_os10",
        "Dell OS10",
        ("show running-configuration",),
        False,
        None,
        family=RuleFamily.IOS,
        prompt=_CISCO_PROMPT,
    ),
    PlatformSpec(
        "extreme_exos",
        "Extreme EXOS",
        ("show configuration",),
        False,
        None,
        family=RuleFamily.IOS,
        prompt=r"^(?:\* )?[\w.-]+ [#>]\s*$",  # X440G2.3 #, * X440G2.4 #
    ),
    PlatformSpec(
        "vyos",
        "VyOS",
        ("show configuration commands",),
        False,
        r"^set ",
        family=RuleFamily.JUNOS,
        prompt=_USER_AT_HOST_PROMPT,
    ),
    PlatformSpec(
        "linux",
        "Linux host",
        ("cat /etc/network/interfaces",),
        False,
        None,
        family=RuleFamily.IOS,
        prompt=r"^\S*[$#]\s*$",  # user@host:~$
    ),
)

BUILTIN_PLATFORMS: Mapping[str, PlatformSpec] = MappingProxyType(
    {p.device_type: p for p in _BUILTIN}
)


class Override(Protocol):
    """What :func:`registry` reads from a config.toml row (``config.PlatformOverride``)."""

    @property
    def source(self) -> str: ...  # the file it came from, for error messages
    @property
    def inherit(self) -> str | None: ...
    @property
    def commands(self) -> tuple[str, ...] | None: ...
    @property
    def enable(self) -> bool | None: ...
    @property
    def end_marker(self) -> str | None: ...


def registry(overrides: Mapping[str, Override] | None = None) -> Mapping[str, PlatformSpec]:
    """The built-in table, with config.toml's ``[platforms.*]`` rows added or replacing.

    A row takes the rule family, prompt and defaults of the built-in platform it names in
    ``inherit``; a row that overrides a built-in platform inherits that platform when it
    names none. Raises ConfigError (one line: file, platform, expected key) for a new
    platform without ``inherit`` or an ``inherit`` that names no built-in platform: a
    silently chosen family would mask the wrong patterns and could store secrets in git.
    """
    if not overrides:
        return BUILTIN_PLATFORMS
    table = dict(BUILTIN_PLATFORMS)
    for name, row in overrides.items():
        base = _inherited(name, row)
        table[name] = PlatformSpec(
            device_type=name,
            label=BUILTIN_PLATFORMS[name].label if name in BUILTIN_PLATFORMS else name,
            commands=tuple(row.commands) if row.commands else base.commands,
            needs_enable=base.needs_enable if row.enable is None else row.enable,
            end_marker=base.end_marker if row.end_marker is None else row.end_marker,
            family=base.family,
            prompt=base.prompt,
        )
    return MappingProxyType(table)


def _inherited(name: str, row: Override) -> PlatformSpec:
    where = f"{row.source}: [platforms.{name}]"
    choices = f"one of: {', '.join(sorted(BUILTIN_PLATFORMS))}"
    if row.inherit is None:
        if name in BUILTIN_PLATFORMS:
            return BUILTIN_PLATFORMS[name]
        raise ConfigError(
            f"{where}: 'inherit' is required: name the built-in platform whose noise and "
            f"masking rules it uses ({choices})"
        )
    base = BUILTIN_PLATFORMS.get(row.inherit)
    if base is None:
        raise ConfigError(
            f"{where}: 'inherit' = {row.inherit!r} is not a built-in platform ({choices})"
        )
    return base
