"""Noise removal: lines that change on every read although the configuration did not.

Without this every backup would be a "change" (timestamps, byte counts, uptime, clock drift).
The patterns belong to the platform's rule family (``backup/rules/``); a line matching one is
dropped whole.
"""

from __future__ import annotations

import re
from functools import cache

from netraven_tui.backup.rules import COMMON_NOISE, family_of, rules_for
from netraven_tui.platforms import PlatformSpec, RuleFamily


def strip_noise(spec: PlatformSpec | RuleFamily, text: str) -> str:
    """The configuration without volatile lines, with LF endings and no trailing blanks."""
    pattern = _compiled(family_of(spec))
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
def _compiled(family: RuleFamily) -> re.Pattern[str]:
    patterns = (*COMMON_NOISE, *rules_for(family).noise)
    return re.compile("|".join(f"(?:{p})" for p in patterns))
