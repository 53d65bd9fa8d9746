"""Alembic environment. Used by the program (netraven_tui.db.migrate) and by `alembic -c alembic.ini`."""

from __future__ import annotations

from alembic import context

from netraven_tui.db.models import Base

target_metadata = Base.metadata
config = context.config


def _ours(name, type_, parent_names) -> bool:
    # The collectors' task queue (procrastinate) keeps its own tables in the same database.
    return not (type_ == "table" and name is not None and name.startswith("procrastinate_"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_ours,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from netraven_tui.config import load_settings
    from netraven_tui.db.engine import make_engine

    url = config.get_main_option("sqlalchemy.url") or load_settings().db_url
    engine = make_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
