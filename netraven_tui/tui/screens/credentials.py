"""Credentials: device logins by priority, with their tags and how well they have worked."""

from __future__ import annotations

from datetime import datetime

from textual.binding import Binding

from netraven_tui.domain import Credential
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.credential_form import credential_form
from netraven_tui.tui.screens.records import RecordScreen
from netraven_tui.tui.widgets.record_table import Column, Row

COLUMNS = (
    Column("Name", 16),
    Column("Username", 12),
    Column("Prio", 5),
    Column("Tags"),
    Column("OK", 6),
    Column("Fail", 6),
    Column("Last used", 9),
)


def credential_row(credential: Credential, now: datetime) -> Row:
    c = credential
    tags = ", ".join(c.tags) or "-"
    name = f"{c.name} +enable" if c.has_enable_secret else c.name
    return Row(
        c.id,
        (
            name,
            c.username,
            str(c.priority),
            tags,
            str(c.success_count),
            str(c.failure_count),
            fmt.age(c.last_used_at, now),
        ),
        sort_key=(c.priority, c.name),
        search=f"{c.name} {c.username} {tags}".lower(),
    )


class CredentialsScreen(RecordScreen[Credential]):
    AREA = "credentials"
    TITLE = "Credentials"
    NOUN = "credential"
    COLUMNS = COLUMNS
    EMPTY = "No credentials. Press a to add one."
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
    ]

    def fetch(self) -> list[Credential]:
        return self.services.credentials.list()

    def key_of(self, credential: Credential) -> int:
        return credential.id

    def name_of(self, credential: Credential) -> str:
        return credential.name

    def row_of(self, credential: Credential, now: datetime) -> Row:
        return credential_row(credential, now)

    def status_text(self) -> str:
        return f"{super().status_text()}, tried by priority (lower first)"

    def action_add(self) -> None:
        self.app.push_screen(credential_form(self.services), self._saved)

    def action_edit(self) -> None:
        credential = self.current
        if credential is not None:
            self.app.push_screen(credential_form(self.services, credential), self._saved)

    def action_delete(self) -> None:
        credential = self.current
        if credential is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write_in_thread(
                    lambda: self.services.credentials.delete(credential.id),
                    lambda _: self._deleted(credential),
                    doing="delete",
                )

        self.app.push_screen(
            ConfirmModal(
                f"Delete credential {credential.name}?", "Devices that used it will try the others."
            ),
            confirmed,
        )
