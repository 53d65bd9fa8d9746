"""Use cases with validation and transactions. Returns frozen dataclasses; never imports Textual.

``open_services(settings, actor)`` is the one way in: it opens the database, runs the
migrations, makes sure the system tag and job exist, and loads the credential key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from netraven_tui.config import Settings
from netraven_tui.domain import Actor
from netraven_tui.services.configs import ConfigService
from netraven_tui.services.context import Clock, ServiceContext, system_clock
from netraven_tui.services.credentials import CredentialService
from netraven_tui.services.devices import DeviceService
from netraven_tui.services.jobs import JobListener, JobService
from netraven_tui.services.logs import LogService
from netraven_tui.services.runs import RunService, owner_is_dead_locally
from netraven_tui.services.tags import TagService
from netraven_tui.services.user_keys import UserKeyService
from netraven_tui.services.users import UserService


@dataclass
class Services:
    ctx: ServiceContext
    job_listeners: list[JobListener] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tags = TagService(self.ctx)
        self.devices = DeviceService(self.ctx)
        self.credentials = CredentialService(self.ctx)
        self.jobs = JobService(self.ctx)
        self.jobs._listeners = self.job_listeners  # shared by every actor's view
        self.users = UserService(self.ctx)
        self.user_keys = UserKeyService(self.ctx)
        self.logs = LogService(self.ctx)
        self.runs = RunService(self.ctx)
        self.configs = ConfigService(self.ctx)

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    def as_actor(self, actor: Actor) -> Services:
        """The same database and key, acting as ``actor`` (after a login)."""
        return Services(self.ctx.as_actor(actor), self.job_listeners)

    def close(self) -> None:
        self.ctx.engine.dispose()


def open_services(
    settings: Settings,
    actor: Actor | None = None,
    clock: Clock | None = None,
    env: Mapping[str, str] | None = None,
) -> Services:
    """Open (and migrate) the database and return the services acting as ``actor``."""
    from netraven_tui.db.engine import make_engine, make_session_factory
    from netraven_tui.db.migrate import upgrade
    from netraven_tui.platforms import registry
    from netraven_tui.services.jobs import ensure_system_job
    from netraven_tui.services.secrets import load_secret_box
    from netraven_tui.services.tags import system_tag

    settings.locations.ensure()
    secrets = load_secret_box(settings.locations.secret_key, env)
    engine = make_engine(settings.db_url, pool_size=min(settings.workers, 200) + 10)
    upgrade(engine)
    ctx = ServiceContext(
        engine=engine,
        session_factory=make_session_factory(engine),
        settings=settings,
        secrets=secrets,
        platforms=registry(settings.platforms),
        actor=actor or Actor.system(),
        clock=clock or system_clock,
    )
    with ctx.transaction() as session:
        system_tag(session)
        ensure_system_job(ctx, session)
    services = Services(ctx)
    # Runs left queued/running by a process of this host that died are not running any more.
    services.runs.mark_interrupted(owner_is_dead_locally)
    return services


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC datetime, for fixed clocks in tests and demos."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
