"""Login: user name and password; wrong password, lockout and 'no users yet' explained.

Whether any user exists is read by ``build_app`` before the event loop starts; the password
check runs in a thread worker (hashing takes a moment) and answers with a message.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from netraven_tui.domain import Actor, AuthenticationFailed, User
from netraven_tui.services import Services
from netraven_tui.tui.console import host_of
from netraven_tui.tui.errors import GuardedHandlers
from netraven_tui.tui.keys import FieldInput
from netraven_tui.tui.workers import ServiceCalls

NO_USERS = (
    "No user exists yet. Create the first admin from a shell:\n\n"
    "  netraven-tui user add NAME --role admin\n\n"
    "then start netraven-tui again."
)


class LoginScreen(GuardedHandlers, ServiceCalls, Screen[None]):
    """User name and password; the result is shown in place, the password field cleared."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit")]

    def __init__(
        self, services: Services, username: str | None = None, users_exist: bool = True
    ) -> None:
        super().__init__()
        self.services = services
        self.username = username or ""
        self.users_exist = users_exist

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="login-box"):
            yield Static("NetRaven", id="login-title")
            yield Label("User name")
            yield FieldInput(value=self.username, id="username")
            yield Label("Password")
            yield FieldInput(password=True, id="password")
            yield Static("", id="login-message")
            yield Button("Log in", variant="primary", id="login")
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = host_of(self).cursor_blink
        if not self.users_exist:
            self.query_one("#login-message", Static).update(NO_USERS)
            for widget in self.query("Input, Button, Label"):
                widget.disabled = True
                widget.display = False
            return
        self.query_one("#password" if self.username else "#username", Input).focus()

    def field_entered(self, field: Input) -> None:
        """Enter: from the user name on to the password now (keys typed behind it go there)."""
        if field.id == "username":
            self.set_focus(self.query_one("#password", Input))
        else:
            self._submit()

    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        if not username.strip():
            self.query_one("#login-message", Static).update(
                Text("Type your user name.", style="bold red")
            )
            self.query_one("#username", Input).focus()
            return
        self.query_one("#login-message", Static).update("Checking…")
        self._authenticate(username, password)

    # ``description``: Textual would otherwise keep repr() of the arguments (the password)
    @work(thread=True, exclusive=True, exit_on_error=False, group="login", description="login")
    def _authenticate(self, username: str, password: str) -> None:
        # Password hashing takes a moment: off the UI thread, back through post_message.
        try:
            user = self.services.users.authenticate(username, password)
        except AuthenticationFailed as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Succeeded(user))

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Succeeded(Message):
        def __init__(self, user: User) -> None:
            super().__init__()
            self.user = user

    def on_login_screen_failed(self, message: Failed) -> None:
        self.query_one("#login-message", Static).update(Text(message.reason, style="bold red"))
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()

    def on_login_screen_succeeded(self, message: Succeeded) -> None:
        self.query_one("#password", Input).value = ""
        # On the app's own queue: the login screen is popped, which must not wait on itself.
        self.app.call_later(
            host_of(self).logged_in, Actor(message.user.username, message.user.role)
        )
