"""Driver exceptions to error kinds: the one place that reads Netmiko's and paramiko's errors.

Netmiko wraps most failures in ``NetmikoTimeoutException`` with several paragraphs of advice,
and keeps the real cause in ``__context__`` (paramiko's ``NoValidConnectionsError``,
``BadHostKeyException``, ``IncompatiblePeer``...). Each function here walks that chain and
answers a :class:`DeviceError` whose kind drives retries and whose message is one line naming
what happened and where, never the driver's advice or a traceback.

``internal`` is never answered here: whatever a device or the network does is one of the
device kinds; ``internal`` is left to our own bugs (the runner's guard).
"""

from __future__ import annotations

import re
import socket

from netraven_tui.domain import DeviceError, ErrorKind, HostKeySeen

_INCOMPATIBLE = re.compile(r"Incompatible ssh (?:peer|server)\s*\(([^)]*)\)", re.IGNORECASE)


def login_failure(
    error: BaseException, where: str, username: str, timeout: float, trust_hint: str = ""
) -> DeviceError:
    """What a failed SSH connection or login (``ConnectHandler``, a jump host) means.

    ``trust_hint``: the command that accepts a changed host key, for that message.
    """
    if isinstance(error, DeviceError):
        return error
    chain = causes(error)
    text = " ".join(str(e) for e in chain)
    lowered = text.lower()
    paramiko = _paramiko()
    for cause in chain:
        if isinstance(cause, DeviceError):
            return cause
        if paramiko and isinstance(cause, paramiko.BadHostKeyException):
            return host_key_changed(key_of(cause.expected_key), key_of(cause.key), trust_hint)
    if paramiko and any(isinstance(e, paramiko.BadAuthenticationType) for e in chain):
        allowed = next(e for e in chain if isinstance(e, paramiko.BadAuthenticationType))
        methods = ", ".join(getattr(allowed, "allowed_types", []) or []) or "none offered"
        return DeviceError(
            ErrorKind.AUTH, f"login as {username!r} refused: {where} allows only {methods}"
        )
    if paramiko and any(isinstance(e, paramiko.AuthenticationException) for e in chain):
        return DeviceError(ErrorKind.AUTH, f"login as {username!r} rejected by {where}")
    incompatible = _INCOMPATIBLE.search(text)
    if incompatible or (paramiko and any(isinstance(e, paramiko.IncompatiblePeer) for e in chain)):
        detail = incompatible.group(1) if incompatible else "no algorithm in common"
        return DeviceError(
            ErrorKind.PROTOCOL,
            f"{where} speaks no SSH algorithm this client accepts ({detail}); "
            "update the device's SSH settings (key exchange, host key, ciphers)",
        )
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in lowered:
        return DeviceError(ErrorKind.UNREACHABLE, f"connection to {where} refused")
    if any(isinstance(e, socket.gaierror) for e in chain) or "dns failure" in lowered:
        return DeviceError(ErrorKind.UNREACHABLE, f"cannot resolve the address of {where}")
    if any(isinstance(e, OSError) and e.errno in (101, 113) for e in chain):
        return DeviceError(ErrorKind.UNREACHABLE, f"no route to {where}")
    if (
        "banner" in lowered
        or "timed out" in lowered
        or "timeout" in lowered
        or "no existing session" in lowered
        or "tcp connection to device failed" in lowered
        or any(isinstance(e, TimeoutError | socket.timeout) for e in chain)
    ):
        return DeviceError(ErrorKind.TIMEOUT, f"no SSH answer from {where} within {timeout:g} s")
    if (
        any(isinstance(e, EOFError | ConnectionResetError | BrokenPipeError) for e in chain)
        or "socket is closed" in lowered
        or "eof" in lowered
        or "session not active" in lowered
    ):
        return DeviceError(ErrorKind.DISCONNECTED, f"{where} closed the connection during login")
    if _is_prompt_trouble(chain):
        return DeviceError(
            ErrorKind.PROMPT, f"no prompt recognised from {where} after the login ({first(error)})"
        )
    if paramiko and any(isinstance(e, paramiko.SSHException) for e in chain):
        return DeviceError(ErrorKind.PROTOCOL, f"SSH with {where} failed: {first(error)}")
    return DeviceError(
        ErrorKind.DISCONNECTED,
        f"the session to {where} failed during login: {type(error).__name__}: {first(error)}",
    )


def session_failure(error: BaseException, what: str, timeout: float) -> DeviceError:
    """What a failure while talking to a logged-in device (``what``: "enable", a command) means."""
    if isinstance(error, DeviceError):
        return error
    chain = causes(error)
    if any(isinstance(e, OSError | EOFError) for e in chain) or "socket is closed" in " ".join(
        str(e) for e in chain
    ):
        return DeviceError(ErrorKind.DISCONNECTED, f"the device closed the session during {what}")
    if _is_prompt_trouble(chain):
        return DeviceError(
            ErrorKind.PROMPT, f"the prompt did not come back within {timeout:g} s of {what}"
        )
    return DeviceError(ErrorKind.PROMPT, f"{what} failed: {type(error).__name__}: {first(error)}")


def host_key_changed(
    pinned: HostKeySeen, presented: HostKeySeen, trust_hint: str = ""
) -> DeviceError:
    """The one line of a changed host key: both fingerprints, and how to accept the new one."""
    if pinned.algorithm == presented.algorithm:
        keys = f"pinned {pinned.fingerprint}, now {presented.fingerprint} ({pinned.algorithm})"
    else:
        keys = f"pinned {pinned.describe()}, now {presented.describe()}"
    text = f"host key changed: {keys}"
    hint = f"; to accept it: {trust_hint}" if trust_hint else ""
    return DeviceError(ErrorKind.HOSTKEY, text + hint if len(text + hint) <= 200 else text)


def key_of(key) -> HostKeySeen:
    """A paramiko PKey as plain data (algorithm, SHA256 fingerprint, base64 blob)."""
    from netraven_tui.backup.hostkeys import seen_key

    return seen_key(key)


def first(error: BaseException) -> str:
    """The first non-empty line of the error's text, without Netmiko's advice below it."""
    for line in str(error).splitlines():
        line = line.strip()
        if line:
            return line[:120]
    return type(error).__name__


def causes(error: BaseException) -> list[BaseException]:
    """``error`` with its causes and contexts (and NoValidConnectionsError's per-address errors)."""
    seen: list[BaseException] = []
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        stack.extend([current.__cause__, current.__context__])
        errors = getattr(current, "errors", None)
        if isinstance(errors, dict):
            stack.extend(e for e in errors.values() if isinstance(e, BaseException))
    return seen


def _is_prompt_trouble(chain: list[BaseException]) -> bool:
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain).lower()
    return (
        bool(names & {"ReadTimeout", "ReadException"})
        or "prompt" in text
        or ("pattern not detected" in text)
    )


def _paramiko():
    try:
        import paramiko
    except ImportError:  # pragma: no cover - paramiko comes with netmiko
        return None
    return paramiko
