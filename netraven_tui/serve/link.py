"""The private link between `netraven-tui serve` and one of its session processes.

Each session process (a console or a CLI command run for an SSH user) inherits one end of a
socket pair made by the server for that session alone (``NETRAVEN_SERVE_FD``) and a one-time
token (``NETRAVEN_SERVE_TOKEN``). Its first frame hands the token back; the server answers
with the identity the SSH login proved. So a session process learns who it acts for from the
server, never from its command line: typing ``netraven-tui tui --as-user admin`` gives no link
and is refused, and a socket made up by someone else is not the server's, so it answers
nothing the data folder's owner could not already do with the plain CLI (which acts as admin).

After the handshake the session asks the server to start or cancel runs (so a dropped
connection never takes a run with it) and the server forwards its runtime events (run
progress, new log lines) in batches. Frames: 4-byte length, 1-byte kind, payload; the child
sends only JSON (kind ``J``); the server sends JSON replies and pickled event batches (kind
``E``), read back through an unpickler that only knows the event and domain classes.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import socket
import struct
import threading
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from netraven_tui import domain
from netraven_tui.domain import Actor, NetRavenError, PermissionDenied, Role
from netraven_tui.runtime.events import EventBus

ENV_FD = "NETRAVEN_SERVE_FD"
ENV_TOKEN = "NETRAVEN_SERVE_TOKEN"
JSON, EVENTS = b"J", b"E"
MAX_FRAME = 32 * 1024 * 1024
HANDSHAKE_SECONDS = 10.0
REQUEST_SECONDS = 30.0
_HEADER = struct.Struct(">IB")
_EVENT_MODULES = ("netraven_tui.runtime.events", "datetime")


class LinkError(NetRavenError):
    """The link to `netraven-tui serve` is missing, refused or broken."""


def encode(kind: bytes, payload: bytes) -> bytes:
    return _HEADER.pack(len(payload), kind[0]) + payload


def encode_json(data: Mapping[str, Any]) -> bytes:
    return encode(JSON, json.dumps(data, separators=(",", ":")).encode())


def encode_events(events: list[Any]) -> bytes:
    return encode(EVENTS, pickle.dumps(events, protocol=pickle.HIGHEST_PROTOCOL))


def decode_events(payload: bytes) -> list[Any]:
    """Event batches from the server: only event, domain and datetime classes are rebuilt."""
    return _EventUnpickler(io.BytesIO(payload)).load()


class _EventUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (
            module in _EVENT_MODULES
            or _is_domain_class(module, name)
            or (module == "builtins" and name in ("frozenset", "set"))
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not an event class")


def _is_domain_class(module: str, name: str) -> bool:
    # Pickle names the module that defines a class: one of the netraven_tui.domain package's.
    return module.startswith("netraven_tui.domain.") and name in domain.__all__


class SessionLink:
    """The session process's end: who it acts for, requests to the server, forwarded events."""

    def __init__(
        self,
        sock: socket.socket,
        token: str,
        on_lost: Callable[[], None] | None = None,
        wait_seconds: float | None = HANDSHAKE_SECONDS,
    ):
        self._sock = sock
        self._send_lock = threading.Lock()
        self._replies: dict[int, dict[str, Any]] = {}
        self._reply_ready = threading.Condition()
        self._next_id = 0
        self._closed = False
        self._on_lost = on_lost or _exit_quietly
        self.events = EventBus()
        sock.settimeout(HANDSHAKE_SECONDS)
        try:
            self._send({"hello": token, "pid": os.getpid()})
            # A spare console waits here, warm, until a user logs in (None: for as long as the
            # server keeps it); EOF means the server is gone.
            sock.settimeout(wait_seconds)
            kind, payload = _read_frame(sock)
        except (OSError, LinkError) as error:
            raise LinkError(f"no answer from `netraven-tui serve` ({error})") from None
        sock.settimeout(None)
        answer = json.loads(payload) if kind == JSON else {}
        if "error" in answer or "user" not in answer:
            raise LinkError(str(answer.get("error") or "the server refused this session"))
        self.actor = Actor(str(answer["user"]), Role(answer["role"]))
        # Terminal variables of the client (TERM, COLORTERM, …) for a console started ahead.
        self.terminal: dict[str, str] = {
            str(k): str(v) for k, v in dict(answer.get("terminal") or {}).items()
        }
        self.running: dict[int, int | None] = {
            int(run_id): job_id for run_id, job_id in answer.get("runs", [])
        }
        self._reader = threading.Thread(target=self._read_loop, name="serve-link", daemon=True)
        self._reader.start()

    @classmethod
    def from_environment(
        cls,
        env: MutableMapping[str, str] | None = None,
        on_lost: Callable[[], None] | None = None,
        wait_seconds: float | None = HANDSHAKE_SECONDS,
    ) -> SessionLink | None:
        """The link this process was started with, or None when `serve` did not start it.
        The variables are removed so that nothing this process starts inherits them."""
        env = os.environ if env is None else env
        fd_text, token = env.pop(ENV_FD, None), env.pop(ENV_TOKEN, None)
        if fd_text is None:
            return None
        if not fd_text.isdigit() or not token:
            raise LinkError(f"{ENV_FD} is set but this process was not started by the server")
        try:
            sock = socket.socket(fileno=int(fd_text))
        except OSError:
            raise LinkError(f"{ENV_FD}={fd_text} is not a link from `netraven-tui serve`") from None
        if sock.family != socket.AF_UNIX:
            sock.detach()
            raise LinkError(f"{ENV_FD}={fd_text} is not a link from `netraven-tui serve`")
        sock.set_inheritable(False)
        return cls(sock, token, on_lost, wait_seconds)

    # ------------------------------------------------------------------ requests

    def request(self, op: str, **fields: Any) -> dict[str, Any]:
        """Ask the server; returns its answer or raises the error it reported."""
        with self._reply_ready:
            self._next_id += 1
            request_id = self._next_id
        self._send({"id": request_id, "op": op, **fields})
        with self._reply_ready:
            if not self._reply_ready.wait_for(
                lambda: request_id in self._replies or self._closed, REQUEST_SECONDS
            ):
                raise LinkError(f"`netraven-tui serve` did not answer {op!r} in time")
            if request_id not in self._replies:
                raise LinkError("the link to `netraven-tui serve` is closed")
            answer = self._replies.pop(request_id)
        if "error" in answer:
            error_type = PermissionDenied if answer.get("kind") == "permission" else NetRavenError
            raise error_type(str(answer["error"]))
        return answer

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self._closed = True
        self._on_lost = lambda: None
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()

    # ------------------------------------------------------------------ internals

    def _send(self, data: Mapping[str, Any]) -> None:
        with self._send_lock:
            self._sock.sendall(encode_json(data))

    def _read_loop(self) -> None:
        try:
            while True:
                kind, payload = _read_frame(self._sock)
                if kind == EVENTS:
                    for event in decode_events(payload):
                        self._track(event)
                        self.events.publish(event)
                else:
                    answer = json.loads(payload)
                    with self._reply_ready:
                        self._replies[int(answer.get("id", 0))] = answer
                        self._reply_ready.notify_all()
        except (OSError, LinkError, ValueError, pickle.UnpicklingError):
            pass
        with self._reply_ready:
            was_closed, self._closed = self._closed, True
            self._reply_ready.notify_all()
        if not was_closed:
            self._on_lost()

    def _track(self, event: Any) -> None:
        from netraven_tui.runtime.events import RunFinished, RunStarted

        if isinstance(event, RunStarted):
            self.running[event.run.id] = event.run.job_id
        elif isinstance(event, RunFinished):
            self.running.pop(event.run.id, None)


def _read_frame(sock: socket.socket) -> tuple[bytes, bytes]:
    length, kind = _HEADER.unpack(_read_exact(sock, _HEADER.size))
    if length > MAX_FRAME:
        raise LinkError(f"frame of {length} bytes is too large")
    return bytes([kind]), _read_exact(sock, length)


def _read_exact(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise LinkError("the link closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _exit_quietly() -> None:
    # The server is gone, and with it the SSH connection this process was serving.
    os._exit(1)
