"""A device's pager: long output one screen at a time, waiting for a key between screens.

Space shows the next screen, Enter the next line, any other key (``q``, Ctrl-C, or the first
letter of the next command a careless client sends) ends the output at the prompt, as on IOS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from netraven_tui.lab.dialects import Pager

KeyHandler = Callable[[str], Awaitable[None]]


class Screen(Protocol):
    """What the pager needs from a session."""

    @property
    def prompt(self) -> str: ...

    @property
    def page_lines(self) -> int: ...

    async def send(self, text: str) -> None: ...

    async def pause(self) -> None: ...

    def wait_key(self, handler: KeyHandler) -> None: ...


class Pages:
    """``lines`` shown through ``pager`` on ``screen``: call :meth:`start` once."""

    def __init__(self, screen: Screen, pager: Pager, lines: list[str]) -> None:
        self.screen = screen
        self.pager = pager
        self.lines = lines
        self.at = 0

    async def start(self) -> None:
        await self._show(self.screen.page_lines, "")

    async def _show(self, count: int, lead: str) -> None:
        end = min(self.at + count, len(self.lines))
        text = lead + "".join(line + "\n" for line in self.lines[self.at : end])
        self.at = end
        if self.at >= len(self.lines):
            await self.screen.send(text + self.screen.prompt)
            return
        await self.screen.send(text + self.pager.marker)
        self.screen.wait_key(self._key)

    async def _key(self, key: str) -> None:
        await self.screen.pause()
        if key == " ":
            await self._show(self.screen.page_lines, self.pager.erase)
        elif key in "\r\n":
            await self._show(1, self.pager.erase)
        else:
            await self.screen.send(self.pager.erase + self.screen.prompt)
