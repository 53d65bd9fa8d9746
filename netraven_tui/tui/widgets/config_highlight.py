"""Colours for configuration text: comments, section keywords, masked secrets, addresses.

A handful of regular expressions over one line at a time (no parser, no extra dependency): good
enough for IOS, NX-OS, EOS, Junos `set` style, RouterOS and VRP, and cheap enough to run for each
line as it scrolls into view.
"""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

COMMENT = re.compile(r"^\s*([!#].*|/\*.*)$")
KEYWORD = re.compile(
    r"^\s*(?:no\s+)?(interface|router|vlan|set|delete|hostname|ip|ipv6|vrf|line|aaa|username|"
    r"snmp-server|ntp|logging|access-list|route-map|policy-map|class-map|feature|system|"
    r"protocols|policy-options|firewall|security|bgp|ospf|/[a-z][\w/ -]*|sysname|acl|user)\b"
)
MASKED = re.compile(r"<removed>|\*{4,}")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.])")
IPV6 = re.compile(r"(?<![\w:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:/\d{1,3})?(?![\w:])")
STRING = re.compile(r'"[^"]*"')

STYLES = {
    "comment": "italic #808080",
    "keyword": "bold #5fafff",
    "masked": "bold #ff5f87",
    "address": "#87d787",
    "string": "#d7af5f",
}


def clean(line: str) -> str:
    """Tabs as spaces and control characters as '?', so every character is one cell."""
    if "\t" in line:
        line = line.expandtabs(4)
    return _CONTROL.sub("?", line)


def highlight_config(line: str) -> Text:
    """One configuration line, coloured."""
    text = Text(clean(line))
    plain = text.plain
    if COMMENT.match(plain):
        text.stylize(STYLES["comment"])
        return text
    keyword = KEYWORD.match(plain)
    if keyword:
        text.stylize(STYLES["keyword"], keyword.start(1), keyword.end(1))
    for pattern, style in (
        (STRING, "string"),
        (IPV4, "address"),
        (IPV6, "address"),
        (MASKED, "masked"),
    ):
        for match in pattern.finditer(plain):
            if pattern is IPV6 and not _is_ipv6(match.group()):
                continue
            text.stylize(STYLES[style], match.start(), match.end())
    return text


def _is_ipv6(candidate: str) -> bool:
    """Tell an IPv6 address from a time (12:30:45) or a MAC address (aa:bb:cc:dd:ee:ff)."""
    address = candidate.split("/", 1)[0]
    return "::" in address or address.count(":") == 7
