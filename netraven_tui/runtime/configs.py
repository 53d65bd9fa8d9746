"""Reading the configuration history: show a version, diff two, search the latest of every device.

Versions are numbered per device from 1 (the oldest); a commit id (7+ hex digits) works too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netraven_tui.backup.gitstore import GitStore
from netraven_tui.domain import ConfigVersion, NotFound, ValidationError
from netraven_tui.patterns import compile_user_pattern
from netraven_tui.runtime.unified_diff import SectionName, unified_diff
from netraven_tui.sections import section_namer
from netraven_tui.services import Services

_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


@dataclass(frozen=True, slots=True)
class NumberedVersion:
    number: int
    version: ConfigVersion


@dataclass(frozen=True, slots=True)
class SearchHit:
    hostname: str
    line_number: int
    line: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    pattern: str
    hits: tuple[SearchHit, ...]
    matched: tuple[str, ...]  # hostnames with at least one hit
    missing: tuple[str, ...]  # hostnames with a configuration and no hit
    searched: int
    # hostnames never backed up: nothing shows they have the line (`--missing` counts them)
    unconfigured: tuple[str, ...] = ()


class ConfigBrowser:
    def __init__(self, services: Services, store: GitStore) -> None:
        self.services = services
        self.store = store

    def history(self, host: str | int) -> list[NumberedVersion]:
        """Versions of a device, newest first, numbered from 1 = the oldest."""
        versions = self.services.configs.history(host)
        total = len(versions)
        return [NumberedVersion(total - index, version) for index, version in enumerate(versions)]

    def resolve(self, host: str | int, ref: str | int | None = None) -> NumberedVersion:
        """The version ``ref`` names: None = latest, a number, or a commit id (prefix)."""
        history = self.history(host)
        if not history:
            raise NotFound("configuration of device", host)
        if ref is None or str(ref).strip() == "":
            return history[0]
        text = str(ref).strip().lower()
        if text.isdigit() and int(text) <= len(history):
            return history[len(history) - int(text)]
        if _COMMIT.match(text):
            for item in history:
                if item.version.commit.startswith(text):
                    return item
        raise ValidationError(
            "version",
            f"{ref!r} is not a version of {host} (1-{len(history)} or a commit id from its history)",
        )

    def show(self, host: str | int, ref: str | int | None = None) -> tuple[NumberedVersion, str]:
        item = self.resolve(host, ref)
        text = self.store.read(item.version.path, item.version.commit)
        if text is None:
            raise NotFound(
                "file in the repository", f"{item.version.path}@{item.version.commit[:10]}"
            )
        return item, text

    def diff(
        self,
        host: str | int,
        old: str | int | None = None,
        new: str | int | None = None,
        context: int = 3,
    ) -> str:
        """Unified diff from ``old`` (default: the version before ``new``) to ``new`` (default latest)."""
        new_item, new_text = self.show(host, new)
        if old is None:
            if new_item.number == 1:
                old_text, old_label = "", "(nothing)"
            else:
                old_item, old_text = self.show(host, new_item.number - 1)
                old_label = _label(old_item)
        else:
            old_item, old_text = self.show(host, old)
            old_label = _label(old_item)
        names = self.section_names(host, new_text)
        return unified_diff(old_text, new_text, old_label, _label(new_item), names, context)

    def section_names(self, host: str | int, text: str) -> SectionName:
        """Line number of ``text`` (a configuration of ``host``) -> the section it sits in, by
        the device's platform: what a diff's hunk headers name."""
        return section_namer(text, self.services.devices.get(host).platform)

    def search(
        self, pattern: str, tag: str | None = None, context: int = 1, ignore_case: bool = False
    ) -> SearchResult:
        """Lines matching ``pattern`` in the latest configuration of every device (or of a tag).

        An unknown tag is NotFound (a mistyped tag must not pass a check by searching nothing);
        devices with no configuration stored are listed apart, in ``unconfigured``.
        """
        regex = compile_user_pattern(pattern, ignore_case)  # linear time: never hangs
        if tag is not None:
            self.services.tags.get(tag)
        latest = self.services.configs.latest()
        devices = self.services.devices.list(tag=tag)
        hits: list[SearchHit] = []
        matched: list[str] = []
        missing: list[str] = []
        unconfigured: list[str] = []
        searched = 0
        for device in devices:
            version = latest.get(device.id)
            if version is None:
                unconfigured.append(device.hostname)
                continue
            text = self.store.read(version.path, version.commit) or ""
            searched += 1
            lines = text.splitlines()
            found = False
            for index in regex.matching_lines(text):
                found = True
                line = lines[index]
                hits.append(
                    SearchHit(
                        device.hostname,
                        index + 1,
                        line,
                        tuple(lines[max(0, index - context) : index]),
                        tuple(lines[index + 1 : index + 1 + context]),
                    )
                )
            (matched if found else missing).append(device.hostname)
        return SearchResult(
            pattern, tuple(hits), tuple(matched), tuple(missing), searched, tuple(unconfigured)
        )


def _label(item: NumberedVersion) -> str:
    stamp = item.version.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"{item.version.hostname} v{item.number} {item.version.commit[:10]} {stamp}"
