"""The server's end of the session links (see :mod:`netraven_tui.serve.link`).

One :class:`SessionHub` per `serve` process: it hands each new session a socket pair and a
one-time token, checks the token and the process id when the child says hello, answers its
requests (start or cancel a run, with the session user's role checked by the services) and
forwards the runtime events of this process's runs to every linked session in batches.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from netraven_tui.domain import Actor, NetRavenError, PermissionDenied
from netraven_tui.runtime.events import Event, EventBus, RunFinished, RunStarted
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.serve.link import (
    EVENTS,
    HANDSHAKE_SECONDS,
    JSON,
    MAX_FRAME,
    encode_events,
    encode_json,
)
from netraven_tui.services import Services

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.2
MAX_PENDING_EVENTS = 50_000  # a session that stopped reading must not grow the server's memory
MAX_LINK_BUFFER = 8 * 1024 * 1024


@dataclass(eq=False)
class SessionGrant:
    """What one session process needs to link up: an inheritable fd and its one-time token.

    The process says hello as soon as it is ready; the server answers once the grant is
    assigned to a logged-in user (at once for a session's own process, later for a spare
    console started ahead of time)."""

    token: str
    child_socket: socket.socket
    server_socket: socket.socket
    assignment: asyncio.Future[tuple[Actor, dict[str, str]]]
    greeted: asyncio.Future[None]  # the process's hello checked out

    @property
    def child_fd(self) -> int:
        return self.child_socket.fileno()

    def assign(self, actor: Actor, terminal: dict[str, str] | None = None) -> None:
        """Hand the process to ``actor``; ``terminal``: variables the console sets first."""
        if not self.assignment.done():
            self.assignment.set_result((actor, dict(terminal or {})))

    def close_child_end(self) -> None:
        """After the child started: only the child keeps its end open."""
        self.child_socket.close()

    def close(self) -> None:
        self.child_socket.close()
        self.server_socket.close()
        if not self.assignment.done():
            self.assignment.cancel()


@dataclass(eq=False)
class _Link:
    actor: Actor
    writer: asyncio.StreamWriter
    closed: bool = False
    dropped: int = field(default=0)


class SessionHub:
    """Links for every session of this server; call :meth:`start` inside the event loop."""

    def __init__(self, services: Services, runner: JobRunner, bus: EventBus) -> None:
        self.services = services
        self.runner = runner
        self._links: set[_Link] = set()
        self._pending: deque[Event] = deque(maxlen=MAX_PENDING_EVENTS)
        self._lock = threading.Lock()
        self._running: dict[int, int | None] = dict.fromkeys(runner.active_runs())
        self._unsubscribe = bus.subscribe(self._on_event)
        self._flusher: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._flusher = asyncio.get_running_loop().create_task(self._flush_loop())

    async def stop(self) -> None:
        self._unsubscribe()
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        for link in list(self._links):
            link.writer.close()

    def grant(self, actor: Actor | None = None) -> SessionGrant:
        """A fresh socket pair and token for one session process (for ``actor``, or for
        whoever :meth:`SessionGrant.assign` names later)."""
        server_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        child_end.set_inheritable(True)
        loop = asyncio.get_running_loop()
        grant = SessionGrant(
            secrets.token_urlsafe(32),
            child_end,
            server_end,
            loop.create_future(),
            loop.create_future(),
        )
        if actor is not None:
            grant.assign(actor)
        return grant

    async def serve(self, grant: SessionGrant, pid: int) -> None:
        """Run the link of the child ``pid`` until either side closes it."""
        reader, writer = await asyncio.open_unix_connection(
            sock=grant.server_socket, limit=MAX_FRAME
        )
        link: _Link | None = None
        try:
            actor = await self._handshake(reader, writer, grant, pid)
            if actor is None:
                return
            link = _Link(actor, writer)
            self._links.add(link)
            while True:
                kind, payload = await _read_frame(reader)
                if kind != JSON:
                    return  # the child sends JSON only
                request = json.loads(payload)
                answer = await asyncio.get_running_loop().run_in_executor(
                    None, self._answer, link.actor, request
                )
                writer.write(encode_json(answer))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, OSError):
            pass
        finally:
            if link is not None:
                link.closed = True
                self._links.discard(link)
            if not grant.greeted.done():
                grant.greeted.set_exception(ConnectionError("the session process went away"))
                grant.greeted.exception()  # retrieved: nobody may be waiting
            writer.close()

    # ------------------------------------------------------------------ handshake and requests

    async def _handshake(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        grant: SessionGrant,
        pid: int,
    ) -> Actor | None:
        try:
            kind, payload = await asyncio.wait_for(_read_frame(reader), HANDSHAKE_SECONDS * 3)
            hello = json.loads(payload) if kind == JSON else {}
        except (TimeoutError, asyncio.IncompleteReadError, ValueError):
            return None
        token = str(hello.get("hello", ""))
        token_ok = hmac.compare_digest(token.encode(), grant.token.encode())
        grant.token = ""  # one use, right or wrong
        if not token_ok or hello.get("pid") != pid:
            log.warning("serve: session link of pid %s refused (bad token or process)", pid)
            writer.write(encode_json({"error": "this session was not started by the server"}))
            await writer.drain()
            return None
        grant.greeted.set_result(None)
        actor, terminal = await grant.assignment
        with self._lock:
            runs = list(self._running.items())
        writer.write(
            encode_json(
                {"user": actor.name, "role": str(actor.role), "runs": runs, "terminal": terminal}
            )
        )
        await writer.drain()
        return actor

    def _answer(self, actor: Actor, request: dict[str, Any]) -> dict[str, Any]:
        request_id = request.get("id", 0)
        try:
            return {"id": request_id, **self._handle(actor, request)}
        except PermissionDenied as error:
            return {"id": request_id, "error": str(error), "kind": "permission"}
        except NetRavenError as error:
            return {"id": request_id, "error": str(error)}
        except Exception as error:  # noqa: BLE001 - the session gets one line, the log the rest
            log.exception("serve: request %r of %s failed", request.get("op"), actor.name)
            return {"id": request_id, "error": f"internal error: {type(error).__name__}"}

    def _handle(self, actor: Actor, request: dict[str, Any]) -> dict[str, Any]:
        services = self.services.as_actor(actor)
        op = request.get("op")
        if op == "start":
            services.ctx.require_edit("run jobs")
            job = services.jobs.get(request.get("job"))
            return {"run": self.runner.start(job.id, "manual", actor.name)}
        if op == "cancel":
            services.ctx.require_edit("cancel runs")
            return {"cancelled": self.runner.cancel(int(request.get("run", 0)))}
        raise NetRavenError(f"unknown request {op!r}")

    # ------------------------------------------------------------------ events

    def _on_event(self, event: Event) -> None:  # any thread
        with self._lock:
            if isinstance(event, RunStarted):
                self._running[event.run.id] = event.run.job_id
            elif isinstance(event, RunFinished):
                self._running.pop(event.run.id, None)
            if self._links or self._pending:
                self._pending.append(event)

    async def _flush_loop(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            with self._lock:
                events = list(self._pending)
                self._pending.clear()
            if not events or not self._links:
                continue
            frame = encode_events(events)
            for link in list(self._links):
                transport = link.writer.transport
                if transport.get_write_buffer_size() > MAX_LINK_BUFFER:
                    link.dropped += len(events)  # it catches up from the database on its own
                    continue
                with contextlib.suppress(Exception):
                    link.writer.write(frame)


async def _read_frame(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    header = await reader.readexactly(5)
    length, kind = int.from_bytes(header[:4], "big"), header[4:5]
    if length > MAX_FRAME:
        raise ValueError("frame too large")
    return kind, await reader.readexactly(length)


__all__ = ["EVENTS", "SessionGrant", "SessionHub"]
