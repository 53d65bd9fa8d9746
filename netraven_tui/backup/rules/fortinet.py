"""Fortinet FortiOS ``show full-configuration``: ``set <attribute> <value>`` in config blocks."""

from __future__ import annotations

from types import MappingProxyType

from netraven_tui.backup.rules.base import FamilyRules, SectionStyle

RULES = FamilyRules(
    noise=(r"^#conf_file_ver=\d+\s*$",),
    secrets=(
        # the header line of a config saved with private-data encryption on
        r"^#private-encryption-key=(?P<v>.+)$",
        # set password ENC ..., set passwd, set psksecret, set secret, set key, set auth-pwd,
        # set priv-pwd, set passphrase, set authentication-key, set key-string,
        # set auth-password-l1, set private-key "-----BEGIN ... (over several lines);
        # the value is the rest of the line (FortiOS values may hold spaces).
        r"^\s*(?=set )\S+ (?!\S*public-key\s)[\w-]*?"
        r"(?:password|passwd|secret|passphrase|pwd|key|key-string)(?:-l[12])?\s+(?P<v>.+)$",
    ),
    # The SNMP community string is the community's "set name".
    sections=MappingProxyType({"config system snmp community": (r"^\s*set name\s+(?P<v>.+)$",)}),
    section_style=SectionStyle.CONFIG_END,
    multiline_values=True,
)
