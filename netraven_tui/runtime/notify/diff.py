"""The diff a ``config_changed`` notification carries: the device's previous and new blob from git,
masked again (so a repository kept unmasked still sends no secret), as a unified diff whose hunk
headers name the section the change sits in (``@@ -40,7 +40,7 @@ interface Gi0/1``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from netraven_tui.backup.masking import mask_secrets
from netraven_tui.domain import ConfigVersion
from netraven_tui.platforms import PlatformSpec
from netraven_tui.runtime.unified_diff import CONTEXT_LINES, unified_diff
from netraven_tui.sections import section_of as section_of_config
from netraven_tui.services.notify_events import DiffProvider

if TYPE_CHECKING:
    from netraven_tui.backup.gitstore import GitStore

MAX_DIFF_LINES = 1000  # per device; a first backup's diff is the whole configuration

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
    name = None if section_of is None else partial(_name_in, section_of, new, platform)
    return unified_diff(old, new, old_label, new_label, name, context, max_lines)


def _name_in(section_of: SectionOf, text: str, platform: str, line_number: int) -> str | None:
    return section_of(text, line_number, platform)
