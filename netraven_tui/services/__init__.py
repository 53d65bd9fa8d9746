"""Use cases with validation and transactions. Returns frozen dataclasses; never imports Textual.

``open_services(settings, actor)`` is the one way in: it opens the database, runs the
migrations, makes sure the system tag and job exist, and loads the credential key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from netraven_tui.config import Settings
from netraven_tui.domain import Actor, LeaderState
from netraven_tui.services.collectors import CollectorService
from netraven_tui.services.compliance import ComplianceService
from netraven_tui.services.configs import ConfigService
from netraven_tui.services.context import Clock, ServiceContext, system_clock
from netraven_tui.services.credentials import CredentialService
from netraven_tui.services.devices import DeviceService
from netraven_tui.services.hostkeys import HostKeyService
from netraven_tui.services.jobs import JobListener, JobService
from netraven_tui.services.jump_hosts import JumpHostService
from netraven_tui.services.lease import SCHEDULER_LEASE, LeaseService
from netraven_tui.services.logs import LogService
from netraven_tui.services.pushes import PushService
from netraven_tui.services.runs import RunService, owner_is_dead_locally
from netraven_tui.services.schedules import ScheduleService
from netraven_tui.services.tags import TagService
from netraven_tui.services.user_keys import UserKeyService
from netraven_tui.services.users import UserService

if TYPE_CHECKING:
    from netraven_tui.services.notifications import NotificationService


@dataclass
class Services:
    ctx: ServiceContext
    job_listeners: list[JobListener] = field(default_factory=list)
    _notifications: NotificationService | None = field(default=None, init=False, repr=False)

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
        self.leases = LeaseService(self.ctx)
        self.schedules = ScheduleService(self.ctx)
        self.compliance = ComplianceService(self.ctx)
        self.collectors = CollectorService(self.ctx)
        self.pushes = PushService(self.ctx)
        self.hostkeys = HostKeyService(self.ctx)
        self.jumps = JumpHostService(self.ctx)

    @property
    def notifications(self) -> NotificationService:
        """Channels and the delivery outbox (imported on first use: most commands never need it)."""
        if self._notifications is None:
            from netraven_tui.services.notifications import NotificationService

            self._notifications = NotificationService(self.ctx)
        return self._notifications

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    @property
    def clock(self) -> Clock:
        """The application clock (frozen in tests and snapshots)."""
        return self.ctx.clock

    def now(self) -> datetime:
        """The time by the application clock."""
        return self.ctx.now()

    def platform_names(self) -> list[str]:
        """The device types a device may have (built in and from config.toml), sorted."""
        return sorted(self.ctx.platforms)

    def leader(self) -> LeaderState | None:
        """Who holds the scheduler lease (maybe expired: compare ``expires`` with ``now()``)."""
        return self.leases.read(SCHEDULER_LEASE)

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
    require_key: bool = True,
) -> Services:
    """Open (and migrate) the database and return the services acting as ``actor``.

    The data folders and files are made private. With ``require_key`` a missing or wrong
    credential key is a SecretKeyError now; without, only when a secret is used.
    """
    from netraven_tui.config import make_private_file
    from netraven_tui.db.engine import make_engine, make_session_factory, sqlite_files
    from netraven_tui.db.migrate import upgrade
    from netraven_tui.platforms import registry
    from netraven_tui.services.credentials import encrypted_secrets
    from netraven_tui.services.jobs import ensure_system_job
    from netraven_tui.services.secrets import open_secret_box
    from netraven_tui.services.tags import system_tag

    settings.locations.ensure()
    engine = make_engine(
        settings.db_url,
        pool_size=min(settings.workers, 200) + 10,
        busy_timeout_ms=int(settings.busy_timeout_seconds * 1000),
    )
    try:
        upgrade(engine)
        for path in sqlite_files(settings.db_url):  # -wal/-shm made later copy the DB's mode
            make_private_file(path)
        session_factory = make_session_factory(engine)
        with session_factory() as session:
            stored = encrypted_secrets(session)
        secrets = open_secret_box(settings.locations.secret_key, stored, env, require_key)
    except BaseException:
        engine.dispose()
        raise
    ctx = ServiceContext(
        engine=engine,
        session_factory=session_factory,
        settings=settings,
        secrets=secrets,
        platforms=registry(settings.platforms),
        actor=actor or Actor.system(),
        clock=clock or system_clock,
    )
    with ctx.transaction() as session:
        system_tag(session)
        ensure_system_job(ctx, session)
    # Runs left queued/running by a process of this host that died are not running any more
    # (the program's own bookkeeping, whoever opened the services).
    Services(ctx.as_actor(Actor.system("startup"))).runs.mark_interrupted(owner_is_dead_locally)
    return Services(ctx)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC datetime, for fixed clocks in tests and demos."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
