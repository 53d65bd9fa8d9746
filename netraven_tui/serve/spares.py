"""Consoles started ahead of time, so that a login lands on a painted dashboard at once.

Starting a console costs about a second (Python, Textual, SQLAlchemy, the database); a spare has
done all that on its own pty and waits on its link, logged in as nobody, until a session takes
it: the server sizes the pty to the client's terminal and answers the spare's hello with the
user and the client's terminal variables, and the console starts. Spares are never counted as
sessions, never lead, and are ended with the server. One is kept by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from dataclasses import dataclass

from netraven_tui.serve import terminal
from netraven_tui.serve.children import SessionProcess, console_argv, session_env
from netraven_tui.serve.hub import SessionGrant, SessionHub

log = logging.getLogger(__name__)

SPARES = 1
CRASH_PAUSE = 30.0  # a spare that dies before it is ready: wait this long before the next one


@dataclass(eq=False)
class SpareConsole:
    process: SessionProcess
    master: int
    grant: SessionGrant
    link: asyncio.Task[None]
    started: float

    @property
    def ready(self) -> bool:
        return (
            self.process.returncode is None
            and self.grant.greeted.done()
            and not self.grant.greeted.cancelled()
            and self.grant.greeted.exception() is None
        )


class SparePool:
    def __init__(self, hub: SessionHub, count: int = SPARES) -> None:
        self.hub, self.count = hub, count
        self._spares: list[SpareConsole] = []
        self._wanted = asyncio.Event()
        self._filler: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.count > 0:
            self._wanted.set()
            self._filler = asyncio.get_running_loop().create_task(self._keep_filled())

    def take(self) -> SpareConsole | None:
        """A ready spare, now the caller's (its pty's output is no longer thrown away)."""
        for spare in list(self._spares):
            if spare.ready:
                self._spares.remove(spare)
                asyncio.get_running_loop().remove_reader(spare.master)
                self._wanted.set()
                return spare
        return None

    async def stop(self) -> None:
        if self._filler is not None:
            self._filler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._filler
        spares, self._spares = self._spares, []
        await asyncio.gather(*(self._end(s) for s in spares), return_exceptions=True)

    async def _keep_filled(self) -> None:
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            for spare in [s for s in self._spares if s.process.returncode is not None]:
                self._spares.remove(spare)
                await self._end(spare)
            while len(self._spares) < self.count:
                spare = await self._spawn()
                self._spares.append(spare)
                try:
                    await asyncio.wait_for(asyncio.shield(spare.grant.greeted), 60)
                except Exception:  # noqa: BLE001 - it died or hung while starting
                    log.warning("serve: a spare console did not start (pid %s)", spare.process.pid)
                    self._spares.remove(spare)
                    await self._end(spare)
                    await asyncio.sleep(CRASH_PAUSE)
                    continue
                asyncio.get_running_loop().create_task(self._watch(spare))

    async def _watch(self, spare: SpareConsole) -> None:
        await spare.process.wait()
        if spare in self._spares:  # died while waiting: replace it
            self._wanted.set()

    async def _spawn(self) -> SpareConsole:
        grant = self.hub.grant()
        env = session_env(grant.child_fd, grant.token, "xterm-256color")
        master, slave = terminal.open_pty(80, 24, raw=True)
        try:
            process = await SessionProcess.start(
                console_argv(), env, stdin=slave, stdout=slave, stderr=slave, link_fd=grant.child_fd
            )
        finally:
            os.close(slave)
            grant.close_child_end()
        loop = asyncio.get_running_loop()
        loop.add_reader(master, _discard, master)  # nobody is looking yet
        link = loop.create_task(self.hub.serve(grant, process.pid))
        return SpareConsole(process, master, grant, link, time.monotonic())

    async def _end(self, spare: SpareConsole) -> None:
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(spare.master)
        await spare.process.end()
        spare.link.cancel()
        spare.grant.close()
        with contextlib.suppress(OSError):
            os.close(spare.master)


def _discard(fd: int) -> None:
    try:
        if os.read(fd, 65536):
            return
    except BlockingIOError:
        return
    except OSError:
        pass
    asyncio.get_running_loop().remove_reader(fd)  # EIO/EOF: the spare is gone
