"""Real receivers on 127.0.0.1 for notification tests: an SMTP server (aiosmtpd, with AUTH), an
HTTP server that records JSON posts (optionally holding each request), and an exec hook script
that writes what it got (stdin and environment) to a file. Each stops when its ``with`` ends."""

from __future__ import annotations

import json
import socket
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SMTP_USER, SMTP_PASSWORD = "netraven-mailer", "smtp-Passw0rd-xyz"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    port: int
    messages: list = field(default_factory=list)  # email.message.EmailMessage
    logins: list[str] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def url(self, to: str = "ops@example.com") -> str:
        return (
            f"mailto://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{self.port}"
            f"?mode=insecure&from=netraven@example.com&to={to}"
        )


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """A real SMTP server on loopback requiring AUTH (plain text, no TLS: loopback only)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    box = Mailbox(free_port())

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            box.arrived.set()
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == SMTP_USER and auth_data.password.decode() == SMTP_PASSWORD
        if ok:
            box.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=box.port,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class WebHook:
    port: int
    posts: list[dict] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)  # a held request goes on

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/"


@contextmanager
def http_server(hold_seconds: float = 0.0) -> Iterator[WebHook]:
    """Records every POST; with ``hold_seconds`` each request waits that long (or until
    ``release`` is set) before it is answered: a slow service."""
    hook = WebHook(free_port())

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            hook.raw.append(body)
            hook.posts.append(json.loads(body or b"{}"))
            hook.arrived.set()
            if hold_seconds:
                hook.release.wait(hold_seconds)
            try:
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"{}")
            except OSError:  # the client gave up (its timeout): that is the point
                pass

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", hook.port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        hook.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def exec_hook(folder: Path, exit_status: int = 0) -> tuple[Path, Path]:
    """A hook script appending one JSON line per call: its stdin and its environment."""
    out = folder / "hook-calls.jsonl"
    script = folder / "hook.py"
    script.write_text(
        "#!/usr/bin/env python3\n"
        "import json, os, sys\n"
        "data = sys.stdin.read()\n"
        f"with open({str(out)!r}, 'a') as f:\n"
        "    f.write(json.dumps({'stdin': data, 'env': dict(os.environ)}) + '\\n')\n"
        f"sys.exit({exit_status})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, out


def hook_calls(out: Path) -> list[dict]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text().splitlines() if line]
