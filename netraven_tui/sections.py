"""The section model of a configuration: parent lines, their children, a line's parent chain.

Built on netutils' configuration parsers (``netutils.config.parser``), one per platform family:
IOS-like texts (IOS/IOS-XE, NX-OS, EOS, IOS-XR, ASA) nest by indentation, Huawei VRP by
indentation between ``#`` lines (netutils' Comware parser: the two share that syntax),
FortiOS by ``config``/``edit`` blocks. Junos and VyOS ``set`` commands, EXOS and Linux files
are flat (every line stands alone). RouterOS ``/export`` is not indented either; as a best
effort each ``/path`` line is a section holding the lines that follow it.

Line numbers are 1-based, as in the configuration views. netutils drops blank and comment
lines and reports lines without numbers; :class:`SectionModel` maps its lines back in order.
For indentation families the text is parsed lazily one top-level block at a time (netutils
starts afresh at every unindented line, so the blocks parse exactly as the whole would); from
the first banner to the end the text is one block, because a banner's body is not indented.
One deliberate difference: netutils' Comware parser nests an unindented line under the section
before it when no ``#`` separates them (``user-interface vty 0 4`` after ``user-interface con
0``); block by block, every unindented line is a section of its own, as on the device.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from netutils.config import parser as nu

from netraven_tui.platforms import BUILTIN_PLATFORMS, PlatformSpec, RuleFamily

FLAT = "flat"
ROUTEROS = "routeros"
CHAIN_SEPARATOR = " › "


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    parser: type[nu.BaseConfigParser] | None = None
    # Whether top-level blocks parse on their own (see the module docstring).
    blockwise: bool = True
    # Parsers that keep comment lines (Comware closes sections with '#'): comments start blocks.
    comments_start_blocks: bool = False


FAMILIES: dict[str, Family] = {
    "ios": Family("ios", nu.IOSConfigParser),
    "nxos": Family("nxos", nu.NXOSConfigParser),
    "eos": Family("eos", nu.EOSConfigParser),
    "iosxr": Family("iosxr", nu.IOSXRConfigParser),
    "asa": Family("asa", nu.ASAConfigParser),
    "huawei": Family("huawei", nu.HPComwareConfigParser, comments_start_blocks=True),
    "procurve": Family("procurve", nu.ArubaConfigOSParser),
    "fortinet": Family("fortinet", nu.FortinetConfigParser, blockwise=False),
    "panos": Family("panos", nu.PaloAltoNetworksConfigParser, blockwise=False),
    ROUTEROS: Family(ROUTEROS),
    FLAT: Family(FLAT),
}

# Each rule family of the platform table (PlatformSpec.family) -> the section parser it reads with.
SECTION_PARSERS: dict[RuleFamily, str] = {
    RuleFamily.IOS: "ios",
    RuleFamily.NXOS: "nxos",
    RuleFamily.EOS: "eos",
    RuleFamily.XR: "iosxr",
    RuleFamily.ASA: "asa",
    RuleFamily.HUAWEI: "huawei",
    RuleFamily.COMWARE: "huawei",  # netutils' Comware parser: the two share the syntax
    RuleFamily.PROCURVE: "procurve",
    RuleFamily.ARUBAOS: "procurve",
    RuleFamily.AOSCX: "ios",
    RuleFamily.FASTIRON: "ios",
    RuleFamily.EDGESWITCH: "ios",
    RuleFamily.MLNXOS: "ios",
    RuleFamily.FORTINET: "fortinet",
    RuleFamily.PANOS: "panos",
    RuleFamily.ROUTEROS: ROUTEROS,
    RuleFamily.JUNOS: FLAT,
    RuleFamily.VYOS: FLAT,
    RuleFamily.EXOS: FLAT,
    RuleFamily.AIREOS: FLAT,
    RuleFamily.F5: FLAT,
    RuleFamily.CHECKPOINT: FLAT,
}


class SectionParseError(ValueError):
    """The platform's parser could not make sense of the text (one line, for a result detail)."""


@dataclass(frozen=True, slots=True)
class Section:
    """A parent line and every line nested in it (children and their children), 1-based."""

    line: int
    text: str
    children: tuple[int, ...]


def family_of(platform: str | PlatformSpec) -> Family:
    """The section family of a platform (a spec, or a built-in device type; flat when unknown)."""
    spec = BUILTIN_PLATFORMS.get(platform) if isinstance(platform, str) else platform
    if spec is None:
        return FAMILIES[FLAT]
    return FAMILIES[SECTION_PARSERS.get(spec.family, FLAT)]


def parent_chain(config_text: str, line_number: int, platform: str) -> tuple[str, ...]:
    """The parent lines of line ``line_number``, outermost first, stripped; () at top level."""
    return SectionModel(config_text, platform).chain(line_number)


def section_of(config_text: str, line_number: int, platform: str) -> str | None:
    """The section line ``line_number`` sits in, as ``router bgp 65000 › address-family ipv4``
    (outermost first), or None for a top-level line or a text the parser refuses."""
    try:
        chain = parent_chain(config_text, line_number, platform)
    except SectionParseError:
        return None
    return CHAIN_SEPARATOR.join(chain) if chain else None


def section_namer(config_text: str, platform: str) -> Callable[[int], str | None]:
    """:func:`section_of` for many lines of one text (a diff's hunks): the text is read once."""
    model = SectionModel(config_text, platform)

    def name(line_number: int) -> str | None:
        try:
            chain = model.chain(line_number)
        except (SectionParseError, IndexError):  # a refused text, or a line past its end
            return None
        return CHAIN_SEPARATOR.join(chain) if chain else None

    return name


class SectionModel:
    """One configuration text. Cheap to build; parses (a block at a time) on first question."""

    def __init__(
        self, text: str, platform: str, lines: list[str] | None = None, *, whole: bool = False
    ) -> None:
        """``lines``: ``text.splitlines()`` if the caller has it; ``whole``: one netutils
        parse of the entire text, no shortcuts (the reference the block-wise parse is checked
        against)."""
        self.platform = platform
        self.whole = whole
        self.family = family_of(platform)
        self.lines: list[str] = text.splitlines() if lines is None else lines
        # parent index per line: -1 top level (or blank/comment), None not parsed yet
        self._parent: list[int | None] = [None] * len(self.lines)
        self._blocks: list[int] | None = None  # start index of each block
        self._block_set: frozenset[int] = frozenset()
        self._banner_block: int | None = None  # start of the block that runs to the end
        self._comments = self._comment_chars()
        self._sections: dict[int, Section] = {}  # by index: rules share sections

    @property
    def hierarchical(self) -> bool:
        """False for flat families, where no line has children."""
        return self.family.name != FLAT

    # ------------------------------------------------------------------ questions

    def parent(self, line_number: int) -> int | None:
        """The line number of the direct parent of ``line_number``, None at top level."""
        index = self._index(line_number)
        self._ensure(index)
        found = self._parent[index]
        return found + 1 if found is not None and found >= 0 else None

    def parents(self, line_number: int) -> tuple[int, ...]:
        """Line numbers of the parent chain, outermost first."""
        chain: list[int] = []
        current = self.parent(line_number)
        while current is not None:
            chain.append(current)
            current = self.parent(current)
        return tuple(reversed(chain))

    def chain(self, line_number: int) -> tuple[str, ...]:
        """The texts of the parent chain, outermost first, stripped."""
        return tuple(self.lines[n - 1].strip() for n in self.parents(line_number))

    def section(self, line_number: int) -> Section:
        """The section that line ``line_number`` opens (no children: an empty section)."""
        index = self._index(line_number)
        cached = self._sections.get(index)
        if cached is not None:
            return cached
        self._sections[index] = found = self._section(index)
        return found

    def _section(self, index: int) -> Section:
        if self._opens_plain_block(index):
            # netutils nests every following line of a top-level block under its first line
            # (tests/unit/test_sections.py checks this against a full parse): no parse needed.
            end = self._block_end(index)
            lines, comments = self.lines, self._comments
            children = [
                j + 1
                for j in range(index + 1, end)
                if (text := lines[j].strip()) and not text.startswith(comments)
            ]
            return Section(index + 1, self.lines[index], tuple(children))
        self._ensure(index)
        end = self._block_end(index)
        children = []
        for j in range(index + 1, end):
            self._ensure(j)
            if self._parent[j] is None or self._parent[j] == -1:
                if self._is_skipped(j):
                    continue  # a blank or comment line inside the section
                break
            if self._descends(j, index):
                children.append(j + 1)
            else:
                break
        return Section(index + 1, self.lines[index], tuple(children))

    def sections(self) -> Iterator[Section]:
        """Every line that has children, in order (parses the whole text)."""
        has_children: set[int] = set()
        for index in range(len(self.lines)):
            self._ensure(index)
            parent = self._parent[index]
            if parent is not None and parent >= 0:
                has_children.add(parent)
        for index in sorted(has_children):
            yield self.section(index + 1)

    # ------------------------------------------------------------------ parsing

    def _index(self, line_number: int) -> int:
        if not 1 <= line_number <= len(self.lines):
            raise IndexError(f"line {line_number} is outside 1-{len(self.lines)}")
        return line_number - 1

    def _descends(self, index: int, ancestor: int) -> bool:
        current = self._parent[index]
        while current is not None and current >= 0:
            if current == ancestor:
                return True
            current = self._parent[current]
        return False

    def _is_skipped(self, index: int) -> bool:
        line = self.lines[index].strip()
        return not line or line.startswith(self._comments)

    def _comment_chars(self) -> tuple[str, ...]:
        parser = self.family.parser
        if self.family.name == ROUTEROS:
            return ("#",)
        return tuple(parser.comment_chars) if parser is not None else ()

    def _ensure(self, index: int) -> None:
        if self._parent[index] is not None:
            return
        name = self.family.name
        if name == FLAT:
            self._parent = [-1] * len(self.lines)
        elif name == ROUTEROS:
            self._parse_routeros()
        else:
            blocks = self._block_starts()
            block = bisect.bisect_right(blocks, index) - 1
            start = blocks[block]
            end = blocks[block + 1] if block + 1 < len(blocks) else len(self.lines)
            self._parse_block(start, end)

    def _block_starts(self) -> list[int]:
        if self._blocks is not None:
            return self._blocks
        if self.whole or not self.family.blockwise or not self.lines:
            self._blocks = [0]
            return self._blocks
        assert self.family.parser is not None
        banners = tuple(self.family.parser.banner_start)
        lines = self.lines
        joined = "\n".join(lines)
        banner = re.compile(
            "^[ \t]*(?:" + "|".join(re.escape(b) for b in banners) + ")", re.MULTILINE
        ).search(joined)
        stop = joined.count("\n", 0, banner.start()) if banner else len(lines)
        # Unindented lines start blocks (and comments, where the parser keeps them).
        comments = {""} if self.family.comments_start_blocks else {"", *self._comments}
        starts = [
            i for i in range(1, stop) if lines[i][:1] not in comments and not lines[i][0].isspace()
        ]
        self._blocks = [0, *starts]
        if stop < len(lines):
            tail = bisect.bisect_right(self._blocks, stop) - 1
            self._banner_block = self._blocks[tail]
            del self._blocks[tail + 1 :]
        self._block_set = frozenset(self._blocks)
        return self._blocks

    def _opens_plain_block(self, index: int) -> bool:
        if self.whole or self.family.name in (FLAT, ROUTEROS) or not self.family.blockwise:
            return False
        self._block_starts()
        if index not in self._block_set or index == self._banner_block:
            return False
        # every block start but the first is an unindented, non-comment line by construction
        return index > 0 or not (self.lines[0][:1].isspace() or self._is_skipped(0))

    def _block_end(self, index: int) -> int:
        if self.family.name == ROUTEROS:
            return len(self.lines)
        blocks = self._block_starts()
        block = bisect.bisect_right(blocks, index) - 1
        return blocks[block + 1] if block + 1 < len(blocks) else len(self.lines)

    def _parse_block(self, start: int, end: int) -> None:
        chunk = self.lines[start:end]
        assert self.family.parser is not None
        try:
            entries = self.family.parser("\n".join(chunk)).config_lines
        except Exception as error:  # noqa: BLE001 - a parser bug or odd text: say so, once
            first = str(error).strip().splitlines()[-1] if str(error).strip() else ""
            raise SectionParseError(
                f"the {self.family.name} section parser could not read lines "
                f"{start + 1}-{end}: {type(error).__name__}{': ' + first if first else ''}"
            ) from None
        stack: list[int] = []
        cursor = 0
        for entry in entries:
            physical = entry.config_line.split("\n")
            cursor = self._locate(chunk, cursor, physical[0])
            if cursor >= len(chunk):
                break
            depth = len(entry.parents)
            parent = stack[depth - 1] if 0 < depth <= len(stack) else -1
            first = start + cursor
            for offset in range(len(physical)):
                if cursor + offset < len(chunk):
                    self._parent[first + offset] = parent
            del stack[depth:]
            stack.append(first)
            cursor += len(physical)
        for j in range(start, end):
            if self._parent[j] is None:
                self._parent[j] = -1

    @staticmethod
    def _locate(chunk: list[str], cursor: int, text: str) -> int:
        """Where netutils' line ``text`` is, at or after ``cursor`` (it drops blank and
        comment lines and strips trailing spaces; a banner's delimiter may be rewritten)."""
        for j in range(cursor, len(chunk)):
            if chunk[j].rstrip() == text:
                return j
        for j in range(cursor, len(chunk)):
            if chunk[j].strip():
                return j
        return len(chunk)

    def _parse_routeros(self) -> None:
        header = -1
        for index, line in enumerate(self.lines):
            if line.startswith("/"):
                header = index
                self._parent[index] = -1
            elif not line.strip() or line.lstrip().startswith("#"):
                self._parent[index] = -1
            else:
                self._parent[index] = header
