"""A user's SSH public keys (for `netraven-tui serve`): `a` adds one, `d` removes one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from netraven_tui.domain import UserKey
from netraven_tui.services import Services
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.dialog import DialogScreen
from netraven_tui.tui.modals.prompt import PromptModal
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

COLUMNS = (
    Column("Fingerprint", 51),
    Column("Type", 12),
    Column("Comment"),
    Column("Last used", 16),
)


def key_row(key: UserKey) -> Row:
    cells = (key.fingerprint, key.algorithm, key.comment, fmt.timestamp(key.last_used_at))
    return Row(key.fingerprint, cells, sort_key=key.id, search=f"{key.fingerprint} {key.comment}")


class UserKeysModal(DialogScreen[None]):
    BINDINGS = [
        Binding("a", "add", "Add key"),
        Binding("d", "remove", "Remove"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, services: Services, username: str) -> None:
        super().__init__()
        self.services = services
        self.username = username

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"SSH keys of {self.username}", classes="dialog-title")
            yield Static(
                "They log the user in to `netraven-tui serve` (ssh -p 2222 user@host).",
                classes="dialog-note",
            )
            yield RecordTable(COLUMNS, empty_text="No keys: password logins only.", id="user-keys")
            yield Static("a add · d remove · esc close", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(RecordTable).focus()
        self._reload()

    def _reload(self) -> None:
        self.read_in_thread(
            lambda: self.services.user_keys.list(self.username),
            lambda keys: self.query_one(RecordTable).load(key_row(k) for k in keys),
            doing="load SSH keys",
        )

    def action_add(self) -> None:
        def added(text: str | None) -> None:
            if not text:
                return

            def done(key: UserKey) -> None:
                self.notify(f"key {key.fingerprint} added for {self.username}")
                self._reload()

            self.write_in_thread(
                lambda: self.services.user_keys.add(self.username, text), done, doing="add key"
            )

        self.app.push_screen(
            PromptModal(
                f"Add an SSH key for {self.username}",
                "Paste the public key line (the .pub file), never the private key.",
                placeholder="ssh-ed25519 AAAA… comment",
            ),
            added,
        )

    def action_remove(self) -> None:
        fingerprint = self.query_one(RecordTable).cursor_key
        if fingerprint is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(_key: object) -> None:
                self.notify(f"key {fingerprint} removed")
                self._reload()

            self.write_in_thread(
                lambda: self.services.user_keys.remove(self.username, str(fingerprint)),
                done,
                doing="remove key",
            )

        self.app.push_screen(
            ConfirmModal(
                f"Remove key {fingerprint}?", f"{self.username} can no longer log in with it."
            ),
            confirmed,
        )

    def action_close(self) -> None:
        self.dismiss(None)
