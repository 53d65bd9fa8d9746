"""MikroTik RouterOS ``/export``: ``name=value`` pairs under ``/section`` header lines."""

from __future__ import annotations

from types import MappingProxyType

from netraven_tui.backup.rules.base import FamilyRules, SectionStyle

_VALUE = r'(?P<v>"[^"]*"|\S+)'

RULES = FamilyRules(
    noise=(
        r"^# \S+ \S+ by RouterOS .*$",
        r"^# (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/\d+/\d+ \d+:\d+:\d+ by RouterOS .*$",
    ),
    secrets=(
        # password=, secret=, auth-key=, tcp-md5-key=, private-key=, wpa2-pre-shared-key=,
        # passphrase=, trap-community=; a WireGuard peer's public-key= is not a secret.
        r"(?<![\w.-])(?!public-key=)[\w.-]*(?:password|secret|passphrase|pre-shared-key|-key|psk|"
        r"community)=" + _VALUE,
        # "/export terse" puts the section on every line: /snmp community set ... name=K
        r"^\s*/snmp community .*?(?<![\w.-])name=" + _VALUE,
        r"^\s*/system ntp key .*?(?<![\w.-])key=" + _VALUE,
        # wireless security profiles: static-key-0= ... static-key-3=, static-sta-private-key=
        r"(?<![\w.-])static-(?:sta-private-)?key(?:-\d)?=" + _VALUE,
    ),
    # In "/snmp community" the community string is the entry's name=.
    # In "/system ntp key" (RouterOS 7) the symmetric key is the entry's key=.
    sections=MappingProxyType(
        {
            "/snmp community": (r"(?<![\w.-])name=" + _VALUE,),
            "/system ntp key": (r"(?<![\w.-])key=" + _VALUE,),
        }
    ),
    section_style=SectionStyle.SLASH_PATH,
)
