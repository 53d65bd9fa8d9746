"""What every service needs: a session factory, the settings, the key, the clock and the actor."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from netraven_tui.config import Settings
from netraven_tui.domain import Actor, Conflict, LogKind, LogLevel, PermissionDenied
from netraven_tui.platforms import PlatformSpec
from netraven_tui.services.secrets import SecretBox

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ServiceContext:
    engine: Engine
    session_factory: sessionmaker[Session]
    settings: Settings
    secrets: SecretBox
    platforms: Mapping[str, PlatformSpec]
    actor: Actor
    clock: Clock = system_clock

    def as_actor(self, actor: Actor) -> ServiceContext:
        return replace(self, actor=actor)

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back everything on any error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except IntegrityError as error:
            session.rollback()
            raise Conflict("record", _integrity_message(error)) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self.session_factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    # Every service method that changes something or reveals a secret calls one of these first,
    # before it validates anything: a viewer learns nothing from the error but the refusal.

    def require_edit(self, what: str) -> None:
        """Operators and admins (and the program itself): run jobs, edit inventory and jobs."""
        if not self.actor.role.can_edit:
            raise PermissionDenied(f"{self.actor.role} {self.actor.name!r} may not {what}")

    def require_admin(self, what: str) -> None:
        """Admins (and the program itself): users, retention."""
        if not self.actor.role.can_manage_users:
            raise PermissionDenied(
                f"{self.actor.role} {self.actor.name!r} may not {what}; admins only"
            )

    def require_system(self, what: str) -> None:
        """The program itself (``Actor.system``): the engine's bookkeeping and decrypted secrets,
        which no person needs, whatever their role."""
        if not self.actor.is_system:
            raise PermissionDenied(
                f"{self.actor.role} {self.actor.name!r} may not {what}; "
                "only the program itself does that"
            )

    def audit(self, session: Session, message: str, **ids: object) -> None:
        """Record who changed what, in the same transaction as the change. Never pass secrets."""
        from netraven_tui.db.models import LogEntryRow

        session.add(
            LogEntryRow(
                ts=self.now(),
                level=LogLevel.INFO,
                kind=LogKind.AUDIT,
                message=message,
                actor=self.actor.name,
                **ids,
            )
        )


def _integrity_message(error: IntegrityError) -> str:
    # A race with another writer: a unique value got taken between our check and our insert.
    text = str(error.orig).lower()
    if "unique" in text or "duplicate" in text:
        return "a record with the same unique value was saved by someone else meanwhile; try again"
    if "foreign key" in text:
        return "a record this one refers to was deleted meanwhile; reload and try again"
    return "the database refused the change; reload and try again"
