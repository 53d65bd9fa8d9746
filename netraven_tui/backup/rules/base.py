"""What one rule family holds: noise lines, secret patterns, and the lines never touched."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType


class SectionStyle(Enum):
    """How a configuration marks the section a line belongs to (for section-only patterns)."""

    NONE = "none"
    # RouterOS /export: a line starting with "/" names the section of the lines below it.
    SLASH_PATH = "slash-path"
    # FortiOS: "config <path>" opens a section, "end" closes it; sections nest.
    CONFIG_END = "config-end"


@dataclass(frozen=True, slots=True)
class FamilyRules:
    """Everything noise removal and secret masking know about one configuration syntax.

    Every secret pattern has a group named ``v``: the value replaced by ``<removed>``. The
    patterns are matched case-insensitively against single lines, with ``finditer``.
    """

    # A line matching one of these changes on every read (timestamps, byte counts): dropped.
    noise: tuple[str, ...]
    # Patterns whose group "v" is a secret value.
    secrets: tuple[str, ...]
    # A line matching one of these is never masked: descriptions, aliases, remarks, whose
    # free text may say "password" without holding one.
    verbatim: tuple[str, ...] = ()
    # Patterns that apply only inside a section, by the section's header line (stripped).
    sections: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    section_style: SectionStyle = SectionStyle.NONE
    # A masked value that opens a double quote it does not close goes on over the next lines
    # (FortiOS private keys); each of those lines is replaced whole, up to the closing quote.
    multiline_values: bool = False
