"""The supported platforms: Netmiko device types and how to capture their configuration.

Pure data, so that validation (services) and the engine (backup) read the same table. Users add
or override entries in config.toml (``[platforms.<device_type>]``); see :func:`registry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    device_type: str
    label: str
    commands: tuple[str, ...]
    needs_enable: bool = False
    # Regex that one of the last non-empty lines of a complete configuration matches.
    # None: completeness is judged by the absence of an error banner only.
    end_marker: str | None = None


_BUILTIN = (
    PlatformSpec("cisco_ios", "Cisco IOS / IOS-XE", ("show running-config",), True, r"^end$"),
    PlatformSpec("cisco_xe", "Cisco IOS-XE", ("show running-config",), True, r"^end$"),
    PlatformSpec("cisco_nxos", "Cisco NX-OS", ("show running-config",), False, None),
    PlatformSpec("cisco_xr", "Cisco IOS-XR", ("show running-config",), False, r"^end$"),
    PlatformSpec("cisco_asa", "Cisco ASA", ("show running-config",), True, r"^: end$"),
    PlatformSpec("arista_eos", "Arista EOS", ("show running-config",), True, r"^end$"),
    PlatformSpec(
        "juniper_junos", "Juniper Junos", ("show configuration | display set",), False, r"^set "
    ),
    PlatformSpec("mikrotik_routeros", "MikroTik RouterOS", ("/export",), False, None),
    PlatformSpec("huawei", "Huawei VRP", ("display current-configuration",), False, r"^return$"),
    PlatformSpec("paloalto_panos", "Palo Alto PAN-OS", ("show config running",), False, r"^\}$"),
    PlatformSpec("fortinet", "Fortinet FortiOS", ("show full-configuration",), False, r"^end$"),
    PlatformSpec(
        "hp_procurve", "HPE ProCurve / Aruba-OS switch", ("show running-config",), False, None
    ),
    PlatformSpec("dell_os10", "Dell OS10", ("show running-configuration",), False, None),
    PlatformSpec("extreme_exos", "Extreme EXOS", ("show configuration",), False, None),
    PlatformSpec("vyos", "VyOS", ("show configuration commands",), False, r"^set "),
    PlatformSpec("linux", "Linux host", ("cat /etc/network/interfaces",), False, None),
)

BUILTIN_PLATFORMS: Mapping[str, PlatformSpec] = MappingProxyType(
    {p.device_type: p for p in _BUILTIN}
)


def registry(overrides: Mapping[str, object] | None = None) -> Mapping[str, PlatformSpec]:
    """The built-in table, with config.toml's ``[platforms.*]`` entries added or replacing.

    ``overrides`` maps a device type to an object with ``commands``, ``enable`` and
    ``end_marker`` attributes (``config.PlatformOverride``).
    """
    if not overrides:
        return BUILTIN_PLATFORMS
    table = dict(BUILTIN_PLATFORMS)
    for name, spec in overrides.items():
        base = table.get(name)
        table[name] = PlatformSpec(
            device_type=name,
            label=base.label if base else name,
            commands=tuple(spec.commands),
            needs_enable=bool(spec.enable),
            end_marker=spec.end_marker
            if spec.end_marker is not None
            else (base.end_marker if base else None),
        )
    return MappingProxyType(table)
