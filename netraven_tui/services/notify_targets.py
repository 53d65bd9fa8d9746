"""Notification targets: an Apprise URL (every service Apprise knows) or ``exec:/path/to/program``.

A target may hold tokens and passwords (``slack://T…/B…/x…``, ``mailto://user:pass@host``): it is
stored encrypted, and people only ever see :func:`mask_target` (scheme and host, the rest
replaced by ``…``). :func:`redact` scrubs the secret parts of a target out of an error message
before it is logged or stored.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from netraven_tui.domain import ValidationError

EXEC_PREFIX = "exec:"
APPRISE = "apprise"
EXEC = "exec"
MAX_TARGET_LENGTH = 2000
HIDDEN = "…"


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # APPRISE or EXEC
    value: str  # the whole target as typed (secret: never log or print it)
    masked: str

    def __repr__(self) -> str:
        return f"Target(kind={self.kind!r}, masked={self.masked!r})"


def parse_target(text: str) -> Target:
    """Check a target as typed and say what is wrong in one line (never echoing its secrets)."""
    value = (text or "").strip()
    if not value:
        raise ValidationError("target", "is required (an Apprise URL or exec:/path/to/program)")
    if len(value) > MAX_TARGET_LENGTH:
        raise ValidationError("target", f"is longer than {MAX_TARGET_LENGTH} characters")
    if value.startswith(EXEC_PREFIX):
        return Target(EXEC, _exec_path(value), mask_target(value))
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if not scheme:
        raise ValidationError(
            "target",
            "expected an Apprise URL (service://…, e.g. mailto://, slack://, json://) "
            "or exec:/path/to/program",
        )
    _check_apprise(value, scheme)
    return Target(APPRISE, value, mask_target(value))


def mask_target(value: str) -> str:
    """``scheme://[…@]host[:port][/…]``: the host only when it is a host name or address (a
    Slack or Telegram 'host' is a token), an exec hook's path as is (it holds no secret)."""
    if value.startswith(EXEC_PREFIX):
        return value
    try:
        parts = urlsplit(value)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return f"{value.split('://', 1)[0]}://{HIDDEN}"
    shown = host if _looks_like_host(host) else HIDDEN
    if port and shown != HIDDEN:
        shown = f"{shown}:{port}"
    user = f"{HIDDEN}@" if "@" in parts.netloc else ""
    rest = f"/{HIDDEN}" if (parts.path.strip("/") or parts.query) and shown != HIDDEN else ""
    return f"{parts.scheme}://{user}{shown}{rest}"


def redact(message: str, value: str) -> str:
    """``message`` without any secret-looking part of ``value`` (user info, path, query values)."""
    for part in sorted(_secret_parts(value), key=len, reverse=True):
        message = message.replace(part, HIDDEN)
    return message


# ---------------------------------------------------------------------------- helpers


def _exec_path(value: str) -> str:
    path = value[len(EXEC_PREFIX) :].strip()
    if not path.startswith("/"):
        raise ValidationError("target", f"exec hook {path!r}: expected an absolute path")
    program = Path(path)
    if not program.is_file():
        raise ValidationError("target", f"exec hook {path}: no such file")
    if not os.access(program, os.X_OK):
        raise ValidationError("target", f"exec hook {path}: not executable (chmod +x)")
    return f"{EXEC_PREFIX}{path}"


def _check_apprise(value: str, scheme: str) -> None:
    import apprise
    from apprise.manager_plugins import NotificationManager

    if scheme not in NotificationManager():
        raise ValidationError(
            "target",
            f"{scheme}:// is not a service Apprise knows "
            "(see the Apprise wiki for mailto://, slack://, msteams://, json://, ntfy:// …)",
        )
    with capture_apprise_log(logging.WARNING) as lines:
        plugin = apprise.Apprise.instantiate(value)
    if plugin is None:
        reasons = [line for line in lines if not line.startswith("Could not load")]
        why = redact(reasons[0], value) if reasons else "Apprise refused the URL"
        raise ValidationError("target", f"{mask_target(value)}: {why}")


@contextmanager
def capture_apprise_log(level: int = logging.WARNING) -> Iterator[list[str]]:
    """The messages Apprise logs from *this* thread meanwhile (deliveries run in parallel)."""
    lines: list[str] = []
    me = threading.get_ident()

    class _Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == me:
                lines.append(record.getMessage())

    handler = _Handler(level)
    logger = logging.getLogger("apprise")
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


def _looks_like_host(host: str) -> bool:
    if host == "localhost" or "." in host:
        try:
            ipaddress.ip_address(host)
            return True
        except ValueError:
            return all(label and len(label) <= 63 for label in host.split("."))
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _secret_parts(value: str) -> set[str]:
    if value.startswith(EXEC_PREFIX):
        return set()
    try:
        parts = urlsplit(value)
    except ValueError:
        return {value}
    found = {parts.username or "", parts.password or ""}
    raw_host = parts.netloc.rpartition("@")[2].split(":")[0]  # .hostname is lower-cased
    if not _looks_like_host(raw_host.lower()):
        found.add(raw_host)
    found.update(parts.path.split("/"))
    for pair in parts.query.split("&"):
        found.add(pair.partition("=")[2])
    found |= {unquote(part) for part in found}
    return {part for part in found if len(part) >= 4}
