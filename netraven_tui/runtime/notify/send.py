"""Sending one rendered message: through Apprise (every service it knows) or an exec hook.

An attempt either returns (sent) or raises :class:`DeliveryFailed` with one line that holds no
part of the channel's URL secrets. Both paths are bounded by ``timeout`` seconds: Apprise's
connect and read timeouts, and an exec hook's process group is killed when it runs over.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess

from netraven_tui.services.notify_targets import (
    EXEC,
    EXEC_PREFIX,
    Target,
    capture_apprise_log,
    redact,
)

# what an exec hook inherits from our environment: never NETRAVEN_SECRET_KEY or the like
PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
MAX_STDERR = 300


class DeliveryFailed(Exception):
    """One attempt did not get through; the message is safe to log and show."""


def send(target: Target, payload: dict, timeout: float) -> None:
    """Deliver ``payload`` (as stored in the outbox) to ``target`` within ``timeout`` seconds."""
    if target.kind == EXEC:
        _send_exec(target.value[len(EXEC_PREFIX) :], payload, timeout)
    else:
        _send_apprise(target.value, payload, timeout)


def _send_apprise(url: str, payload: dict, timeout: float) -> None:
    import apprise

    with capture_apprise_log(logging.WARNING) as lines:
        plugin = apprise.Apprise.instantiate(url)
        if plugin is None:
            raise DeliveryFailed("Apprise no longer accepts this channel's URL")
        plugin.socket_connect_timeout = timeout
        plugin.socket_read_timeout = timeout
        try:
            ok = plugin.notify(
                body=payload["body"],
                title=payload["title"],
                notify_type=apprise.NotifyType(payload.get("severity", "info")),
                body_format=apprise.NotifyFormat.TEXT,
            )
        except Exception as error:  # noqa: BLE001 - a plugin bug is one failed attempt
            ok = False
            lines.append(f"{type(error).__name__}: {error}")
    if not ok:
        reason = lines[-1] if lines else "the service did not accept the message"
        raise DeliveryFailed(redact(reason, url))


def _send_exec(path: str, payload: dict, timeout: float) -> None:
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    env.update(payload.get("env", {}))
    try:
        process = subprocess.Popen(
            [path],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            cwd="/",
            text=True,
            start_new_session=True,  # its own process group: a timeout kills its children too
        )
    except OSError as error:
        raise DeliveryFailed(f"exec hook {path} could not start: {error.strerror}") from None
    try:
        _, stderr = process.communicate(payload.get("stdin", ""), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise DeliveryFailed(f"exec hook {path} killed after {timeout:g} s") from None
    if process.returncode != 0:
        tail = (stderr or "").strip().splitlines()[-1:] or [""]
        detail = f": {tail[0][:MAX_STDERR]}" if tail[0] else ""
        raise DeliveryFailed(f"exec hook {path} exited with status {process.returncode}{detail}")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    try:
        process.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # a grandchild that escaped the group holds the pipes
        for stream in (process.stdin, process.stderr):
            if stream is not None:
                stream.close()
        process.wait(timeout=5)
