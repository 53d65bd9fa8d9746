"""The diff a ``config_changed`` notification carries: the device's previous and new blob from git,
masked again (so a repository kept unmasked still sends no secret), as a unified diff whose hunk
headers name the section the change sits in (``@@ -40,7 +40,7 @@ interface Gi0/1``)."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from netraven_tui.backup.masking import mask_secrets
from netraven_tui.domain import ConfigVersion
from netraven_tui.platforms import PlatformSpec
from netraven_tui.sections import section_of as section_of_config
from netraven_tui.services.notify_events import DiffProvider

if TYPE_CHECKING:
    from netraven_tui.backup.gitstore import GitStore

log = logging.getLogger(__name__)

MAX_DIFF_LINES = 1000  # per device; a first backup's diff is the whole configuration
CONTEXT_LINES = 3

# (the new configuration's text, 1-based number of a changed line, platform) -> its section,
# the signature of netraven_tui.sections.section_of (a platform-aware parser)
SectionOf = Callable[[str, int, str], str | None]


def diff_provider(
    store: GitStore,
    platforms: Mapping[str, PlatformSpec],
    section_of: SectionOf | None = None,
    context: int = CONTEXT_LINES,
) -> DiffProvider:
    """A :data:`DiffProvider` reading ``store``, masking with each device's platform row;
    ``section_of`` defaults to the platform-aware :func:`netraven_tui.sections.section_of`."""
    finder = section_of or section_of_config

    def provide(previous: ConfigVersion | None, current: ConfigVersion, platform: str) -> str:
        spec = platforms.get(platform)
        if spec is None:  # no masking rules known: send no text at all rather than risk one
            raise LookupError(f"platform {platform!r} is not configured")
        new = store.read(current.path, current.commit) or ""
        old = (store.read(previous.path, previous.commit) or "") if previous else ""
        return masked_diff(
            mask_secrets(spec, old),
            mask_secrets(spec, new),
            f"{current.hostname} ({previous.commit[:10]})" if previous else "(nothing)",
            f"{current.hostname} ({current.commit[:10]})",
            finder,
            context,
            platform=platform,
        )

    return provide


def masked_diff(
    old: str,
    new: str,
    old_label: str,
    new_label: str,
    section_of: SectionOf | None = None,
    context: int = CONTEXT_LINES,
    max_lines: int = MAX_DIFF_LINES,
    platform: str = "",
) -> str:
    """A unified diff of two (already masked) texts, hunks headed by their section."""
    a, b = old.splitlines(), new.splitlines()
    out = [f"--- {old_label}", f"+++ {new_label}"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        i1, i2, j1, j2 = first[1], last[2], first[3], last[4]
        changed_at = next((op[3] for op in group if op[0] != "equal"), j1)
        section = _section(section_of, new, changed_at + 1, platform)
        header = f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@"
        out.append(f"{header} {section.strip()}" if section else header)
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                out.extend(f" {line}" for line in a[x1:x2])
                continue
            out.extend(f"-{line}" for line in a[x1:x2])
            out.extend(f"+{line}" for line in b[y1:y2])
    if len(out) > max_lines:
        left = len(out) - max_lines
        out = [*out[:max_lines], f"… {left} more diff lines"]
    return "\n".join(out)


def _section(
    section_of: SectionOf | None, text: str, line_number: int, platform: str
) -> str | None:
    if section_of is None:
        return None
    try:
        return section_of(text, line_number, platform)
    except Exception:  # noqa: BLE001 - a parser's bug costs the hunk its header, not the alert
        log.exception("section of line %s could not be found", line_number)
        return None


def _range(start: int, stop: int) -> str:
    length = stop - start
    beginning = start + 1 if length else start
    return str(beginning) if length == 1 else f"{beginning},{length}"
