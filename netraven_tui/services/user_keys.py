"""SSH public keys of console users: who may log in to `netraven-tui serve` with which key.

Admins manage everyone's keys; any other user manages only their own. Logging in with a key
obeys the same rules as a password: deactivated and locked accounts are refused.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    LogKind,
    LogLevel,
    NotFound,
    PermissionDenied,
    User,
    UserKey,
)
from netraven_tui.services import convert, validation
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.ssh_keys import fingerprint, parse_public_key

MAX_KEYS_PER_USER = 50


class UserKeyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(self, username: str, text: str) -> UserKey:
        """Register the public key in ``text`` (one OpenSSH line) for ``username``."""
        username = validation.username(username)
        self._require_owner_or_admin(username, "add SSH keys")
        key = parse_public_key(text)
        with self.ctx.transaction() as session:
            user = _get_user(session, username)
            rows = _keys(session, user.id)
            if any(r.fingerprint == key.fingerprint for r in rows):
                raise Conflict("key", f"user {username} already has the key {key.fingerprint}")
            if len(rows) >= MAX_KEYS_PER_USER:
                raise Conflict("key", f"user {username} has {len(rows)} keys, the most allowed")
            row = m.UserKeyRow(
                user_id=user.id,
                algorithm=key.algorithm,
                public_key=key.line,
                fingerprint=key.fingerprint,
                comment=key.comment,
                created_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            self.ctx.audit(session, f"ssh key {key.fingerprint} added for user {username}")
            return _user_key(row, username)

    def list(self, username: str) -> list[UserKey]:
        """The keys of ``username``, oldest first."""
        username = validation.username(username)
        self._require_owner_or_admin(username, "list SSH keys")
        with self.ctx.read() as session:
            user = _get_user(session, username)
            return [_user_key(r, user.username) for r in _keys(session, user.id)]

    def remove(self, username: str, key_fingerprint: str) -> UserKey:
        """Remove the key of ``username`` whose fingerprint is ``key_fingerprint``."""
        username = validation.username(username)
        self._require_owner_or_admin(username, "remove SSH keys")
        wanted = _normalise_fingerprint(key_fingerprint)
        with self.ctx.transaction() as session:
            user = _get_user(session, username)
            row = next((r for r in _keys(session, user.id) if r.fingerprint == wanted), None)
            if row is None:
                raise NotFound(f"ssh key of user {username}", wanted)
            removed = _user_key(row, username)
            session.delete(row)
            self.ctx.audit(session, f"ssh key {wanted} removed from user {username}")
            return removed

    def refusal(self, username: str, blob: bytes) -> str | None:
        """Why ``blob`` may not log ``username`` in (None: it may). Read-only: a client offering
        its keys one by one is not a failed login; locked and deactivated accounts are logged."""
        key = (username or "").strip().lower()
        wanted = fingerprint(blob)
        with self.ctx.transaction() as session:
            user = _find_user(session, key) if key else None
            if user is None or not any(r.fingerprint == wanted for r in _keys(session, user.id)):
                return "no such key"
            return self._status_refusal(session, user, "ssh key")

    def login(self, username: str, blob: bytes, source: str = "") -> User:
        """Record a login with ``blob`` (its signature already checked by the SSH server)."""
        key = (username or "").strip().lower()
        wanted = fingerprint(blob)
        where = f" from {source}" if source else ""
        with self.ctx.transaction() as session:
            user = _find_user(session, key)
            row = None
            if user is not None:
                row = next((r for r in _keys(session, user.id) if r.fingerprint == wanted), None)
            if user is None or row is None:
                raise AuthenticationFailed("wrong user name or key")
            refused = self._status_refusal(session, user, f"ssh key{where}")
            if refused is not None:
                raise (
                    AccountLocked(user.username, user.locked_until)
                    if user.locked_until is not None and user.locked_until > self.ctx.now()
                    else AuthenticationFailed(refused)
                )
            now = self.ctx.now()
            row.last_used_at = now
            user.last_login_at = now
            user.failed_logins = 0
            user.locked_until = None
            self._log(
                session,
                LogLevel.INFO,
                f"user {user.username} logged in with ssh key {wanted}{where}",
                actor=user.username,  # as a password login: the user who proved who they are
            )
            return convert.user(user)

    # ------------------------------------------------------------------ helpers

    def _status_refusal(self, session: Session, user: m.UserRow, how: str) -> str | None:
        if user.locked_until is not None and user.locked_until > self.ctx.now():
            self._log(
                session, LogLevel.WARNING, f"login refused for locked user {user.username} ({how})"
            )
            return str(AccountLocked(user.username, user.locked_until))
        if not user.active:
            self._log(
                session,
                LogLevel.WARNING,
                f"login refused for deactivated user {user.username} ({how})",
            )
            return f"account {user.username!r} is deactivated; ask an admin"
        return None

    def _require_owner_or_admin(self, username: str, what: str) -> None:
        actor = self.ctx.actor
        if actor.role.can_manage_users or actor.name == username:
            return
        raise PermissionDenied(
            f"{actor.role} {actor.name!r} may not {what} of other users; admins only"
        )

    def _log(
        self, session: Session, level: LogLevel, message: str, actor: str | None = None
    ) -> None:
        session.add(
            m.LogEntryRow(
                ts=self.ctx.now(),
                level=level,
                kind=LogKind.AUDIT,
                message=message,
                actor=actor or self.ctx.actor.name,
            )
        )


def _normalise_fingerprint(value: str) -> str:
    text = (value or "").strip()
    if not text:
        from netraven_tui.domain import ValidationError

        raise ValidationError("fingerprint", "is required (see `user key list NAME`)")
    return text if text.startswith("SHA256:") else f"SHA256:{text}"


def _keys(session: Session, user_id: int) -> list[m.UserKeyRow]:
    return list(
        session.scalars(
            select(m.UserKeyRow).where(m.UserKeyRow.user_id == user_id).order_by(m.UserKeyRow.id)
        )
    )


def _find_user(session: Session, username: str) -> m.UserRow | None:
    return session.scalars(select(m.UserRow).where(m.UserRow.username == username)).first()


def _get_user(session: Session, username: str) -> m.UserRow:
    row = _find_user(session, username)
    if row is None:
        raise NotFound("user", username)
    return row


def _user_key(row: m.UserKeyRow, username: str) -> UserKey:
    return UserKey(
        id=row.id,
        username=username,
        algorithm=row.algorithm,
        fingerprint=row.fingerprint,
        comment=row.comment,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )
