"""A real `netraven-tui serve` on 127.0.0.1 (its own process, its own data folder) and real SSH
clients (asyncssh's) that read the console's screen through a small terminal emulator."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pytest

from netraven_tui.config import load_settings
from netraven_tui.domain import Actor
from netraven_tui.services import Services, open_services
from tests.serve.screen import Screen

READY = re.compile(r"SSH on 127\.0\.0\.1:(\d+), host key (SHA256:[^\s,]+)(?:, web door on (\S+))?")
PASSWORDS = {"alice": "alice-Passw0rd", "bob": "bob-Passw0rd", "olga": "olga-Passw0rd"}
ROLES = {"alice": "admin", "bob": "viewer", "olga": "operator"}


@dataclass
class Served:
    home: Path
    process: subprocess.Popen[str]
    port: int
    fingerprint: str
    web_url: str | None
    log_path: Path

    @property
    def env(self) -> dict[str, str]:
        return {"NETRAVEN_HOME": str(self.home)}

    def services(self) -> Services:
        return open_services(load_settings(self.env), Actor.system("test"), env=self.env)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def session_pids(self, user: str) -> list[int]:
        """Pids of the session processes the server started for ``user`` (from its log)."""
        pattern = re.compile(rf"serve: {user} from \S+: .*?\(pid (\d+)")
        return [int(p) for p in pattern.findall(self.log())]

    def children(self) -> set[int]:
        """Pids of the server's child processes right now."""
        found = set()
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                found.update(int(p) for p in (task / "children").read_text().split())
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


def start_server(
    home: Path, *args: str, env: dict[str, str] | None = None, users: bool = True
) -> Served:
    """Start `netraven-tui serve --ssh 127.0.0.1:0` on ``home``; waits for its ready line."""
    base = {"NETRAVEN_HOME": str(home)}
    if users:
        services = open_services(load_settings(base), Actor.system("test"), env=base)
        for name, password in PASSWORDS.items():
            services.users.create(name, password, ROLES[name])
        services.close()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    full_env.update(base)
    full_env.update(env or {})
    log_path = home / "serve-stderr.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "netraven_tui", "serve", "--ssh", "127.0.0.1:0", *args],
        stdout=subprocess.PIPE,
        stderr=log_path.open("w"),
        stdin=subprocess.DEVNULL,
        text=True,
        env=full_env,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if match := READY.search(line):
            return Served(home, process, int(match[1]), match[2], match[3], log_path)
    process.kill()
    raise AssertionError(f"serve did not start: {line!r}\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = start_server(tmp_path_factory.mktemp("served") / "home")
    yield server
    assert server.stop() == 0


class Banners(asyncssh.SSHClient):
    def __init__(self, banners: list[str] | None = None) -> None:
        self.banners: list[str] = [] if banners is None else banners

    def auth_banner_received(self, msg: str, lang: str) -> None:
        self.banners.append(msg.strip())


async def connect(
    served: Served, user: str, password: str | None = None, keys=None, banners=None
) -> tuple[asyncssh.SSHClientConnection, Banners]:
    """Log in as ``user`` with ``password`` (default: theirs) or the private ``keys``; the
    server's banners (why a login was refused) land in ``banners``."""
    client = Banners(banners)
    options = dict(
        username=user,
        known_hosts=None,
        client_factory=lambda: client,
        connect_timeout=20,
    )
    if keys is not None:
        options.update(client_keys=keys, preferred_auth="publickey", password=None)
    else:
        options.update(
            password=password if password is not None else PASSWORDS[user],
            preferred_auth="password",
            client_keys=None,
        )
    conn = await asyncssh.connect("127.0.0.1", served.port, **options)
    return conn, client


@dataclass
class Terminal:
    """An interactive session as the user's terminal sees it."""

    process: asyncssh.SSHClientProcess
    screen: Screen
    reader: asyncio.Task | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    closed: bool = False

    @classmethod
    async def open(
        cls,
        conn: asyncssh.SSHClientConnection,
        columns: int = 100,
        rows: int = 30,
        term="xterm-256color",
    ) -> Terminal:
        process = await conn.create_process(
            term_type=term, term_size=(columns, rows), encoding=None
        )
        terminal = cls(process, Screen(columns, rows))
        terminal.reader = asyncio.create_task(terminal._read())
        return terminal

    async def _read(self) -> None:
        while True:
            data = await self.process.stdout.read(65536)
            if not data:
                self.closed = True
                self.changed.set()
                return
            self.screen.feed(data)
            self.changed.set()

    async def wait_for(self, text: str, timeout: float = 20.0) -> float:
        """Wait until ``text`` is on the screen; returns the seconds it took."""
        started = time.monotonic()
        deadline = started + timeout
        while text not in self.screen.text:
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                raise AssertionError(f"{text!r} not on the screen:\n{self.screen.text}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(left, 0.5))
        return time.monotonic() - started

    async def wait_until(self, check, what: str, timeout: float = 20.0) -> None:
        """Wait until ``check(screen)`` holds (the screen is repainted in pieces)."""
        deadline = time.monotonic() + timeout
        while not check(self.screen):
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                raise AssertionError(f"never {what}:\n{self.screen.text}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(left, 0.5))

    async def wait_closed(self, timeout: float = 10.0) -> None:
        assert self.reader is not None
        await asyncio.wait_for(asyncio.shield(self.reader), timeout)

    def press(self, keys: str | bytes) -> None:
        self.process.stdin.write(keys.encode() if isinstance(keys, str) else keys)

    def resize(self, columns: int, rows: int) -> None:
        self.process.change_terminal_size(columns, rows)
        self.screen.resize(columns, rows)


def gone(pid: int) -> bool:
    """The process is gone (or a zombie nobody will run again)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    # members may be zombies waiting for their parent; count only the living ones
    return all(
        gone(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit() and _pgid(p) == pgid
    )


def _pgid(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[2])
    except (OSError, IndexError, ValueError):
        return None
