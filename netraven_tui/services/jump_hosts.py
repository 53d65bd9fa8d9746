"""Jump hosts: which bastion (``user@host:port`` + a credential) each device is reached through.

A device's own jump host wins; else its tags' (the system tag ``all`` may carry one for the
whole fleet, any other tag wins over it). Two other tags of one device naming different jump
hosts is a conflict the run reports for that device rather than guessing.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from netraven_tui.db import models as m
from netraven_tui.domain import SYSTEM_TAG, JumpRoute, ValidationError
from netraven_tui.services import validation
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.lookup import find_by_name, get_or_not_found

_USER = re.compile(r"^[A-Za-z0-9._-][A-Za-z0-9._@-]{0,63}$")
EXPECTED = "expected [user@]host[:port], e.g. netops@bastion.example.net:22"


def parse_jump_host(text: str, field: str = "jump_host") -> JumpRoute:
    """``[user@]host[:port]`` (IPv6 in brackets) as a route; ValidationError(field) if not."""
    value = (text or "").strip()
    if not value:
        raise ValidationError(field, f"is empty; {EXPECTED}")
    user, at, rest = value.rpartition("@")
    if at and not _USER.match(user):
        raise ValidationError(field, f"{user!r} is not a valid user name; {EXPECTED}")
    host, port = rest, "22"
    if rest.startswith("["):
        close = rest.find("]")
        if close < 0:
            raise ValidationError(field, f"{value!r}: unclosed '['; {EXPECTED}")
        host, tail = rest[1:close], rest[close + 1 :]
        if tail:
            if not tail.startswith(":"):
                raise ValidationError(field, f"{value!r}: {EXPECTED}")
            port = tail[1:]
    elif rest.count(":") == 1:
        host, port = rest.split(":")
    elif rest.count(":") > 1:
        try:
            ipaddress.IPv6Address(rest)
        except ValueError:
            raise ValidationError(field, f"{value!r}: {EXPECTED}") from None
    try:
        clean_host = validation.address(host)
        clean_port = validation.port(port)
    except ValidationError as error:
        raise ValidationError(field, f"{error.message}; {EXPECTED}") from None
    return JumpRoute(clean_host, clean_port, user if at else "")


def clean_jump(
    session: Session, jump_host: str, jump_credential: str, field: str = "jump_host"
) -> tuple[str, str]:
    """The stored form of a jump host setting: ("", "") for none, else the route as text and
    a credential name that exists. A credential is required with a jump host."""
    host = (jump_host or "").strip()
    credential = (jump_credential or "").strip().lower()
    if not host:
        if credential:
            raise ValidationError("jump_credential", "is set but no jump host is")
        return "", ""
    route = parse_jump_host(host, field)
    if not credential:
        raise ValidationError(
            "jump_credential", "required with a jump host: the credential that logs in to it"
        )
    if find_by_name(session, m.CredentialRow, credential) is None:
        raise ValidationError("jump_credential", f"credential {credential!r} does not exist")
    return str(route), credential


class JumpHostService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def set_for_tag(self, tag: str, jump_host: str, jump_credential: str = "") -> None:
        """Make ``tag``'s devices go through ``jump_host`` ("" : direct again), audited."""
        self.ctx.require_edit("edit tags")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.TagRow, tag, "tag")
            row.jump_host, row.jump_credential = clean_jump(session, jump_host, jump_credential)
            self.ctx.audit(session, f"tag {row.name} jump host: {_shown(row)}")

    def set_for_device(self, device: int | str, jump_host: str, jump_credential: str = "") -> None:
        """The device's own jump host ("" : its tags decide), audited."""
        self.ctx.require_edit("edit devices")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.DeviceRow, device, "device")
            row.jump_host, row.jump_credential = clean_jump(session, jump_host, jump_credential)
            self.ctx.audit(
                session,
                f"device {row.hostname} jump host: {_shown(row)}",
                device_id=row.id,
                hostname=row.hostname,
            )

    def routes(self, device_ids: Iterable[int]) -> tuple[dict[int, JumpRoute], dict[int, str]]:
        """(route by device, conflict message by device) for the devices that have either."""
        wanted = set(device_ids)
        with self.ctx.read() as session:
            own = {
                r.id: (r.jump_host, r.jump_credential)
                for r in session.execute(
                    select(m.DeviceRow.id, m.DeviceRow.jump_host, m.DeviceRow.jump_credential)
                )
                if r.id in wanted
            }
            tags = {
                r.id: (r.name, r.jump_host, r.jump_credential)
                for r in session.execute(
                    select(
                        m.TagRow.id, m.TagRow.name, m.TagRow.jump_host, m.TagRow.jump_credential
                    ).where(m.TagRow.jump_host != "")
                )
            }
            links: dict[int, list[int]] = {}
            if tags:
                for device_id, tag_id in session.execute(
                    select(m.device_tags.c.device_id, m.device_tags.c.tag_id).where(
                        m.device_tags.c.tag_id.in_(list(tags))
                    )
                ):
                    if device_id in wanted:
                        links.setdefault(device_id, []).append(tag_id)
        routes: dict[int, JumpRoute] = {}
        conflicts: dict[int, str] = {}
        for device_id in wanted:
            host, credential = own.get(device_id, ("", ""))
            if not host:
                named = sorted(tags[t] for t in links.get(device_id, ()))
                specific = [t for t in named if t[0] != SYSTEM_TAG] or named
                choices = {(h, c) for _, h, c in specific}
                if len(choices) > 1:
                    which = ", ".join(f"{n} ({h})" for n, h, _ in specific)
                    conflicts[device_id] = (
                        f"its tags name different jump hosts: {which}; "
                        "set one on the device or on one tag"
                    )
                    continue
                if choices:
                    host, credential = choices.pop()
            if host:
                route = parse_jump_host(host)
                routes[device_id] = JumpRoute(route.host, route.port, route.username, credential)
        return routes, conflicts


def _shown(row) -> str:
    return f"{row.jump_host} (credential {row.jump_credential})" if row.jump_host else "none"
