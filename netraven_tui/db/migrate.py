"""Run Alembic migrations from inside the program (`upgrade head` at every start).

Every CLI command opens the database, and importing Alembic (with Mako and Pygments behind
it) and loading its script directory cost ~0.3 s of CPU. So the stored revision is read with
one plain query first and compared with the head found by reading the revision lines of the
migration files: when they are the same there is nothing to do and Alembic is not loaded.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from netraven_tui.domain import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision(?:\s*:\s*[\w| ]+)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(
    r"^down_revision(?:\s*:\s*[\w| \[\],]+)?\s*=\s*(None|[\"'][^\"']+[\"'])", re.MULTILINE
)


def script_location() -> Path:
    """The migration scripts: packaged in the wheel, or the repo's top-level alembic/ folder."""
    packaged = Path(__file__).resolve().parent.parent / "_migrations"
    if (packaged / "env.py").is_file():
        return packaged
    source = Path(__file__).resolve().parents[2] / "alembic"
    if (source / "env.py").is_file():
        return source
    raise DatabaseError("the database migration scripts are missing from this installation")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    # Alembic's default stdout is the sys.stdout of the moment alembic.config was first
    # imported, and that happens lazily now: whatever stdout is current is the right one.
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(script_location()))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a failure becomes one readable DatabaseError."""
    if revision == "head" and _at_head(engine):
        return
    from alembic import command

    try:
        with engine.begin() as connection:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except DatabaseError:
        raise
    except Exception as error:  # noqa: BLE001 - report any driver error as one line
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseError(f"cannot migrate the database at {where}: {error}") from error


def script_head() -> str | None:
    """The one head revision of the migration files, read from their revision lines (None:
    not exactly one head, or a file this simple reading does not understand)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (script_location() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1) != "None":
            parents.add(down.group(1).strip("\"'"))
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 and parents <= revisions else None


def _at_head(engine: Engine) -> bool:
    """Whether the database already holds the head revision (any doubt: False, so migrate)."""
    try:
        head = script_head()
        if head is None:
            return False
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except Exception:  # noqa: BLE001 - no table yet, unreadable file...: Alembic decides
        return False
    return [row[0] for row in rows] == [head]


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
