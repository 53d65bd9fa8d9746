"""Regular expressions typed by users (compliance rules, searches): one way to compile them.

Minimal version on the standard library's ``re``; the project's linear-time engine (RE2 or
``regex`` with a timeout) replaces the body of :func:`compile_user_pattern` without changing
its callers. Patterns are matched one configuration line at a time (no ``re.MULTILINE``).
"""

from __future__ import annotations

import re
from typing import Protocol

from netraven_tui.domain import ValidationError

MAX_PATTERN_LENGTH = 1000


class UserPattern(Protocol):
    """What callers may use of a compiled pattern (both ``re`` and RE2 objects offer it)."""

    pattern: str

    def search(self, string: str, /) -> object | None: ...


def compile_user_pattern(pattern: str, where: str) -> re.Pattern[str]:
    """Compile ``pattern`` or raise ``ValidationError(where, one line saying why)``."""
    if not isinstance(pattern, str) or not pattern:
        raise ValidationError(where, "the pattern is empty; expected a regular expression")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValidationError(
            where, f"the pattern is {len(pattern)} characters long; at most {MAX_PATTERN_LENGTH}"
        )
    try:
        return re.compile(pattern)
    except re.error as error:
        position = f" at position {error.pos}" if error.pos is not None else ""
        raise ValidationError(
            where, f"{pattern!r} is not a valid regular expression: {error.msg}{position}"
        ) from None
