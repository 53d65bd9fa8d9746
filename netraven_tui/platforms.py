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

    The patterns themselves live in ``backup/rules/<family>.py`` (one file per member). A
    family is its own member only where the vendor's syntax really differs (keywords, quoting,
    value placement); platforms that print the same syntax share one.
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
    COMWARE = "comware"
    PANOS = "panos"
    AOSCX = "aoscx"
    ARUBAOS = "arubaos"
    AIREOS = "aireos"
    F5 = "f5"
    CHECKPOINT = "checkpoint"
    EXOS = "exos"
    VYOS = "vyos"
    FASTIRON = "fastiron"
    EDGESWITCH = "edgeswitch"
    MLNXOS = "mlnxos"


BUILT_IN = "built-in"


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    device_type: str
    label: str
    commands: tuple[str, ...]
    needs_enable: bool = False
    # Regex that one of the last non-empty lines of a complete configuration matches.
    # None: completeness is judged by the prompt coming back and the absence of an error
    # banner only (the platform's configuration has no fixed last line).
    end_marker: str | None = None
    # The syntax the configuration is written in: its noise lines and secret patterns.
    family: RuleFamily = field(kw_only=True)
    # Regex matching the whole prompt line the device prints when it waits for a command
    # (any hostname, user or privilege level; config modes included).
    prompt: str = field(kw_only=True)
    # Where the row comes from: "built-in", or the config.toml file that added or changed it.
    origin: str = field(default=BUILT_IN, kw_only=True)
    # For a config.toml row: the built-in platform whose family, prompt and defaults it took.
    inherits: str | None = field(default=None, kw_only=True)


# Prompt shapes shared by several platforms.
_CISCO_PROMPT = r"^[\w.:/@-]+(?:\([\w./:-]+\))?[>#]\s*$"  # r1>, r1#, RP/0/RSP0/CPU0:xr1#
_USER_AT_HOST_PROMPT = r"^[\w.-]+@[\w.()-]+(?::\S*)?[>#$%]\s*$"  # admin@mx1>, vyos@vyos:~$
# (Aruba7010) #, (UBNT EdgeSwitch) (Config)#, (host) [mynode] #, (Cisco Controller) >
_PAREN_PROMPT = r"^\([^()]+\)(?: \[[^\]]+\])?(?: ?\([\w./ -]+\))? ?(?:config)?[>#]\s*$"
_VRP_PROMPT = (
    r"^(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])\s*$"  # <HW1>, [HW1], [~HW1-GigabitEthernet0/0/1]
)
_PROCURVE_PROMPT = _CISCO_PROMPT  # sw1> , sw1# , sw1(config)#
_FASTIRON_PROMPT = r"^(?:\w+@)?[\w.-]+(?: Router)?(?:\([\w./-]+\))?[>#]\s*$"  # SSH@ICX7150 Router>


def _spec(
    device_type: str,
    label: str,
    command: str,
    family: RuleFamily,
    prompt: str,
    *,
    enable: bool = False,
    end: str | None = None,
) -> PlatformSpec:
    return PlatformSpec(device_type, label, (command,), enable, end, family=family, prompt=prompt)


F = RuleFamily
# One row per Netmiko device type (netmiko.ssh_dispatcher.CLASS_MAPPER_BASE; a unit test checks
# every name). The capture commands follow the vendors' CLI references and what Oxidized runs.
# fmt: off
_BUILTIN = (
    _spec("cisco_ios", "Cisco IOS / IOS-XE", "show running-config", F.IOS, _CISCO_PROMPT,
          enable=True, end=r"^end$"),
    _spec("cisco_xe", "Cisco IOS-XE", "show running-config", F.IOS, _CISCO_PROMPT,
          enable=True, end=r"^end$"),
    _spec("cisco_nxos", "Cisco NX-OS", "show running-config", F.NXOS, _CISCO_PROMPT),
    # IOS-XR prints a timestamp line first (noise) and ends with "end".
    _spec("cisco_xr", "Cisco IOS-XR", "show running-config", F.XR, _CISCO_PROMPT, end=r"^end$"),
    # "show running-config" prints pre-shared keys, AAA and failover keys as "*****": a backup
    # could not be restored. "more system:running-config" prints them (masked before storing).
    _spec("cisco_asa", "Cisco ASA", "more system:running-config", F.ASA, _CISCO_PROMPT,
          enable=True, end=r"^: end$"),
    # FTD's CLISH has no "more system:"; its "show running-config" is the ASA data plane's.
    _spec("cisco_ftd", "Cisco Firepower Threat Defense", "show running-config", F.ASA,
          r"^(?:[\w.-]+)?[>#]\s*$", end=r"^: end$"),
    # AireOS WLC: the configuration as the "config ..." commands that rebuild it.
    _spec("cisco_wlc", "Cisco WLC (AireOS)", "show run-config commands", F.AIREOS,
          _PAREN_PROMPT),
    _spec("arista_eos", "Arista EOS", "show running-config", F.EOS, _CISCO_PROMPT,
          enable=True, end=r"^end$"),
    _spec("juniper_junos", "Juniper Junos", "show configuration | display set", F.JUNOS,
          _USER_AT_HOST_PROMPT, end=r"^set "),
    _spec("juniper", "Juniper Junos (alias)", "show configuration | display set", F.JUNOS,
          _USER_AT_HOST_PROMPT, end=r"^set "),
    _spec("mikrotik_routeros", "MikroTik RouterOS", "/export", F.ROUTEROS,
          r"^\[[^\]\s@]+@[^\]]+\] (?:/[^>]*)?>\s*$"),  # [admin@r1] >, [admin@r1] /ip>
    _spec("huawei", "Huawei VRP", "display current-configuration", F.HUAWEI, _VRP_PROMPT,
          end=r"^return$"),
    _spec("huawei_vrpv8", "Huawei VRP 8", "display current-configuration", F.HUAWEI,
          _VRP_PROMPT, end=r"^return$"),
    # The brace format (what Oxidized stores); it ends with the closing brace of "config {".
    _spec("paloalto_panos", "Palo Alto PAN-OS", "show config running", F.PANOS,
          _USER_AT_HOST_PROMPT, end=r"^\}$"),
    # "show" prints what differs from the defaults: "show full-configuration" is 5-20 times
    # longer and changes with every firmware upgrade, for no setting anyone changed.
    _spec("fortinet", "Fortinet FortiOS", "show", F.FORTINET,
          r"^[\w.-]+(?: \([\w.-]+\))? [#$]\s*$", end=r"^end$"),  # fgt1 #, fgt1 (root) #
    _spec("hp_procurve", "HPE ProCurve / ArubaOS-Switch", "show running-config", F.PROCURVE,
          _PROCURVE_PROMPT),
    _spec("aruba_osswitch", "ArubaOS-Switch", "show running-config", F.PROCURVE,
          _PROCURVE_PROMPT),
    _spec("hp_comware", "HPE Comware", "display current-configuration", F.COMWARE,
          _VRP_PROMPT, end=r"^return$"),
    _spec("h3c_comware", "H3C Comware", "display current-configuration", F.COMWARE,
          _VRP_PROMPT, end=r"^return$"),
    _spec("aruba_os", "Aruba OS (Mobility Controller)", "show running-config", F.ARUBAOS,
          _PAREN_PROMPT, enable=True),
    _spec("aruba_aoscx", "Aruba AOS-CX", "show running-config", F.AOSCX, _CISCO_PROMPT),
    _spec("dell_os10", "Dell OS10", "show running-configuration", F.IOS, _CISCO_PROMPT),
    _spec("dell_os9", "Dell OS9 (Force10)", "show running-config", F.IOS, _CISCO_PROMPT,
          enable=True, end=r"^end$"),
    _spec("extreme_exos", "Extreme EXOS", "show configuration", F.EXOS,
          r"^(?:\* )?[\w.-]+ [#>]\s*$"),  # X440G2.3 #, * X440G2.4 #
    _spec("vyos", "VyOS", "show configuration commands", F.VYOS, _USER_AT_HOST_PROMPT,
          end=r"^set "),
    _spec("ubiquiti_edgerouter", "Ubiquiti EdgeRouter (EdgeOS)", "show configuration commands",
          F.VYOS, _USER_AT_HOST_PROMPT, end=r"^set "),
    # In tmsh (Netmiko's f5_tmsh enters it): every object; each top-level block ends in "}".
    _spec("f5_tmsh", "F5 BIG-IP (tmsh)", "show running-config", F.F5,
          r"^[\w.-]+@\([^()]+\)(?:\([^()]*\))*[#>]\s*$", end=r"\}$"),
    _spec("checkpoint_gaia", "Check Point Gaia", "show configuration", F.CHECKPOINT,
          r"^(?:[\w.-]+[>#]|\[Expert@[\w.-]+(?::\d+)?\]#)\s*$"),
    _spec("ubiquiti_edgeswitch", "Ubiquiti EdgeSwitch", "show running-config", F.EDGESWITCH,
          _PAREN_PROMPT, enable=True),
    _spec("ruckus_fastiron", "Ruckus ICX (FastIron)", "show running-config", F.FASTIRON,
          _FASTIRON_PROMPT, enable=True, end=r"^end$"),
    _spec("brocade_fastiron", "Brocade FastIron", "show running-config", F.FASTIRON,
          _FASTIRON_PROMPT, enable=True, end=r"^end$"),
    _spec("mellanox_mlnxos", "NVIDIA/Mellanox Onyx (MLNX-OS)", "show running-config",
          F.MLNXOS, r"^[\w.-]+ \[[\w.-]+: [\w-]+\] (?:\([\w-]+\) )?[>#]\s*$", enable=True),
    _spec("linux", "Linux host", "cat /etc/network/interfaces", F.IOS, r"^\S*[$#]\s*$"),
)
# fmt: on

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
            origin=row.source,
            inherits=base.device_type,
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
