"""Fixtures that build real things: a temporary NETRAVEN_HOME, a migrated SQLite file, a clock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netraven_tui.config import Settings, load_settings
from netraven_tui.domain import Actor, NewConfigVersion
from netraven_tui.services import Services, open_services


@dataclass
class FrozenClock:
    """A clock tests move by hand."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's real folders, key or settings."""
    for name in list(__import__("os").environ):
        if name.startswith("NETRAVEN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NETRAVEN_HOME", str(tmp_path / "home"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return {"NETRAVEN_HOME": str(home)}


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    return load_settings(env)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))


@pytest.fixture
def services(settings: Settings, clock: FrozenClock, env: dict[str, str]) -> Iterator[Services]:
    # The tests seed and inspect as the program itself (runs, results, log lines); what each
    # role may do is tested with actors of those roles (tests/integration/test_roles.py).
    opened = open_services(settings, Actor.system("tester"), clock=clock, env=env)
    yield opened
    opened.close()


def index_versions(
    services: Services, run_id: int, commit: str, versions: Sequence[NewConfigVersion]
) -> None:
    """Seed configuration versions of a run without closing it (pictures of history screens).

    A real run indexes them in ``RunService.close``; seeds that must not add its log line or
    change the run's status write the rows directly.
    """
    from netraven_tui.services.outcome_writes import version_row

    with services.ctx.transaction() as session:
        session.add_all(version_row(run_id, commit, v, services.now()) for v in versions)
