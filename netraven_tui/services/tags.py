"""Tags: named groups of devices, to which credentials and jobs are attached."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import SYSTEM_TAG, Conflict, Tag, ValidationError
from netraven_tui.services import convert, validation
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.jump_hosts import clean_jump
from netraven_tui.services.lookup import find_by_name, get_or_not_found


class TagService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def create(
        self, name: str, description: str = "", jump_host: str = "", jump_credential: str = ""
    ) -> Tag:
        """Create a tag; the name is lower-cased and must be unique. ``jump_host``
        (``user@host:port``, with ``jump_credential``): the bastion its devices go through."""
        self.ctx.require_edit("create tags")
        name = validation.name(name)
        description = validation.text(description, "description")
        with self.ctx.transaction() as session:
            if find_by_name(session, m.TagRow, name) is not None:
                raise Conflict("name", f"tag {name!r} already exists")
            jump, credential = clean_jump(session, jump_host, jump_credential)
            row = m.TagRow(
                name=name,
                description=description,
                created_at=self.ctx.now(),
                jump_host=jump,
                jump_credential=credential,
            )
            session.add(row)
            session.flush()
            via = f" (jump host {jump}, credential {credential})" if jump else ""
            self.ctx.audit(session, f"tag {name} created{via}")
            return convert.tag(row)

    def update(self, name: str, description: str) -> Tag:
        self.ctx.require_edit("edit tags")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.TagRow, name, "tag")
            row.description = validation.text(description, "description")
            self.ctx.audit(session, f"tag {row.name} description changed")
            return convert.tag(row)

    def delete(self, name: str) -> None:
        """Delete a tag; devices, credentials and jobs lose it. The system tag cannot go."""
        self.ctx.require_edit("delete tags")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.TagRow, name, "tag")
            if row.is_system:
                raise Conflict("name", f"tag {row.name!r} is a system tag and cannot be deleted")
            session.delete(row)
            self.ctx.audit(session, f"tag {row.name} deleted")

    def get(self, name: str) -> Tag:
        with self.ctx.read() as session:
            return convert.tag(get_or_not_found(session, m.TagRow, name, "tag"))

    def list(self) -> list[Tag]:
        """Every tag with the number of devices, credentials and jobs that carry it."""
        with self.ctx.read() as session:
            counts = {
                link: dict(
                    session.execute(
                        select(link.c.tag_id, func.count()).group_by(link.c.tag_id)
                    ).all()
                )
                for link in (m.device_tags, m.credential_tags, m.job_tags)
            }
            rows = session.scalars(select(m.TagRow).order_by(m.TagRow.name)).all()
            return [
                convert.tag(
                    row,
                    devices=counts[m.device_tags].get(row.id, 0),
                    credentials=counts[m.credential_tags].get(row.id, 0),
                    jobs=counts[m.job_tags].get(row.id, 0),
                )
                for row in rows
            ]


def resolve_tags(
    ctx: ServiceContext,
    session: Session,
    names: Iterable[str],
    create_missing: bool = False,
    field: str = "tags",
) -> list[m.TagRow]:
    """Rows for ``names`` (validated); unknown names are an error unless ``create_missing``."""
    wanted = validation.tag_names(names, field)
    if not wanted:
        return []
    found = {
        row.name: row for row in session.scalars(select(m.TagRow).where(m.TagRow.name.in_(wanted)))
    }
    missing = [name for name in wanted if name not in found]
    if missing and not create_missing:
        raise ValidationError(
            field,
            f"unknown tag {missing[0]!r} (create it first, e.g. `netraven-tui tag add {missing[0]}`)",
        )
    for name in missing:
        row = m.TagRow(name=name, description="", created_at=ctx.now())
        session.add(row)
        found[name] = row
        ctx.audit(session, f"tag {name} created")
    session.flush()
    return [found[name] for name in wanted]


def system_tag(session: Session) -> m.TagRow:
    row = find_by_name(session, m.TagRow, SYSTEM_TAG)
    if row is None:  # bootstrap makes it; recreate if someone removed it by hand
        row = m.TagRow(name=SYSTEM_TAG, description="every device", is_system=True)
        session.add(row)
        session.flush()
    return row
