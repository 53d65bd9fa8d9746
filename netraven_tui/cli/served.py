"""The CLI and the console when `netraven-tui serve` started them for an SSH user.

Such a process has a link to the server (see ``netraven_tui.serve.link``): it acts as the user
the server names over that link, never as the local admin, and asks the server to run jobs so
that the run outlives the SSH connection. Without a link nothing here changes anything.
"""

from __future__ import annotations

from functools import lru_cache

from netraven_tui.domain import NetRavenError, ValidationError


@lru_cache(maxsize=1)
def served_link():
    """This process's link to `netraven-tui serve`, or None (a plain CLI or console)."""
    from netraven_tui.serve.link import SessionLink

    return SessionLink.from_environment()


def _console_link():
    """The console's link: it may wait (warm, as a spare) until a user logs in."""
    from netraven_tui.serve.link import SessionLink

    return SessionLink.from_environment(wait_seconds=None)


def check_served_arguments(args) -> None:
    """Over SSH a file name would be a file on the server: only - (the SSH stream) is allowed."""
    name = getattr(args, "file", None)
    if name not in (None, "-") and served_link() is not None:
        raise ValidationError(
            "file",
            f"{name!r} would be a file on the server; use - and send the data through ssh",
        )


def served_runner(bus):
    """A runner that has the server run the job (None when not served)."""
    link = served_link()
    if link is None:
        return None
    from netraven_tui.serve.remote_runner import SessionRunner

    return SessionRunner(link, bus)


def run_served_console(args) -> int:
    """`tui --served`: the console of an SSH session, logged in as the user the server proved
    over the link (a console started ahead waits there), never competing for the lease."""
    import os

    from netraven_tui.serve.link import ENV_FD

    if ENV_FD not in os.environ:
        raise NetRavenError(
            "--served is only for the consoles `netraven-tui serve` starts for its SSH users; "
            "run `netraven-tui` and log in"
        )
    # Everything slow happens before the wait, so a login finds the console ready to paint.
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.config import load_settings
    from netraven_tui.logs import setup_logging
    from netraven_tui.runtime.configs import ConfigBrowser
    from netraven_tui.runtime.connection_check import connection_checker
    from netraven_tui.runtime.console import ConsoleRuntime
    from netraven_tui.runtime.events import EventBus
    from netraven_tui.serve.remote_runner import SessionRunner
    from netraven_tui.serve.terminal import take_controlling_terminal
    from netraven_tui.services import open_services
    from netraven_tui.tui.app import run_app

    take_controlling_terminal(0)
    settings = load_settings()
    setup_logging(settings.locations, settings.log_level)
    services = open_services(settings)
    store = GitStore(settings.locations.repo)
    link = _console_link()
    os.environ.update(link.terminal)  # the client's TERM, COLORTERM …, before the app reads them
    bus = EventBus()
    runtime = ConsoleRuntime(
        services,
        bus,
        SessionRunner(link, bus, every_run=True),  # type: ignore[arg-type] - duck-typed runner
        ConfigBrowser(services, store),
        connection_checker(services),
    )
    try:
        return run_app(services, auto_login=link.actor, runtime=runtime)
    finally:
        runtime.stop()
        link.close()
