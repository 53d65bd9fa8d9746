"""Patterns a person types (config search, find, filters), matched in linear time with RE2.

Python's ``re`` backtracks: ``(.|.)*X`` on a long line never returns, and while it runs it holds
the GIL, so in the console it would also stop the scheduler and the lease renewal. RE2
(google-re2) matches in time linear in the text, whatever the pattern, and releases the GIL
while it matches. The price is a few Perl features it does not have (backreferences,
lookahead/lookbehind); such a pattern is refused with one line saying so.

Lines are matched one at a time in meaning (a match never spans two lines), but the text is
searched in one pass (``never_nl`` stops every match at a newline), which is several times faster
than one call per line.
"""

from __future__ import annotations

import re as _re_syntax  # only for escaping literal text, never to match user input
from collections.abc import Iterator
from dataclasses import dataclass

import re2

from netraven_tui.domain import ValidationError

FIELD = "pattern"
MAX_PATTERN_LENGTH = 10_000

# RE2's parser says "invalid escape sequence: \1" or "invalid perl operator: (?=": say what it means.
_HINTS = (
    (_re_syntax.compile(r"invalid escape sequence: \\[1-9]"), "backreferences are not supported"),
    (_re_syntax.compile(r"invalid perl operator: \(\?P=?$"), "backreferences are not supported"),
    (
        _re_syntax.compile(r"invalid perl operator: \(\?<?[=!]"),
        "lookahead and lookbehind are not supported",
    ),
    (_re_syntax.compile(r"invalid escape sequence: \\Z"), r"\Z is not supported (use \z or $)"),
)
_SYNTAX = "patterns use RE2 syntax, which matches in linear time: https://github.com/google/re2/wiki/Syntax"


@dataclass(frozen=True, slots=True)
class UserPattern:
    """A compiled user pattern; ``text`` is what the user typed."""

    text: str
    ignore_case: bool
    _regex: re2._Regexp

    def search(self, line: str) -> object | None:
        """The first match in ``line``, or None (the ``re.Pattern.search`` shape)."""
        return self._regex.search(line)

    def search_line(self, line: str) -> bool:
        """True when ``line`` (one line, no newline) holds a match."""
        return self._regex.search(line) is not None

    def spans(self, line: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every match in ``line``, in characters, for highlighting."""
        for match in self._regex.finditer(line):
            start, end = match.span()
            if end > start:
                yield start, end

    def matching_lines(self, text: str) -> list[int]:
        """Indexes (0-based) of the lines of ``text`` (as ``str.splitlines`` cuts them) that match."""
        lines = text.splitlines()
        if not lines:
            return []
        # splitlines also cuts at \r, \v, \x1c… (which RE2 does not stop at): search one line at a
        # time for such a text, one pass over the whole text for the usual \n-only one.
        if len(lines) != text.count("\n") + (0 if text.endswith("\n") else 1):
            return [index for index, line in enumerate(lines) if self.search_line(line)]
        data = text.encode("utf-8")
        found: list[int] = []
        position = line_number = line_start = 0
        end = len(data)
        while position <= end:
            match = self._regex.search(data, position)
            if match is None:
                break
            start = match.start()
            line_number += data.count(b"\n", line_start, start)
            line_start = data.rfind(b"\n", 0, start) + 1
            if line_number < len(lines):
                found.append(line_number)
            next_newline = data.find(b"\n", start)
            if next_newline < 0:
                break
            position = next_newline + 1
        return found


def compile_user_pattern(
    text: str, ignore_case: bool = False, *, where: str = FIELD
) -> UserPattern:
    """Compile what a user typed; a pattern RE2 cannot run is a one-line ValidationError
    naming ``where`` it came from (a CLI argument, a policy rule's key, …)."""
    if len(text) > MAX_PATTERN_LENGTH:
        raise ValidationError(
            where, f"the pattern is {len(text)} characters long; at most {MAX_PATTERN_LENGTH}"
        )
    options = _options(ignore_case)
    try:
        regex = re2.compile(f"(?m){text}", options)
    except re2.error as error:
        raise ValidationError(where, f"{_quoted(text)}: {_explain(error)}") from None
    return UserPattern(text, ignore_case, regex)


def literal_pattern(text: str, ignore_case: bool = False) -> UserPattern:
    """``text`` matched literally (for a find box whose text is not a valid pattern)."""
    return compile_user_pattern(re2.escape(text), ignore_case)


def smart_pattern(text: str) -> UserPattern | None:
    """What a find box typed: smart case (lower-case text ignores case); not valid → literal."""
    if not text:
        return None
    ignore_case = not any(ch.isupper() for ch in text)
    try:
        return compile_user_pattern(text, ignore_case)
    except ValidationError:
        return literal_pattern(text, ignore_case)


def _options(ignore_case: bool) -> re2.Options:
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.never_nl = True  # a match never spans two lines
    options.log_errors = False  # RE2 would print parse errors on stderr
    return options


def _quoted(text: str) -> str:
    return f"'{text}'" if text.isprintable() and "'" not in text else repr(text)


def _explain(error: re2.error) -> str:
    raw = error.args[0] if error.args else ""
    message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    message = message.replace("(?m)", "")  # our own prefix, not what the user typed
    for pattern, hint in _HINTS:
        if pattern.search(message):
            return f"{hint}; {_SYNTAX}"
    if "pattern too large" in message:
        return "the pattern is too large (simplify it)"
    return f"not a valid regular expression: {message}"
