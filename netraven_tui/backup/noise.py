"""Noise removal: lines that change on every read although the configuration did not.

Without this every backup would be a "change" (timestamps, byte counts, uptime, clock drift).
Patterns are per platform family; a line matching one is dropped whole.
"""

from __future__ import annotations

import re
from functools import cache

_COMMON = (
    r"^Building configuration\.\.\.\s*$",
    r"^Current configuration\s*:\s*\d+ bytes\s*$",
)

_FAMILY = {
    "ios": (
        r"^! Last configuration change at .*$",
        r"^! NVRAM config last updated at .*$",
        r"^! No configuration change since last restart.*$",
        r"^ntp clock-period \d+\s*$",
        r"^! Time: .*$",
    ),
    "nxos": (
        r"^!Time: .*$",
        r"^!Running configuration last done at: .*$",
        r"^!Command: show running-config.*$",
        r"^!No configuration change since last restart.*$",
    ),
    "eos": (
        r"^! Command: show running-config.*$",
        r"^! device: .*$",
        r"^! Time: .*$",
    ),
    "xr": (
        r"^!! Last configuration change at .*$",
        r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) .*\d{2}:\d{2}:\d{2}.*$",
    ),
    "asa": (
        r"^Cryptochecksum:.*$",
        r"^: Saved\s*$",
        r"^: Written by .*$",
        r"^: .*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) .*\d{2}:\d{2}:\d{2}.*$",
    ),
    "junos": (
        r"^## Last commit: .*$",
        r"^## Last changed: .*$",
        r"^#\s*Last commit: .*$",
    ),
    "routeros": (
        r"^# \S+ \S+ by RouterOS .*$",
        r"^# (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/\d+/\d+ \d+:\d+:\d+ by RouterOS .*$",
    ),
    "huawei": (
        r"^!Last configuration was updated at .*$",
        r"^!Last configuration was saved at .*$",
        r"^!Time: .*$",
    ),
    "fortinet": (r"^#conf_file_ver=\d+\s*$",),
    "procurve": (r"^; .* Configuration Editor; Created on release .*$",),
}

PLATFORM_FAMILY = {
    "cisco_ios": "ios",
    "cisco_xe": "ios",
    "cisco_nxos": "nxos",
    "arista_eos": "eos",
    "cisco_xr": "xr",
    "cisco_asa": "asa",
    "juniper_junos": "junos",
    "vyos": "junos",
    "mikrotik_routeros": "routeros",
    "huawei": "huawei",
    "fortinet": "fortinet",
    "hp_procurve": "procurve",
    "dell_os10": "ios",
    "extreme_exos": "ios",
    "paloalto_panos": "junos",
    "linux": "ios",
}


def strip_noise(platform: str, text: str) -> str:
    """The configuration without volatile lines, with LF endings and no trailing blanks."""
    pattern = _compiled(PLATFORM_FAMILY.get(platform, "ios"))
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if pattern.match(line):
            continue
        lines.append(line)
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


@cache
def _compiled(family: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in (*_COMMON, *_FAMILY.get(family, ()))))
