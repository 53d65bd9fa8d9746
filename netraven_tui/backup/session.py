"""One device session with Netmiko: log in, enable if needed, capture the configuration.

``open_session`` is the way in, for the backup's capture and the connection check alike.

Netmiko does the login and the terminal preparation (IOS's in one round trip: ``prepare.py``),
on a paramiko client that first checks the device's host key (``hostkeys.py``: before the
password is sent) and that may run over a jump host's channel (``jump.py``). The capture reads the channel itself (``reader.py``:
waiting on the socket, stopping at the prompt, paging through ``--More--``): that is faster
than ``send_command``'s polling and it notices a session the device closed half-way at once.
Every failure becomes a DeviceError by kind with one line (``errors.py``).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from netraven_tui.backup.enable import enter_enable, remember_prompt
from netraven_tui.backup.errors import login_failure, session_failure
from netraven_tui.backup.hostkeys import HostKeyCheck, HostKeyGuard
from netraven_tui.backup.jump import JumpHost, Tunnel, tunnel
from netraven_tui.backup.kex import short_exponents
from netraven_tui.backup.prepare import prepare, quick_preparation
from netraven_tui.backup.reader import PromptLine, read_output
from netraven_tui.domain import (
    CredentialSecret,
    DeviceError,
    DeviceTarget,
    ErrorKind,
    HostKeySeen,
)
from netraven_tui.platforms import PlatformSpec

_ERROR_BANNERS = re.compile(
    r"^\s*(?:% ?Invalid input|% ?Incomplete command|% ?Ambiguous command|% ?Unknown command|"
    r"syntax error|unknown command|bad command name|Error: Unrecognized command|"
    r"Error: .*|ERROR: .*|Invalid command)",
    re.IGNORECASE | re.MULTILINE,
)

# Paramiko logs a traceback for every device that never answers; the outcome says it better.
# A NullHandler keeps those off the terminal when the program has not configured logging.
logging.getLogger("paramiko").addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class SessionTimeouts:
    connect: float
    command: float


@dataclass(frozen=True, slots=True)
class Route:
    """How to reach a device beyond its address: its host key check and jump host, if any."""

    host_key: HostKeyCheck | None = None  # None: any key, nothing recorded (policy accept)
    jump: JumpHost | None = None


DIRECT = Route()


@dataclass(frozen=True, slots=True)
class Capture:
    text: str
    prompt: str
    host_key: HostKeySeen | None = None  # the key the device presented (None: not checked)
    jump_key: HostKeySeen | None = None  # the jump host's, when there is one


class DeviceSession:
    """A logged-in session on one device, in privileged mode when its platform needs it."""

    def __init__(
        self,
        conn,
        spec: PlatformSpec,
        timeouts: SessionTimeouts,
        host_key: HostKeySeen | None = None,
        jump_key: HostKeySeen | None = None,
    ) -> None:
        self._conn = conn
        self.spec = spec
        self.timeouts = timeouts
        self.host_key = host_key
        self.jump_key = jump_key

    def prompt(self) -> str:
        """The prompt the device shows now (asked for again, not remembered from the login)."""
        try:
            return self._conn.find_prompt()
        except Exception as error:  # noqa: BLE001 - classified into one line
            raise session_failure(error, "the prompt check", self.timeouts.command) from None

    def run(self, command: str) -> str:
        """Send ``command`` and read until the prompt comes back; raise DeviceError by kind."""
        conn = self._conn
        try:
            conn.write_channel(command + conn.RETURN)
            raw = read_output(
                conn.remote_conn,
                command,
                PromptLine(conn.base_prompt),
                self.timeouts.command,
            )
        except DeviceError:
            raise
        except Exception as error:  # noqa: BLE001 - classified into one line
            raise session_failure(error, repr(command), self.timeouts.command) from None
        return _clean(conn, raw)

    def capture(self) -> Capture:
        """Run the platform's commands; raise DeviceError when the output is not a whole config."""
        text = "\n".join(self.run(command) for command in self.spec.commands)
        _check_complete(self.spec, text)
        return Capture(text, self._conn.base_prompt, self.host_key, self.jump_key)


@contextlib.contextmanager
def open_session(
    device: DeviceTarget,
    spec: PlatformSpec,
    credential: CredentialSecret,
    timeouts: SessionTimeouts,
    route: Route = DIRECT,
) -> Iterator[DeviceSession]:
    """Log in to ``device`` with ``credential`` (and enable, if ``spec`` needs it); the session
    is closed when the block ends. ``route``: the host key check and the jump host. A refused
    host key, a failed login or enable raises DeviceError by kind (nothing is captured)."""
    short_exponents()  # old DH key exchange: half the client's CPU (kex.py)
    with contextlib.ExitStack() as stack:
        channel: Tunnel | None = None
        if route.jump is not None:
            channel = stack.enter_context(
                tunnel(route.jump, device.address, device.port, timeouts.connect)
            )
        guard = HostKeyGuard(route.host_key) if route.host_key is not None else None
        try:
            conn = _connect(device, credential, timeouts, guard, channel)
            stack.callback(_close, conn)
            if spec.needs_enable:
                enter_enable(conn, credential, timeouts.command)
            seen = guard.seen_after_login(conn.remote_conn_pre) if guard is not None else None
            yield DeviceSession(conn, spec, timeouts, seen, channel.jump_key if channel else None)
        except DeviceError as error:
            # Trust on first use pins the first key met, even when the login, enable or
            # capture then fails (so a later changed key is reported as `hostkey`).
            error.host_key = guard.accepted if guard is not None else None
            error.jump_key = channel.jump_key if channel is not None else None
            raise


def _connect(
    device: DeviceTarget,
    credential: CredentialSecret,
    timeouts: SessionTimeouts,
    guard: HostKeyGuard | None,
    channel: Tunnel | None,
):
    from netmiko import ConnectHandler

    where = f"{device.address}:{device.port}"
    hint = guard.check.trust_hint if guard is not None else ""
    try:
        conn = ConnectHandler(
            device_type=device.platform,
            host=device.address,
            port=device.port,
            username=credential.username,
            password=credential.password,
            secret=credential.enable_secret or "",
            conn_timeout=timeouts.connect,
            banner_timeout=timeouts.connect,
            auth_timeout=timeouts.connect,
            read_timeout_override=timeouts.command,
            fast_cli=True,
            sock=channel.channel if channel is not None else None,
            auto_connect=False,
        )
    except Exception as error:  # noqa: BLE001 - a bad argument is classified like the rest
        raise login_failure(error, where, credential.username, timeouts.connect, hint) from None
    if guard is not None:
        build = conn._build_ssh_client  # the driver's own client (ProCurve, PAN-OS have theirs)

        def guarded_client():
            client = build()
            guard.install(client, device.address, device.port)
            return client

        conn._build_ssh_client = guarded_client
    remember_prompt(conn)  # the login's prompt tells whether enable is needed
    if quick_preparation(conn):  # IOS, IOS-XE: the terminal prepared in one round trip
        conn._try_session_preparation = lambda force_data=True: prepare(conn, timeouts.command)
    try:
        conn._open()  # what ConnectHandler does with auto_connect: connect, prepare the terminal
    except Exception as error:  # noqa: BLE001 - paramiko raises many things while logging in
        _close(conn)
        raise login_failure(error, where, credential.username, timeouts.connect, hint) from None
    return conn


def _clean(conn, raw: str) -> str:
    from netmiko import BaseConnection

    # Netmiko's own stripper only removes ESC sequences, with ~40 regex passes over the whole
    # config (~0.7 ms for 60 kB): nothing to do when there is no ESC at all.
    if (
        "\x1b" in raw
        or type(conn).strip_ansi_escape_codes is not BaseConnection.strip_ansi_escape_codes
    ):
        raw = conn.strip_ansi_escape_codes(raw)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines:
        lines = lines[:-1]  # the prompt
    return "\n".join(lines)


def _check_complete(spec: PlatformSpec, text: str) -> None:
    head = "\n".join(text.lstrip("\n").split("\n", 5)[:5])
    banner = _ERROR_BANNERS.search(head)
    if banner:
        raise DeviceError(
            ErrorKind.COMMAND, f"the device rejected the command: {banner.group(0).strip()[:120]}"
        )
    if not text.strip():
        raise DeviceError(ErrorKind.COMMAND, "the command printed nothing")
    if spec.end_marker:
        last = _last_lines(text, 3)
        if not any(re.search(spec.end_marker, line) for line in last):
            raise DeviceError(
                ErrorKind.DISCONNECTED,
                f"the configuration is incomplete: its last lines do not match {spec.end_marker!r}",
            )


def _last_lines(text: str, count: int) -> list[str]:
    """The last ``count`` non-empty lines of ``text``, stripped (last first), without splitting it all."""
    found: list[str] = []
    end = len(text)
    while end > 0 and len(found) < count:
        start = text.rfind("\n", 0, end)
        line = text[start + 1 : end].strip()
        if line:
            found.append(line)
        end = start
    return found


def _close(conn) -> None:
    """Close the transport without the logout dialogue (Huawei's alone costs ~2 s per device)."""
    from netmiko.base_connection import log as netmiko_log

    with contextlib.suppress(Exception):  # closing a dead session may fail; nothing to do
        conn.paramiko_cleanup()
    with contextlib.suppress(Exception):  # the filter Netmiko added for this connection
        netmiko_log.removeFilter(conn._secrets_filter)
