"""The web door: the console in a browser, through textual-serve (off unless `serve_web`/`--web`).

Each browser tab gets its own console process (`tui --no-lease`): the console's login screen is
the door's authentication (same users, lockout and audit), the console never holds the
scheduler lease, and the tabs count toward `serve_max_sessions`. It speaks plain HTTP: keep it
on loopback and put a TLS reverse proxy in front to expose it.

textual-serve 1.1.3 internals used (pinned in pyproject.toml): ``Server._make_app`` builds the
aiohttp application (``Server.serve`` would take over the event loop and its signals), and
``Server.handle_websocket`` is wrapped to count sessions, ``Server.handle_index`` to drop the
page's link to a web font on the Internet; ``public_url`` is set after binding so that the
page's websocket address carries the real port.
"""

from __future__ import annotations

import logging
import re
import shlex
import sys
from typing import Any

log = logging.getLogger(__name__)

_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>")


def web_console_command() -> str:
    return shlex.join([sys.executable, "-m", "netraven_tui", "tui", "--no-lease"])


class WebDoor:
    """Start with :meth:`start` (in the running loop), stop with :meth:`stop`."""

    def __init__(self, host: str, port: int, max_sessions: int, sessions_in_use) -> None:
        self.host, self.port = host, port
        self.max_sessions = max_sessions
        self._sessions_in_use = sessions_in_use  # callable: SSH sessions open now
        self.open_sessions = 0
        self._runner: Any = None

    async def start(self) -> int:
        """Bind and serve; returns the port (``port`` 0 picks a free one)."""
        from aiohttp import web
        from textual_serve.server import Server

        door = self

        class _Server(Server):
            async def on_startup(self, app) -> None:  # textual-serve prints a logo here
                return None

            async def handle_index(self, request):
                # The page asks Google for a web font: a jump host's browser users should not
                # reach out to the Internet for the console (the terminal falls back to a
                # local monospace font).
                response = await super().handle_index(request)
                response.text = _WEB_FONT.sub("", response.text)
                return response

            async def handle_websocket(self, request):
                if door.open_sessions + door._sessions_in_use() >= door.max_sessions:
                    raise web.HTTPServiceUnavailable(text="too many sessions; try later")
                door.open_sessions += 1
                try:
                    return await super().handle_websocket(request)
                finally:
                    door.open_sessions -= 1

        self.server = _Server(
            web_console_command(), host=self.host, port=self.port, title="NetRaven"
        )
        app = await self.server._make_app()
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.server.public_url = f"http://{host}:{self.port}"
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
