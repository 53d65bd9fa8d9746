"""`netraven-tui serve`: the console over SSH for the app's own users (and a web door)."""

from __future__ import annotations

import importlib.util
import sys

from netraven_tui.cli.scheduler import _log_to_stderr
from netraven_tui.domain import NetRavenError


def cmd_serve(args) -> int:
    from netraven_tui.config import load_settings, parse_host_port
    from netraven_tui.logs import setup_logging
    from netraven_tui.serve.server import Ready, serve

    settings = load_settings()
    ssh = parse_host_port(args.ssh or settings.serve_ssh, "--ssh" if args.ssh else "serve_ssh")
    web_text = args.web if args.web is not None else settings.serve_web
    web = parse_host_port(web_text, "--web" if args.web else "serve_web") if web_text else None
    if web is not None and importlib.util.find_spec("textual_serve") is None:
        raise NetRavenError("the web door needs the 'web' extra: pip install 'netraven-tui[web]'")
    setup_logging(settings.locations, settings.log_level)
    _log_to_stderr()

    def ready(info: Ready) -> None:
        host, port = info.ssh
        line = f"netraven-tui serve: SSH on {host}:{port}, host key {info.fingerprint}"
        if info.web:
            line += f", web door on http://{info.web[0]}:{info.web[1]}/"
        print(f"{line} (pid {info.pid})", flush=True)
        if host not in ("127.0.0.1", "::1", "localhost"):
            print(
                f"netraven-tui serve: listening on {host}: reachable from other hosts",
                file=sys.stderr,
                flush=True,
            )

    make_web_door = None
    if web is not None:
        from netraven_tui.tui.web_door import WebDoor  # textual-serve: only when asked for

        make_web_door = WebDoor
    return serve(settings, ssh, web, ready, make_web_door)
