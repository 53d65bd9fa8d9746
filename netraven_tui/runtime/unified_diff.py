"""A unified diff of two configuration texts whose hunk headers name the section the change sits
in (``@@ -40,7 +40,7 @@ interface Gi0/1``), as ``git diff`` names the function: the CLI's
``config diff``, the device page and the ``config_changed`` notification all print this one."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

CONTEXT_LINES = 3

# 1-based number of a line of the new text -> the section it sits in (None: top level)
SectionName = Callable[[int], str | None]


def unified_diff(
    old: str,
    new: str,
    old_label: str,
    new_label: str,
    section_name: SectionName | None = None,
    context: int = CONTEXT_LINES,
    max_lines: int | None = None,
) -> str:
    """Unified diff from ``old`` to ``new``; each hunk headed by the section of its first
    changed line; cut after ``max_lines`` lines with a line saying how many more there were."""
    a, b = old.splitlines(), new.splitlines()
    out = [f"--- {old_label}", f"+++ {new_label}"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        i1, i2, j1, j2 = first[1], last[2], first[3], last[4]
        header = f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@"
        section = hunk_section(section_name, group, len(b))
        out.append(f"{header} {section}" if section else header)
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                out.extend(f" {line}" for line in a[x1:x2])
                continue
            out.extend(f"-{line}" for line in a[x1:x2])
            out.extend(f"+{line}" for line in b[y1:y2])
    if len(out) == 2:
        return ""  # the same text: no diff at all, as diff(1) prints
    if max_lines is not None and len(out) > max_lines:
        left = len(out) - max_lines
        out = [*out[:max_lines], f"… {left} more diff lines"]
    return "\n".join(out)


def hunk_section(
    section_name: SectionName | None,
    group: list[tuple[str, int, int, int, int]],
    new_length: int,
) -> str | None:
    """The section a hunk (a group of ``SequenceMatcher`` opcodes) sits in: that of its first
    changed line in the new text (for a removal at the end, the last line). A parser's bug costs
    the hunk its header, never the diff."""
    if section_name is None or new_length == 0:
        return None
    changed_at = next((op[3] for op in group if op[0] != "equal"), group[0][3])
    try:
        found = section_name(min(changed_at + 1, new_length))
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("section of line %s could not be found", changed_at + 1)
        return None
    return found.strip() if found else None


def _range(start: int, stop: int) -> str:
    length = stop - start
    beginning = start + 1 if length else start
    return str(beginning) if length == 1 else f"{beginning},{length}"
