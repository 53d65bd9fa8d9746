"""What the configuration screens share: the config browser, loading in threads, going back.

The device list is the Configs area's own screen; versions, a version's text, a diff and search
results are pushed on top of it (so `escape`/`q` walks back) and read the git repository in
thread workers that answer with :class:`ConfigSubScreen.Loaded`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.binding import Binding
from textual.message import Message

from netraven_tui.domain import NetRavenError
from netraven_tui.patterns import UserPattern, smart_pattern
from netraven_tui.runtime.configs import ConfigBrowser
from netraven_tui.tui.errors import report_error
from netraven_tui.tui.screens.base import AreaScreen

NO_RUNTIME = "configuration history needs the backup runtime (start the console with it)"


class ConfigSubScreen(AreaScreen):
    """A screen pushed over the Configs area; `escape` or `q` goes back to the one below."""

    AREA = "configs"
    TITLE = "Configs"
    BINDINGS = [Binding("escape,q", "back", "Back")]

    class Loaded(Message):
        """What a config worker read (``error`` set when the service refused)."""

        def __init__(self, payload: Any = None, error: NetRavenError | None = None) -> None:
            super().__init__()
            self.payload = payload
            self.error = error

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.loading_done = False

    @property
    def browser(self) -> ConfigBrowser:
        runtime = self.host.runtime
        if runtime is None:
            raise NetRavenError(NO_RUNTIME)
        return runtime.configs

    def set_status(self, text: str) -> None:
        from textual.widgets import Static

        self.query_one("#status", Static).update(
            f"{self.title_text} · {text}" if text else self.title_text
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def reload(self) -> None:
        self.set_status("loading…")
        self.load_in_thread(self.read)

    def read(self) -> Any:
        """What to read from the repository (runs in a thread; subclasses)."""
        return None

    def loaded(self, payload: Any) -> None:
        """Show what :meth:`read` returned (UI thread; subclasses)."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="config-read")
    def load_in_thread(self, read: Callable[[], Any]) -> None:
        try:
            payload = read()
        except NetRavenError as error:
            self.post_message(self.Loaded(error=error))
            return
        self.post_message(self.Loaded(payload))

    @on(Loaded)
    def _config_loaded(self, message: Loaded) -> None:
        if message.error is not None:
            self.set_status(f"failed: {message.error}")
            report_error(self.app, message.error)
            return
        self.loading_done = True
        self.loaded(message.payload)


def compile_pattern(text: str) -> UserPattern | None:
    """A pattern from what was typed (smart case: lower-case text ignores case); bad ones literal.

    RE2, not ``re``: a pattern typed in a find box must never freeze the console.
    """
    return smart_pattern(text)
