"""Finding one row by id or by its name: the look-up every service does, with one NotFound."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from netraven_tui.db import models as m
from netraven_tui.domain import NotFound

Row = TypeVar("Row")

# The column a person names each kind of row by; every one is stored stripped and lower-case.
NAME_COLUMNS: dict[type, InstrumentedAttribute[Any]] = {
    m.TagRow: m.TagRow.name,
    m.DeviceRow: m.DeviceRow.hostname_key,
    m.CredentialRow: m.CredentialRow.name,
    m.JobRow: m.JobRow.name,
    m.UserRow: m.UserRow.username,
}


def find_by_name(session: Session, model: type[Row], name: str) -> Row | None:
    """The row of ``model`` called ``name`` (case and surrounding blanks ignored), or None."""
    column = NAME_COLUMNS[model]
    return session.scalars(select(model).where(column == name.strip().lower())).first()


def get_or_not_found(session: Session, model: type[Row], key: int | str, what: str) -> Row:
    """The row with id ``key`` (an int) or name ``key`` (a str); NotFound(what, key) if none.

    A model without a name column (job runs) is found by id only.
    """
    if isinstance(key, int):
        row = session.get(model, key)
    else:
        row = find_by_name(session, model, key) if model in NAME_COLUMNS else None
    if row is None:
        raise NotFound(what, key)
    return row
