"""Engine and session factory. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from netraven_tui.domain import DatabaseError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(
    url: str, pool_size: int = 20, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> Engine:
    """An engine for ``url``; for SQLite the folder is created and the pragmas set per connection.

    ``pool_size`` should cover the job runner's threads: a connection past the pool is opened and
    closed for every use (and, on SQLite, runs its pragmas every time). ``busy_timeout_ms`` is how
    long a SQLite statement waits for another writer's lock before "database is locked".
    """
    try:
        parsed = make_url(url)
    except Exception as error:  # noqa: BLE001 - any parse failure is a bad URL
        raise DatabaseError(f"database URL {url!r} is not valid: {error}") from None
    if parsed.get_backend_name() != "sqlite":
        return create_engine(
            url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size, future=True
        )
    database = sqlite_file(url)
    if database is not None and not database.parent.is_dir():
        # A typo in database_url must not quietly start an empty inventory somewhere else.
        raise DatabaseError(
            f"database URL {url!r}: folder {database.parent} does not exist (create it first, "
            "or leave database_url empty for the data folder)"
        )
    engine = create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        pool_size=pool_size,
        max_overflow=max(200, pool_size),
        future=True,
    )
    event.listen(engine, "connect", lambda conn, _record: _sqlite_pragmas(conn, busy_timeout_ms))
    return engine


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other backends and in-memory databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def sqlite_files(url: str) -> list[Path]:
    """The database file and its -wal/-shm companions (those that exist), for their modes."""
    database = sqlite_file(url)
    if database is None:
        return []
    names = (
        database,
        database.with_name(database.name + "-wal"),
        database.with_name(database.name + "-shm"),
    )
    return [path for path in names if path.exists()]


def _sqlite_pragmas(dbapi_connection, busy_timeout_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)
