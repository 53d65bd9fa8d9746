"""Two configuration texts compared, as rows ready to draw unified or side by side.

Pure data and functions (no widgets), computed in a worker thread: a 3,000-line configuration
with a few changes takes a few milliseconds with ``difflib.SequenceMatcher``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import zip_longest

from netraven_tui.runtime.unified_diff import SectionName, hunk_section

CONTEXT = 3

# kinds: "@" hunk header, " " same, "-" removed, "+" added
HUNK, SAME, REMOVED, ADDED = "@", " ", "-", "+"


@dataclass(frozen=True, slots=True)
class DiffLine:
    kind: str
    old_no: int | None
    new_no: int | None
    text: str


@dataclass(frozen=True, slots=True)
class SideRow:
    """One row of the side-by-side view: the old line on the left, the new one on the right."""

    left: DiffLine | None
    right: DiffLine | None

    @property
    def kind(self) -> str:
        if self.left is not None and self.left.kind == HUNK:
            return HUNK
        kinds = {line.kind for line in (self.left, self.right) if line is not None}
        return SAME if kinds == {SAME} else "~"


@dataclass(frozen=True, slots=True)
class ConfigDiff:
    old_label: str
    new_label: str
    unified: tuple[DiffLine, ...]
    side: tuple[SideRow, ...]
    unified_changes: tuple[int, ...]  # row index where each change starts
    side_changes: tuple[int, ...]
    added: int
    removed: int

    @property
    def same(self) -> bool:
        return not self.unified


def build_diff(
    old_text: str,
    new_text: str,
    old_label: str,
    new_label: str,
    context: int = CONTEXT,
    section_name: SectionName | None = None,
) -> ConfigDiff:
    """Compare two texts line by line; only changes and ``context`` lines around them are kept.
    Each hunk's header names the section its first change sits in (``section_name``)."""
    old, new = old_text.splitlines(), new_text.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    unified: list[DiffLine] = []
    side: list[SideRow] = []
    unified_changes: list[int] = []
    side_changes: list[int] = []
    added = removed = 0
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        ranges = f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@"
        section = hunk_section(section_name, group, len(new))
        header = DiffLine(HUNK, None, None, f"{ranges} {section}" if section else ranges)
        unified.append(header)
        side.append(SideRow(header, header))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset in range(i2 - i1):
                    line = DiffLine(SAME, i1 + offset + 1, j1 + offset + 1, old[i1 + offset])
                    unified.append(line)
                    side.append(SideRow(line, line))
                continue
            unified_changes.append(len(unified))
            side_changes.append(len(side))
            gone = [DiffLine(REMOVED, i + 1, None, old[i]) for i in range(i1, i2)]
            came = [DiffLine(ADDED, None, j + 1, new[j]) for j in range(j1, j2)]
            removed += len(gone)
            added += len(came)
            unified.extend(gone)
            unified.extend(came)
            side.extend(SideRow(left, right) for left, right in zip_longest(gone, came))
    return ConfigDiff(
        old_label,
        new_label,
        tuple(unified),
        tuple(side),
        tuple(unified_changes),
        tuple(side_changes),
        added,
        removed,
    )


def next_change(changes: tuple[int, ...], cursor: int, forward: bool) -> int | None:
    """The change after (or before) ``cursor``, wrapping around; None when there is none."""
    if not changes:
        return None
    if forward:
        return next((index for index in changes if index > cursor), changes[0])
    return next((index for index in reversed(changes) if index < cursor), changes[-1])
