"""`netraven-tui serve`: the scheduler, the SSH console and (optionally) the web door, in one
long-running process, until SIGTERM or SIGINT.

On stop: no new connections, every session told and its process ended, then the scheduler
stops the way `netraven-tui scheduler` does (running devices get `shutdown_grace_seconds`, the
rest are marked interrupted, the lease is released).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from netraven_tui.config import Settings
from netraven_tui.domain import Actor, NetRavenError

log = logging.getLogger("netraven_tui.serve")


@dataclass(frozen=True)
class Ready:
    """What the server prints once it listens (tests and scripts read it)."""

    ssh: tuple[str, int]
    fingerprint: str
    web: tuple[str, int] | None
    pid: int


# (host, port, max sessions, SSH sessions open now) -> a door with async start()/stop(): the
# web door (netraven_tui.tui.web_door.WebDoor) is built on textual-serve, so the command line
# hands it in; this server never loads Textual's packages itself.
WebDoorFactory = Callable[[str, int, int, Callable[[], int]], Any]


def serve(
    settings: Settings,
    ssh: tuple[str, int],
    web: tuple[str, int] | None,
    on_ready: Callable[[Ready], None],
    make_web_door: WebDoorFactory | None = None,
) -> int:
    """Run until SIGTERM/SIGINT; returns the exit status. ``web``: where the web door made by
    ``make_web_door`` listens (None: no web door)."""
    return asyncio.run(_serve(settings, ssh, web, on_ready, make_web_door))


async def _serve(
    settings: Settings,
    ssh: tuple[str, int],
    web: tuple[str, int] | None,
    on_ready: Callable[[Ready], None],
    make_web_door: WebDoorFactory | None = None,
) -> int:
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.runtime.events import EventBus
    from netraven_tui.runtime.factory import make_runner
    from netraven_tui.runtime.scheduler import Scheduler
    from netraven_tui.serve.host_key import host_key_path, load_or_create_host_key
    from netraven_tui.serve.hub import SessionHub
    from netraven_tui.serve.ratelimit import FailureLimiter
    from netraven_tui.serve.registry import SessionLimits, SessionRegistry
    from netraven_tui.serve.spares import SparePool
    from netraven_tui.serve.ssh_server import ServeContext, listen
    from netraven_tui.services import open_services

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)

    services = open_services(settings, Actor.system("serve"))
    bus = EventBus()
    store = GitStore(settings.locations.repo)
    runner = make_runner(services, bus, store)
    scheduler = Scheduler(services, runner, bus)
    key = load_or_create_host_key(host_key_path(settings.locations))
    hub = SessionHub(services, runner, bus)
    spares = SparePool(hub)
    registry = SessionRegistry(
        SessionLimits(settings.serve_max_sessions, settings.serve_idle_minutes * 60.0), spares
    )
    context = ServeContext(services, hub, registry, FailureLimiter())
    try:
        acceptor = await listen(context, ssh[0], ssh[1], key)
    except OSError as error:
        services.close()
        raise NetRavenError(
            f"cannot listen for SSH on {ssh[0]}:{ssh[1]}: {error.strerror or error}"
        ) from None
    await loop.run_in_executor(None, scheduler.start)
    hub.start()
    spares.start()
    door = None
    try:
        web_address = None
        if web is not None:
            if make_web_door is None:
                raise NetRavenError("a web door address was given without a web door to run")
            door = make_web_door(
                web[0], web[1], settings.serve_max_sessions, lambda: len(registry.sessions)
            )
            try:
                web_address = (web[0], await door.start())
            except OSError as error:
                raise NetRavenError(
                    f"cannot listen for the web door on {web[0]}:{web[1]}: "
                    f"{error.strerror or error}"
                ) from None
        on_ready(
            Ready((ssh[0], acceptor.get_port()), key.get_fingerprint(), web_address, os.getpid())
        )
        log.info(
            "serve: SSH on %s:%s (host key %s)%s; scheduler %s",
            ssh[0],
            acceptor.get_port(),
            key.get_fingerprint(),
            f", web door on {web_address[0]}:{web_address[1]}" if web_address else "",
            "leads" if scheduler.is_leader else "stands by",
        )
        await stop.wait()
        log.info("serve: stopping")
    finally:
        acceptor.close()
        await registry.close_all("the server is stopping")
        await spares.stop()
        if door is not None:
            await door.stop()
        await hub.stop()
        left = await loop.run_in_executor(None, scheduler.stop, settings.shutdown_grace_seconds)
        store.close()
        services.close()
    log.info("serve: stopped%s", f"; runs {left} interrupted" if left else "")
    if left:
        # As `netraven-tui scheduler`: device tasks stuck in the network would hold the exit.
        logging.shutdown()
        sys.stderr.flush()
        os._exit(0)
    return 0
