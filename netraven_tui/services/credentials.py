"""Credentials: device logins attached to tags, tried in priority order (lower number first).

Passwords and enable secrets are encrypted with the SecretBox before they reach the database,
and only :meth:`CredentialService.login_order` ever decrypts them (for the backup engine).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from netraven_tui.db import models as m
from netraven_tui.domain import (
    Conflict,
    Credential,
    CredentialInput,
    CredentialSecret,
    ValidationError,
)
from netraven_tui.services import convert, validation
from netraven_tui.services.context import ServiceContext
from netraven_tui.services.lookup import find_by_name, get_or_not_found
from netraven_tui.services.tags import resolve_tags


class CredentialService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self) -> list[Credential]:
        """Every credential, in the order they are tried (priority, then name)."""
        with self.ctx.read() as session:
            rows = session.scalars(
                select(m.CredentialRow)
                .options(selectinload(m.CredentialRow.tags))
                .order_by(m.CredentialRow.priority, m.CredentialRow.name)
            ).all()
            return [convert.credential(row) for row in rows]

    def get(self, key: int | str) -> Credential:
        with self.ctx.read() as session:
            return convert.credential(get_or_not_found(session, m.CredentialRow, key, "credential"))

    def create(self, data: CredentialInput) -> Credential:
        """Store a credential; the password is required (unless it has an SSH key), the enable
        secret and the SSH key optional."""
        self.ctx.require_edit("add credentials")
        name = validation.name(data.name)
        username = validation.device_username(data.username)
        ssh_key = _ssh_key(data.ssh_key)
        password = validation.secret(data.password, "password", required=ssh_key is None) or ""
        enable = validation.secret(data.enable_secret, "enable_secret", required=False)
        priority = validation.priority(data.priority)
        description = validation.text(data.description, "description")
        with self.ctx.transaction() as session:
            if find_by_name(session, m.CredentialRow, name) is not None:
                raise Conflict("name", f"credential {name!r} already exists")
            row = m.CredentialRow(
                name=name,
                username=username,
                password_enc=self.ctx.secrets.encrypt(password),
                enable_secret_enc=self.ctx.secrets.encrypt(enable) if enable else None,
                ssh_key_enc=self.ctx.secrets.encrypt(ssh_key) if ssh_key else None,
                priority=priority,
                description=description,
                created_at=self.ctx.now(),
                updated_at=self.ctx.now(),
            )
            row.tags = resolve_tags(self.ctx, session, data.tags)
            session.add(row)
            session.flush()
            key_note = ", with SSH key" if ssh_key else ""
            self.ctx.audit(
                session,
                f"credential {name} created (username {username}, priority {priority}, "
                f"tags {','.join(t.name for t in row.tags) or '-'}{key_note})",
            )
            return convert.credential(row)

    def update(
        self, key: int | str, data: CredentialInput, clear_enable_secret: bool = False
    ) -> Credential:
        """Change a credential. A ``None`` password or enable secret keeps the stored value."""
        self.ctx.require_edit("edit credentials")
        name = validation.name(data.name)
        username = validation.device_username(data.username)
        password = validation.secret(data.password, "password", required=False)
        enable = validation.secret(data.enable_secret, "enable_secret", required=False)
        ssh_key = _ssh_key(data.ssh_key)
        priority = validation.priority(data.priority)
        description = validation.text(data.description, "description")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.CredentialRow, key, "credential")
            if ssh_key is not None:
                row.ssh_key_enc = self.ctx.secrets.encrypt(ssh_key)
            other = find_by_name(session, m.CredentialRow, name)
            if other is not None and other.id != row.id:
                raise Conflict("name", f"credential {name!r} already exists")
            changed = []
            if password is not None:
                row.password_enc = self.ctx.secrets.encrypt(password)
                changed.append("password")
            if enable is not None:
                row.enable_secret_enc = self.ctx.secrets.encrypt(enable)
                changed.append("enable secret")
            elif clear_enable_secret and row.enable_secret_enc is not None:
                row.enable_secret_enc = None
                changed.append("enable secret removed")
            if ssh_key is not None:
                changed.append("SSH key")
            row.name, row.username, row.priority, row.description = (
                name,
                username,
                priority,
                description,
            )
            row.tags = resolve_tags(self.ctx, session, data.tags)
            row.updated_at = self.ctx.now()
            secrets_note = f"; {', '.join(changed)} changed" if changed else ""
            self.ctx.audit(
                session,
                f"credential {name} updated (username {username}, priority {priority}, "
                f"tags {','.join(t.name for t in row.tags) or '-'}{secrets_note})",
            )
            return convert.credential(row)

    def delete(self, key: int | str) -> None:
        """Delete a credential (operators and admins, as they add and edit them)."""
        self.ctx.require_edit("delete credentials")
        with self.ctx.transaction() as session:
            row = get_or_not_found(session, m.CredentialRow, key, "credential")
            for table, what in ((m.TagRow, "tag"), (m.DeviceRow, "device")):
                user = session.scalars(
                    select(table).where(table.jump_credential == row.name).limit(1)
                ).first()
                if user is not None:
                    who = getattr(user, "name", None) or getattr(user, "hostname", "")
                    raise Conflict(
                        "name",
                        f"credential {row.name!r} logs in to the jump host of {what} {who}: "
                        "change that first",
                    )
            session.delete(row)
            self.ctx.audit(session, f"credential {row.name} deleted")

    def login_order(self, device_id: int) -> list[CredentialSecret]:
        """Decrypted credentials to try on a device: the last one that worked first, then by priority.

        Only credentials sharing at least one tag with the device are returned. The engine's
        alone (a system actor): no person reads a stored password back.
        """
        self.ctx.require_system("read decrypted credentials")
        with self.ctx.read() as session:
            device = get_or_not_found(session, m.DeviceRow, device_id, "device")
            tag_ids = [tag.id for tag in device.tags]
            rows = session.scalars(
                select(m.CredentialRow)
                .where(m.CredentialRow.tags.any(m.TagRow.id.in_(tag_ids)))
                .order_by(m.CredentialRow.priority, m.CredentialRow.name)
            ).all()
            rows = sorted(rows, key=lambda row: row.id != device.last_credential_id)
            return [self._decrypt(row) for row in rows]

    def login_orders(self, device_ids: Iterable[int]) -> dict[int, list[CredentialSecret]]:
        """:meth:`login_order` for many devices at once: a handful of queries, one decryption per
        credential (a run over 2,000 devices would otherwise make 6,000 queries). System actor only."""
        self.ctx.require_system("read decrypted credentials")
        wanted = set(device_ids)
        with self.ctx.read() as session:
            device_tags: dict[int, set[int]] = {}
            for device_id, tag_id in session.execute(
                select(m.device_tags.c.device_id, m.device_tags.c.tag_id)
            ):
                if device_id in wanted:
                    device_tags.setdefault(device_id, set()).add(tag_id)
            last = dict(
                session.execute(select(m.DeviceRow.id, m.DeviceRow.last_credential_id)).all()
            )
            credential_tags: dict[int, set[int]] = {}
            for credential_id, tag_id in session.execute(
                select(m.credential_tags.c.credential_id, m.credential_tags.c.tag_id)
            ):
                credential_tags.setdefault(credential_id, set()).add(tag_id)
            rows = session.scalars(
                select(m.CredentialRow).order_by(m.CredentialRow.priority, m.CredentialRow.name)
            )
            ordered = [(self._decrypt(row), credential_tags.get(row.id, set())) for row in rows]
        orders: dict[int, list[CredentialSecret]] = {}
        for device_id in wanted:
            tags = device_tags.get(device_id, set())
            usable = [secret for secret, cred_tags in ordered if cred_tags & tags]
            orders[device_id] = sorted(usable, key=lambda secret: secret.id != last.get(device_id))
        return orders

    def secrets_by_name(self, names: Iterable[str]) -> dict[str, CredentialSecret]:
        """Decrypted credentials by name (jump hosts name theirs); unknown names are left out."""
        self.ctx.require_system("read decrypted credentials")
        wanted = {name.strip().lower() for name in names if name}
        if not wanted:
            return {}
        with self.ctx.read() as session:
            rows = session.scalars(select(m.CredentialRow).where(m.CredentialRow.name.in_(wanted)))
            return {row.name: self._decrypt(row) for row in rows}

    def _decrypt(self, row: m.CredentialRow) -> CredentialSecret:
        what = f"credential {row.name!r}"
        return CredentialSecret(
            id=row.id,
            name=row.name,
            username=row.username,
            password=self.ctx.secrets.decrypt(row.password_enc, f"the password of {what}"),
            enable_secret=(
                self.ctx.secrets.decrypt(row.enable_secret_enc, f"the enable secret of {what}")
                if row.enable_secret_enc
                else None
            ),
            priority=row.priority,
            ssh_key=(
                self.ctx.secrets.decrypt(row.ssh_key_enc, f"the SSH key of {what}")
                if row.ssh_key_enc
                else None
            ),
        )


def _ssh_key(text: str | None) -> str | None:
    """A private key's text, checked to look like one (None: none given)."""
    if text is None:
        return None
    key = text.strip()
    if not key:
        return None
    if "PRIVATE KEY-----" not in key or len(key) > 32_768:
        raise ValidationError(
            "ssh_key", "expected an OpenSSH or PEM private key (-----BEGIN ... PRIVATE KEY-----)"
        )
    if "ENCRYPTED" in key or "Proc-Type: 4,ENCRYPTED" in key:
        raise ValidationError(
            "ssh_key", "the key has a passphrase: store a copy without one (it is encrypted here)"
        )
    return key + "\n"


def encrypted_secrets(session: Session) -> list[tuple[str, str]]:
    """(credential name, token) of every encrypted password and enable secret, to check the key."""
    found: list[tuple[str, str]] = []
    rows = session.execute(
        select(
            m.CredentialRow.name,
            m.CredentialRow.password_enc,
            m.CredentialRow.enable_secret_enc,
            m.CredentialRow.ssh_key_enc,
        )
    )
    for name, password, enable, key in rows:
        found.extend((name, token) for token in (password, enable, key) if token)
    return found
