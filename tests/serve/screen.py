"""A small terminal screen for tests: enough VT100/xterm to read what the console painted.

pyte would do (LGPL-3.0, which this project avoids), so this handles what Textual sends: text,
CR/LF/BS, cursor moves (CUP, CUU/CUD/CUF/CUB, CHA, VPA), erase (ED, EL, ECH), scroll regions
ignored, SGR ignored, private modes recorded (alternate screen, mouse tracking, …), OSC/DCS and
charset selections skipped.
"""

from __future__ import annotations

import re
import unicodedata

_CSI = re.compile(rb"\x1b\[([?<>=!]?)([0-9;:]*)([ -/]*)([@-~])")
_OSC_END = re.compile(rb"\x07|\x1b\\")


class Screen:
    def __init__(self, columns: int = 80, rows: int = 24) -> None:
        self.columns, self.rows = columns, rows
        self.modes: dict[int, bool] = {}
        self.raw = bytearray()
        self._pending = b""
        self.resize(columns, rows)

    def resize(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.cells = [[" "] * columns for _ in range(rows)]
        self.x = self.y = 0

    @property
    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.cells)

    def line(self, y: int) -> str:
        return "".join(self.cells[y]).rstrip()

    def feed(self, data: bytes) -> None:
        self.raw += data
        data = self._pending + data
        self._pending = b""
        i, n = 0, len(data)
        while i < n:
            byte = data[i]
            if byte == 0x1B:
                consumed = self._escape(data, i)
                if consumed == 0:
                    self._pending = data[i:]
                    return
                i += consumed
                continue
            if byte == 0x0D:
                self.x = 0
            elif byte == 0x0A:
                self._down()
            elif byte == 0x08:
                self.x = max(0, self.x - 1)
            elif byte == 0x09:
                self.x = min(self.columns - 1, (self.x // 8 + 1) * 8)
            elif byte < 0x20 or byte == 0x7F:
                pass
            else:
                end = i + 1
                while end < n and data[end] >= 0x20 and data[end] != 0x7F and data[end] != 0x1B:
                    end += 1
                try:
                    text = data[i:end].decode("utf-8")
                except UnicodeDecodeError:
                    # a multi-byte character cut at the end of this chunk
                    cut = end
                    while cut > i and (data[cut - 1] & 0xC0) == 0x80:
                        cut -= 1
                    if cut > i and data[cut - 1] >= 0xC0:
                        cut -= 1
                    if cut == i:
                        self._pending = data[i:]
                        return
                    text = data[i:cut].decode("utf-8", "replace")
                    end = cut
                for char in text:
                    self._put(char)
                i = end
                continue
            i += 1

    # ------------------------------------------------------------------ internals

    def _put(self, char: str) -> None:
        width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if unicodedata.combining(char):
            return
        if self.x >= self.columns:
            return  # Textual disables wrap; stay on the line
        self.cells[self.y][self.x] = char
        if width == 2 and self.x + 1 < self.columns:
            self.cells[self.y][self.x + 1] = ""
        self.x += width

    def _down(self) -> None:
        if self.y < self.rows - 1:
            self.y += 1
        else:
            self.cells = self.cells[1:] + [[" "] * self.columns]

    def _escape(self, data: bytes, i: int) -> int:
        if i + 1 >= len(data):
            return 0
        kind = data[i + 1]
        if kind == ord("["):
            match = _CSI.match(data, i)
            if match is None:
                return 0 if len(data) - i < 64 else 2
            self._csi(match.group(1), match.group(2), match.group(4))
            return match.end() - i
        if kind in (ord("]"), ord("P"), ord("_"), ord("^")):
            end = _OSC_END.search(data, i + 2)
            if end is None:
                return 0
            return end.end() - i
        if kind in (ord("("), ord(")"), ord("*"), ord("+"), ord("#")):
            return 3 if i + 2 < len(data) else 0
        return 2  # ESC 7, ESC 8, ESC =, ESC >, ESC M …

    def _csi(self, private: bytes, params: bytes, final: bytes) -> None:
        numbers = (
            [int(p) if p.isdigit() else 0 for p in params.replace(b":", b";").split(b";")]
            if params
            else []
        )
        first = numbers[0] if numbers else 0
        char = final.decode()
        if private == b"?" and char in "hl":
            for mode in numbers:
                self.modes[mode] = char == "h"
            return
        if private:
            return
        if char in "Hf":
            row = (numbers[0] if len(numbers) > 0 and numbers[0] else 1) - 1
            col = (numbers[1] if len(numbers) > 1 and numbers[1] else 1) - 1
            self.y, self.x = min(max(row, 0), self.rows - 1), min(max(col, 0), self.columns - 1)
        elif char == "A":
            self.y = max(0, self.y - (first or 1))
        elif char == "B":
            self.y = min(self.rows - 1, self.y + (first or 1))
        elif char == "C":
            self.x = min(self.columns - 1, self.x + (first or 1))
        elif char == "D":
            self.x = max(0, self.x - (first or 1))
        elif char == "G":
            self.x = min(self.columns - 1, max(0, (first or 1) - 1))
        elif char == "d":
            self.y = min(self.rows - 1, max(0, (first or 1) - 1))
        elif char == "J":
            self._erase_display(first)
        elif char == "K":
            self._erase_line(first)
        elif char == "X":
            for x in range(self.x, min(self.columns, self.x + (first or 1))):
                self.cells[self.y][x] = " "

    def _erase_display(self, how: int) -> None:
        if how in (2, 3):
            self.cells = [[" "] * self.columns for _ in range(self.rows)]
        elif how == 0:
            self._erase_line(0)
            for y in range(self.y + 1, self.rows):
                self.cells[y] = [" "] * self.columns
        elif how == 1:
            self._erase_line(1)
            for y in range(0, self.y):
                self.cells[y] = [" "] * self.columns

    def _erase_line(self, how: int) -> None:
        row = self.cells[self.y]
        if how == 0:
            span = range(self.x, self.columns)
        elif how == 1:
            span = range(0, self.x + 1)
        else:
            span = range(self.columns)
        for x in span:
            if x < self.columns:
                row[x] = " "
