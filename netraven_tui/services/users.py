"""Users of the console: hashed passwords, roles, lockout after repeated failed logins."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import (
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    LogKind,
    LogLevel,
    Role,
    User,
)
from netraven_tui.services import convert, validation
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.lookup import find_by_name, get_or_not_found

_BAD_LOGIN = "wrong user name or password"


@lru_cache(maxsize=1)
def _hasher():
    from passlib.context import CryptContext

    # argon2 for new hashes; pbkdf2_sha256 still verifies if argon2 is ever unavailable.
    return CryptContext(schemes=["argon2", "pbkdf2_sha256"], deprecated="auto")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


class UserService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def count(self) -> int:
        with self.ctx.read() as session:
            return session.scalar(select(func.count()).select_from(m.UserRow)) or 0

    def list(self) -> list[User]:
        """Every user (admins only, like the console's Users area)."""
        self.ctx.require_admin("list users")
        with self.ctx.read() as session:
            return [
                convert.user(r)
                for r in session.scalars(select(m.UserRow).order_by(m.UserRow.username))
            ]

    def get(self, username: str) -> User:
        """One user (admins only, like the console's Users area)."""
        self.ctx.require_admin("look up users")
        with self.ctx.read() as session:
            return convert.user(get_or_not_found(session, m.UserRow, username, "user"))

    def create(self, username: str, password: str, role: Role | str) -> User:
        """Add a user. Only admins may, except for the very first user (made from the CLI)."""
        self.ctx.require_admin("add users")
        username = validation.username(username)
        role = validation.role(role)
        password = validation.user_password(password)
        with self.ctx.transaction() as session:
            if find_by_name(session, m.UserRow, username) is not None:
                raise Conflict("username", f"user {username!r} already exists")
            row = m.UserRow(
                username=username,
                password_hash=hash_password(password),
                role=role,
                active=True,
                created_at=self.ctx.now(),
                updated_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            self.ctx.audit(session, f"user {username} created with role {role}")
            return convert.user(row)

    def authenticate(self, username: str, password: str, source: str = "") -> User:
        """Check a login. Raises AuthenticationFailed (same message for unknown user or bad
        password) or AccountLocked; failures count toward the lockout and are logged, with
        ``source`` (e.g. "ssh 192.0.2.7") when the attempt came from the network."""
        key = (username or "").strip().lower()
        now = self.ctx.now()
        where = f" from {source}" if source else ""
        error: AuthenticationFailed | None = None
        with self.ctx.transaction() as session:
            row = find_by_name(session, m.UserRow, key) if key else None
            if row is None:
                _hasher().dummy_verify()  # same time as a real check: no user-name probing
                self._log(
                    session, LogLevel.WARNING, f"failed login for unknown user {key!r}{where}"
                )
                error = AuthenticationFailed(_BAD_LOGIN)
            elif row.locked_until is not None and row.locked_until > now:
                self._log(
                    session,
                    LogLevel.WARNING,
                    f"login refused for locked user {row.username}{where}",
                )
                error = AccountLocked(row.username, row.locked_until)
            elif not _hasher().verify(password or "", row.password_hash):
                row.failed_logins += 1
                message = (
                    f"failed login for user {row.username}{where} ({row.failed_logins} in a row)"
                )
                error = AuthenticationFailed(_BAD_LOGIN)
                if row.failed_logins >= self.ctx.settings.lockout_attempts:
                    row.locked_until = now + timedelta(minutes=self.ctx.settings.lockout_minutes)
                    row.failed_logins = 0
                    message += f"; locked for {self.ctx.settings.lockout_minutes} min"
                    error = AccountLocked(row.username, row.locked_until)
                self._log(session, LogLevel.WARNING, message)
            elif not row.active:
                self._log(
                    session,
                    LogLevel.WARNING,
                    f"login refused for deactivated user {row.username}{where}",
                )
                error = AuthenticationFailed(
                    f"account {row.username!r} is deactivated; ask an admin"
                )
            else:
                row.failed_logins = 0
                row.locked_until = None
                row.last_login_at = now
                if _hasher().needs_update(row.password_hash):
                    row.password_hash = hash_password(password)
                # Recorded as the user who logged in (failures stay the program's: nobody proved
                # who they were).
                self._log(
                    session,
                    LogLevel.INFO,
                    f"user {row.username} logged in{where}",
                    actor=row.username,
                )
                user = convert.user(row)
        if error is not None:
            raise error
        return user

    def record_automatic_login(self, username: str, how: str) -> User:
        """Record a sign-in the program made itself (the demo opens its console logged in), as
        :meth:`authenticate` records a login: last login time, and an audit line with the user
        as actor, so that the Users area and the audit log tell the truth. The program only."""
        self.ctx.require_system("record an automatic sign-in")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.UserRow, username, "user")
            row.last_login_at = self.ctx.now()
            self._log(
                session,
                LogLevel.INFO,
                f"user {row.username} logged in automatically ({how})",
                actor=row.username,
            )
            return convert.user(row)

    def set_role(self, username: str, role: Role | str) -> User:
        self.ctx.require_admin("change roles")
        role = validation.role(role)
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.UserRow, username, "user")
            if row.role == Role.ADMIN and role is not Role.ADMIN:
                _guard_last_admin(session, row, "demoted")
            row.role = role
            row.updated_at = self.ctx.now()
            self.ctx.audit(session, f"user {row.username} role set to {role}")
            return convert.user(row)

    def reset_password(self, username: str, password: str) -> User:
        self.ctx.require_admin("reset passwords")
        password = validation.user_password(password)
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.UserRow, username, "user")
            row.password_hash = hash_password(password)
            row.failed_logins = 0
            row.locked_until = None
            row.updated_at = self.ctx.now()
            self.ctx.audit(session, f"user {row.username} password reset")
            return convert.user(row)

    def unlock(self, username: str) -> User:
        self.ctx.require_admin("unlock users")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.UserRow, username, "user")
            row.failed_logins = 0
            row.locked_until = None
            self.ctx.audit(session, f"user {row.username} unlocked")
            return convert.user(row)

    def set_active(self, username: str, active: bool) -> User:
        self.ctx.require_admin("activate or deactivate users")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.UserRow, username, "user")
            if not active and row.role == Role.ADMIN:
                _guard_last_admin(session, row, "deactivated")
            row.active = active
            row.updated_at = self.ctx.now()
            self.ctx.audit(
                session, f"user {row.username} {'activated' if active else 'deactivated'}"
            )
            return convert.user(row)

    def delete(self, username: str) -> None:
        self.ctx.require_admin("delete users")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.UserRow, username, "user")
            if row.role == Role.ADMIN:
                _guard_last_admin(session, row, "deleted")
            session.delete(row)
            self.ctx.audit(session, f"user {row.username} deleted")

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


def _guard_last_admin(session: Session, row: m.UserRow, verb: str) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(m.UserRow)
        .where(m.UserRow.role == Role.ADMIN, m.UserRow.active.is_(True), m.UserRow.id != row.id)
    )
    if not others and row.active:
        raise Conflict(
            "role", f"user {row.username!r} is the last active admin and cannot be {verb}"
        )
