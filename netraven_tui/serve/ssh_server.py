"""The SSH listener: authentication against the app's users, then one session per channel.

Passwords go through the console's own login check (same argon2 hashes, lockout counters and
messages: a refusal's reason reaches the client as an SSH banner); public keys are those added
with `user key add`. Deactivated and locked accounts are refused either way. Every login and
failure is in the audit log with the source address, and a source with too many failures in
a row gets no more tries for a while. No port forwarding, agent, X11, sftp or scp.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import asyncssh

from netraven_tui.domain import Actor, AuthenticationFailed, LogKind, LogLevel
from netraven_tui.serve.hub import SessionHub
from netraven_tui.serve.ratelimit import FailureLimiter
from netraven_tui.serve.registry import SessionRegistry
from netraven_tui.serve.sessions import ServedSession
from netraven_tui.services import Services

log = logging.getLogger(__name__)

LOGIN_TIMEOUT = 60
KEEPALIVE_SECONDS = 15  # a silently dropped connection is noticed after about a minute
KEEPALIVE_COUNT = 4


@dataclass
class ServeContext:
    """What every connection of the server shares."""

    services: Services  # acting as the server ("serve"): it checks logins, it does not edit
    hub: SessionHub
    registry: SessionRegistry
    limiter: FailureLimiter


async def listen(context: ServeContext, host: str, port: int, host_key) -> Any:
    """Start listening; returns the asyncssh acceptor (``close()``, ``get_port()``)."""
    return await asyncssh.create_server(
        lambda: AppUserServer(context),
        host,
        port,
        server_host_keys=[host_key],
        encoding=None,  # bytes both ways: the console's output is terminal bytes
        line_editor=False,  # the console reads raw keys; asyncssh must not echo or edit
        allow_scp=False,
        agent_forwarding=False,
        x11_forwarding=False,
        login_timeout=LOGIN_TIMEOUT,
        keepalive_interval=KEEPALIVE_SECONDS,
        keepalive_count_max=KEEPALIVE_COUNT,
        server_version="NetRaven",
    )


class AppUserServer(asyncssh.SSHServer):
    """One client connection: who it is (after auth) and its session channels."""

    def __init__(self, context: ServeContext) -> None:
        self.context = context
        self.conn: asyncssh.SSHServerConnection | None = None
        self.source = "unknown"
        self.actor: Actor | None = None
        self._key: tuple[str, bytes] | None = None
        self._login: asyncio.Task[Actor | None] | None = None
        self._tried: str | None = None
        self._failure_logged = False

    # ------------------------------------------------------------------ connection

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.source = str(peer[0]) if peer else "unknown"

    def connection_lost(self, exc: Exception | None) -> None:
        if self.actor is None and self._tried and not self._failure_logged:
            # Only keys were offered, none of them registered (or the client gave up).
            self._audit(
                LogLevel.WARNING,
                f"ssh login failed for user {self._tried!r} from {self.source} "
                "(no accepted key or password)",
            )

    def begin_auth(self, username: str) -> bool:
        self._tried = username
        return True  # always authenticate: there is no anonymous access

    # ------------------------------------------------------------------ passwords

    def password_auth_supported(self) -> bool:
        return True

    async def validate_password(self, username: str, password: str) -> bool:
        if self._limited():
            return False
        users = self.context.services.users
        try:
            user = await asyncio.to_thread(
                users.authenticate, username, password, f"ssh {self.source}"
            )
        except AuthenticationFailed as error:
            self._failure_logged = True
            self.context.limiter.record_failure(self.source)
            self._banner(str(error))
            return False
        self.actor = Actor(user.username, user.role)
        return True

    # ------------------------------------------------------------------ public keys

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if self._limited():
            return False
        blob = key.public_data
        refusal = await asyncio.to_thread(self.context.services.user_keys.refusal, username, blob)
        if refusal is None:
            self._key = (username, blob)
            return True
        if refusal != "no such key":
            self._failure_logged = True
            self._banner(refusal)  # locked or deactivated: say so, as the password check does
        return False

    def auth_completed(self) -> None:
        if self.actor is None and self._key is not None:
            username, blob = self._key
            self._login = asyncio.get_running_loop().create_task(
                self._record_key_login(username, blob)
            )

    async def _record_key_login(self, username: str, blob: bytes) -> Actor | None:
        keys = self.context.services.user_keys
        try:
            user = await asyncio.to_thread(keys.login, username, blob, f"ssh {self.source}")
        except AuthenticationFailed as error:
            log.warning("serve: key login of %s from %s refused: %s", username, self.source, error)
            return None
        self.actor = Actor(user.username, user.role)
        return self.actor

    # ------------------------------------------------------------------ sessions

    def session_requested(self):
        return self._open_session()

    async def _open_session(self) -> ServedSession | bool:
        if self._login is not None:
            await self._login
        if self.actor is None:
            if self.conn is not None:
                self.conn.close()  # the account changed state between the key check and now
            return False
        return ServedSession(self.actor, self.source, self.context.hub, self.context.registry)

    # ------------------------------------------------------------------ helpers

    def _limited(self) -> bool:
        wait = self.context.limiter.retry_after(self.source)
        if wait <= 0:
            return False
        if not self._failure_logged:
            self._failure_logged = True
            self._audit(
                LogLevel.WARNING,
                f"ssh login from {self.source} refused: too many failed logins from there",
            )
        self._banner(f"too many failed logins from {self.source}; try again in {int(wait) + 1} s")
        return True

    def _banner(self, message: str) -> None:
        if self.conn is not None:
            # After the auth finished there is nobody to tell.
            with contextlib.suppress(Exception):
                self.conn.send_auth_banner(f"netraven-tui serve: {message}\r\n")

    def _audit(self, level: LogLevel, message: str) -> None:
        log.warning("serve: %s", message)
        asyncio.get_running_loop().run_in_executor(None, self._write_audit, level, message)

    def _write_audit(self, level: LogLevel, message: str) -> None:
        try:
            self.context.services.logs.write(level, LogKind.AUDIT, message)
        except Exception:  # noqa: BLE001 - the file log still has it
            log.exception("serve: could not write an audit entry")
