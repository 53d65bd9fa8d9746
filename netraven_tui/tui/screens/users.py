"""Users (admins only): add, change role, reset password, unlock, activate or deactivate."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.suggester import SuggestFromList

from netraven_tui.domain import Role, User
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.form import Field, FormModal, Values
from netraven_tui.tui.screens.records import RecordScreen
from netraven_tui.tui.widgets.record_table import Column, Row

COLUMNS = (Column("User", 16), Column("Role", 9), Column("State"), Column("Last login", 19))
ROLES = [role.value for role in Role]


def user_state(user: User, now: datetime) -> Text:
    if not user.active:
        return Text("deactivated", style="dim")
    if user.locked_until is not None and user.locked_until > now:
        return Text(f"locked until {fmt.timestamp(user.locked_until)}", style="bold red")
    if user.failed_logins:
        return Text(f"active, {user.failed_logins} failed logins", style="yellow")
    return Text("active", style="green")


def user_row(user: User, now: datetime) -> Row:
    return Row(
        user.username,
        (user.username, str(user.role), user_state(user, now), fmt.timestamp(user.last_login_at)),
        sort_key=user.username,
        search=f"{user.username} {user.role}",
    )


class UsersScreen(RecordScreen[User]):
    AREA = "users"
    TITLE = "Users"
    NOUN = "user"
    COLUMNS = COLUMNS
    EMPTY = "No users."
    ADMIN_ACTIONS = frozenset({"add", "edit", "reset_password", "unlock", "toggle", "keys"})
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Role"),
        Binding("p", "reset_password", "Password"),
        Binding("u", "unlock", "Unlock"),
        Binding("space", "toggle", "(De)activate"),
        Binding("K", "keys", "SSH keys", show=False),  # in `?`: the footer is full
    ]

    def fetch(self) -> list[User]:
        return self.services.users.list()

    def key_of(self, user: User) -> str:
        return user.username

    def row_of(self, user: User, now: datetime) -> Row:
        return user_row(user, now)

    def action_add(self) -> None:
        def save(values: Values) -> User:
            return self.services.users.create(
                str(values["username"]), str(values["password"]), str(values["role"])
            )

        self.app.push_screen(
            FormModal(
                "Add user",
                [
                    Field("username", "User name"),
                    Field("password", "Password", password=True),
                    Field(
                        "role",
                        "Role",
                        "viewer",
                        placeholder="admin, operator or viewer",
                        suggester=SuggestFromList(ROLES),
                    ),
                ],
                save,
            ),
            self._saved,
        )

    def action_edit(self) -> None:
        user = self.current
        if user is None:
            return

        def save(values: Values) -> User:
            return self.services.users.set_role(user.username, str(values["role"]))

        self.app.push_screen(
            FormModal(
                f"Role of {user.username}",
                [
                    Field(
                        "role",
                        "Role",
                        str(user.role),
                        placeholder="admin, operator or viewer",
                        suggester=SuggestFromList(ROLES),
                    ),
                ],
                save,
            ),
            self._saved,
        )

    def action_reset_password(self) -> None:
        user = self.current
        if user is None:
            return

        def save(values: Values) -> User:
            return self.services.users.reset_password(user.username, str(values["password"]))

        self.app.push_screen(
            FormModal(
                f"New password for {user.username}",
                [
                    Field("password", "Password", password=True),
                ],
                save,
                note="This also clears a lockout.",
            ),
            lambda saved: self._saved(saved, "has a new password"),
        )

    def action_unlock(self) -> None:
        user = self.current
        if user is not None:
            self.write_in_thread(
                lambda: self.services.users.unlock(user.username),
                lambda unlocked: self._saved(unlocked, "unlocked"),
                doing="unlock",
            )

    def action_toggle(self) -> None:
        user = self.current
        if user is None:
            return
        if not user.active:
            self._set_active(user, True)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._set_active(user, False)

        self.app.push_screen(
            ConfirmModal(
                f"Deactivate {user.username}?", "They can no longer log in.", yes="Deactivate"
            ),
            confirmed,
        )

    def _set_active(self, user: User, active: bool) -> None:
        what = "activated" if active else "deactivated"
        self.write_in_thread(
            lambda: self.services.users.set_active(user.username, active),
            lambda changed: self._saved(changed, what),
            doing="activate" if active else "deactivate",
        )

    def action_keys(self) -> None:
        """The user's SSH keys for `netraven-tui serve` (add, remove)."""
        user = self.current
        if user is not None:
            from netraven_tui.tui.modals.user_keys import UserKeysModal

            self.app.push_screen(UserKeysModal(self.services, user.username))
