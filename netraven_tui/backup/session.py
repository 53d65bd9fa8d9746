"""One device session with Netmiko: log in, enable if needed, capture the configuration.

``open_session`` is the way in, for the backup's capture and the connection check alike.

Netmiko does the login and the terminal preparation. The capture itself reads the channel
directly, waiting on the socket and stopping at the known prompt: that is faster than
``send_command``'s polling, and it notices a session the device closed half-way at once
(Netmiko alone would wait for its read timeout).
"""

from __future__ import annotations

import contextlib
import logging
import re
import select
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass

from netraven_tui.domain import CredentialSecret, DeviceError, DeviceTarget, ErrorKind
from netraven_tui.platforms import PlatformSpec

_ERROR_BANNERS = re.compile(
    r"^\s*(?:% ?Invalid input|% ?Incomplete command|% ?Ambiguous command|% ?Unknown command|"
    r"syntax error|unknown command|bad command name|Error: Unrecognized command|"
    r"Error: .*|ERROR: .*|Invalid command)",
    re.IGNORECASE | re.MULTILINE,
)
_TAIL = 400  # characters of output searched for the prompt

# Paramiko logs a traceback for every device that never answers; the outcome says it better.
# A NullHandler keeps those off the terminal when the program has not configured logging.
logging.getLogger("paramiko").addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class SessionTimeouts:
    connect: float
    command: float


@dataclass(frozen=True, slots=True)
class Capture:
    text: str
    prompt: str


class DeviceSession:
    """A logged-in session on one device, in privileged mode when its platform needs it."""

    def __init__(self, conn, spec: PlatformSpec, timeouts: SessionTimeouts) -> None:
        self._conn = conn
        self.spec = spec
        self.timeouts = timeouts

    def prompt(self) -> str:
        """The prompt the device shows now (asked for again, not remembered from the login)."""
        return self._conn.find_prompt()

    def run(self, command: str) -> str:
        """Send ``command`` and read until the prompt comes back; raise DeviceError by kind."""
        return _run(self._conn, command, self._conn.base_prompt, self.timeouts.command)

    def capture(self) -> Capture:
        """Run the platform's commands; raise DeviceError when the output is not a whole config."""
        text = "\n".join(self.run(command) for command in self.spec.commands)
        _check_complete(self.spec, text)
        return Capture(text, self._conn.base_prompt)


@contextlib.contextmanager
def open_session(
    device: DeviceTarget,
    spec: PlatformSpec,
    credential: CredentialSecret,
    timeouts: SessionTimeouts,
) -> Iterator[DeviceSession]:
    """Log in to ``device`` with ``credential`` (and enable, if ``spec`` needs it); the session
    is closed when the block ends. A failed login or enable raises DeviceError by kind."""
    conn = _connect(device, credential, timeouts)
    try:
        if spec.needs_enable:
            _enable(conn, credential)
        yield DeviceSession(conn, spec, timeouts)
    finally:
        _close(conn)


def _connect(device: DeviceTarget, credential: CredentialSecret, timeouts: SessionTimeouts):
    from netmiko import ConnectHandler
    from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

    try:
        return ConnectHandler(
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
        )
    except NetmikoAuthenticationException:
        raise DeviceError(ErrorKind.AUTH, f"login as {credential.username!r} rejected") from None
    except NetmikoTimeoutException as error:
        raise _classify_connect_failure(error, device, timeouts) from None
    except (ConnectionRefusedError, socket.gaierror, OSError, EOFError) as error:
        raise _classify_connect_failure(error, device, timeouts) from None
    except Exception as error:  # noqa: BLE001 - paramiko raises many things while logging in
        raise _classify_connect_failure(error, device, timeouts) from None


def _classify_connect_failure(
    error: BaseException, device: DeviceTarget, timeouts: SessionTimeouts
) -> DeviceError:
    chain = _causes(error)
    text = " ".join(str(e) for e in chain)
    where = f"{device.address}:{device.port}"
    if (
        any(isinstance(e, ConnectionRefusedError) for e in chain)
        or "refused" in text.lower()
        or ("Unable to connect to port" in text)
    ):
        return DeviceError(ErrorKind.UNREACHABLE, f"connection to {where} refused")
    if any(isinstance(e, socket.gaierror) for e in chain):
        return DeviceError(ErrorKind.UNREACHABLE, f"cannot resolve {device.address}")
    if any(isinstance(e, OSError) and e.errno in (101, 113) for e in chain):
        return DeviceError(ErrorKind.UNREACHABLE, f"no route to {where}")
    if (
        "banner" in text.lower()
        or "timed out" in text.lower()
        or "No existing session" in text
        or ("TCP connection to device failed" in text)
    ):
        return DeviceError(
            ErrorKind.TIMEOUT, f"no SSH answer from {where} within {timeouts.connect:g} s"
        )
    if isinstance(error, EOFError) or "Socket is closed" in text or "EOF" in text:
        return DeviceError(ErrorKind.DISCONNECTED, f"{where} closed the connection during login")
    return DeviceError(
        ErrorKind.TIMEOUT, f"cannot open a session to {where}: {type(error).__name__}"
    )


def _enable(conn, credential: CredentialSecret) -> None:
    if not credential.enable_secret:
        if conn.check_enable_mode():
            return
        raise DeviceError(
            ErrorKind.AUTH, "privileged mode needed and this credential has no enable secret"
        )
    try:
        conn.enable()
    except ValueError:
        raise DeviceError(
            ErrorKind.AUTH, "enable failed: the enable secret was not accepted"
        ) from None
    except OSError:
        raise DeviceError(
            ErrorKind.DISCONNECTED, "the device closed the session during enable"
        ) from None


def _run(conn, command: str, base_prompt: str, timeout: float) -> str:
    """Send ``command`` and read until the prompt comes back, the channel closes, or time is up.

    Only what follows the echo of ``command`` counts: Netmiko's login (``fast_cli``) can leave
    a prompt in flight, and on a link with some latency it arrives after the command was sent.
    Taken for the end of the output it would give an empty (or a prompt-prefixed) capture.
    """
    channel = conn.remote_conn
    prompt = re.compile(rf"(?:^|\n)[^\n]{{0,3}}{re.escape(base_prompt)}[^\n]{{0,40}}[>#$\]%]\s*$")
    conn.write_channel(command + conn.RETURN)
    head = ""  # what came before the end of the echo line (stale prompts, the echo itself)
    chunks: list[str] = []  # the output after the echo line
    received = 0
    deadline = time.monotonic() + timeout
    tail = ""
    while True:
        if channel.recv_ready():
            data = channel.recv(65536).decode("utf-8", errors="replace")
            received += len(data)
            if head is not None:
                head += data
                data = _after_echo(head, command)
                if data is None:
                    continue
                head = None
            chunks.append(data)
            tail = (tail + data)[-_TAIL:]
            if prompt.search(tail.replace("\r", "")):
                break
            continue
        if channel.closed or channel.eof_received:
            raise DeviceError(
                ErrorKind.DISCONNECTED,
                f"the device closed the session after {received} bytes of {command!r}",
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            kind = ErrorKind.PROMPT if received else ErrorKind.TIMEOUT
            what = "the prompt did not come back" if received else "no output"
            if received and head is not None:
                what = "the device did not echo the command"
            raise DeviceError(
                kind, f"{what} within {timeout:g} s of {command!r} ({received} bytes read)"
            )
        select.select([channel], [], [], min(remaining, 0.5))
    return _clean(conn, "".join(chunks))


def _after_echo(head: str, command: str) -> str | None:
    """The text after the line that echoes ``command``, or None while that line is incomplete."""
    at = head.find(command)
    if at < 0:
        return None
    end = head.find("\n", at + len(command))
    return None if end < 0 else head[end + 1 :]


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
    netmiko_log.removeFilter(conn._secrets_filter)


def _causes(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    stack = [error]
    while stack:
        current = stack.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        stack.extend([current.__cause__, current.__context__])
        stack.extend(
            getattr(current, "errors", {}).values()
            if isinstance(getattr(current, "errors", None), dict)
            else []
        )
    return seen
