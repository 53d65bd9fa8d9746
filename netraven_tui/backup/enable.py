"""Privileged mode, told what a rejected secret looks like, in as few round trips as it takes.

A real IOS answers a wrong enable secret with ``Password:`` again (three tries), then
``% Bad secrets`` (or ``% Access denied`` with AAA). Netmiko sends the secret once and then
waits for a prompt that never comes, until its read timeout (a minute), and reports a
``ReadTimeout``. Here a re-prompt or a rejection line after the secret is ``auth`` at once, so
the next credential is tried within a second or two.

For the drivers that use Netmiko's Cisco-style ``enable()`` unchanged (IOS, IOS-XE, Aruba OS,
Dell OS9, EdgeSwitch) the dialogue runs here: ``enable``, the secret, and the prompt that
answers it says whether it worked. That skips the two "press Enter and look at the prompt"
checks Netmiko makes before and after (the prompt seen at login already tells which mode the
session is in). Drivers with their own ``enable()`` (ASA, EOS, FastIron, Onyx) keep it, with
the rejection check put into its secret handler for this connection only.
"""

from __future__ import annotations

import inspect
import re
import types

from netraven_tui.backup.reader import PromptLine, read_until
from netraven_tui.domain import CredentialSecret, DeviceError, ErrorKind

# After the secret was sent: the device asks again, or says no.
REJECTED = re.compile(
    r"(?:ssword:?\s*$"
    r"|%\s*(?:Bad secrets?|Access denied|Error in authentication|Authentication failed)"
    r"|\bAccess denied\b|\bBad passwords?\b|\bincorrect password\b|\bauthentication failed\b)",
    re.IGNORECASE | re.MULTILINE,
)
REJECTED_MESSAGE = "enable secret rejected"


class _Rejected(Exception):
    """Raised inside Netmiko's enable() when the device refused the secret."""


def remember_prompt(conn) -> None:
    """Keep the last prompt Netmiko's ``find_prompt`` saw on ``conn`` (the login's, at first)."""
    find = conn.find_prompt

    def find_prompt(*args, **kwargs):
        prompt = find(*args, **kwargs)
        conn.netraven_prompt = prompt
        return prompt

    conn.find_prompt = find_prompt


def enter_enable(conn, credential: CredentialSecret, timeout: float) -> None:
    """Enter privileged mode with the credential's enable secret; DeviceError by kind."""
    from netraven_tui.backup.errors import session_failure

    try:
        privileged = _privileged_now(conn)
        if privileged is None:  # not known from the login: ask (one round trip)
            privileged = conn.check_enable_mode()
        if privileged:
            return
        if not credential.enable_secret:
            raise DeviceError(
                ErrorKind.AUTH, "privileged mode needed and this credential has no enable secret"
            )
        if _plain_cisco_enable(conn):
            _enable_dialogue(conn, timeout)
            return
        conn.enable_secret_handler = types.MethodType(_checked_secret_handler, conn)
        conn.enable()
    except DeviceError:
        raise
    except (_Rejected, ValueError):
        # ValueError: Netmiko's "Failed to enter enable mode" (still not privileged after it).
        raise DeviceError(ErrorKind.AUTH, REJECTED_MESSAGE) from None
    except Exception as error:  # noqa: BLE001 - classified into one line
        raise session_failure(error, "enable", timeout) from None


def _privileged_now(conn) -> bool | None:
    """From the prompt seen at login (None: not known, ask the device the slow way)."""
    prompt = getattr(conn, "netraven_prompt", "")
    check = _default(conn.check_enable_mode, "check_string")
    if not prompt or not isinstance(check, str) or not check:
        return None
    return check in prompt


def _plain_cisco_enable(conn) -> bool:
    from netmiko.base_connection import BaseConnection
    from netmiko.cisco_base_connection import CiscoBaseConnection

    ours = (BaseConnection.enable, CiscoBaseConnection.enable)
    checks = (BaseConnection.check_enable_mode, CiscoBaseConnection.check_enable_mode)
    return type(conn).enable in ours and type(conn).check_enable_mode in checks


def _enable_dialogue(conn, timeout: float) -> None:
    """``enable``, the secret if asked, and the answering prompt must be privileged.

    Plain string tests on what the device says (no per-device regex: compiling a pattern
    that holds the hostname cost 2 ms of CPU per session, a sixth of the whole session).
    """
    command = (_default(conn.enable, "cmd") or "enable").strip()
    asks = _default(conn.enable, "pattern") or "ssword"
    check = _default(conn.check_enable_mode, "check_string") or "#"
    prompt = PromptLine(conn.base_prompt)
    conn.write_channel(conn.normalize_cmd(command))

    def answered(text: str) -> bool:
        # After the echo only: a prompt from the login may still be in flight on a slow
        # link, and taken for the answer it would read as "enable did not work".
        after = _after_line_with(text, command)
        return after is not None and (asks in after.lower() or prompt.at_end(after))

    output = _after_line_with(read_until(conn, answered, timeout), command) or ""
    if asks in output.lower():
        conn.write_channel(conn.normalize_cmd(conn.secret))
        output = read_until(
            conn, lambda text: bool(REJECTED.search(text)) or prompt.at_end(text), timeout
        )
        if REJECTED.search(output):
            raise _Rejected
    lines = [line for line in output.replace("\r", "\n").split("\n") if line.strip()]
    if not lines or check not in lines[-1]:
        raise _Rejected
    conn.netraven_prompt = lines[-1].strip()


def _after_line_with(text: str, command: str) -> str | None:
    at = text.find(command)
    if at < 0:
        return None
    end = text.find("\n", at + len(command))
    return None if end < 0 else text[end + 1 :]


def _checked_secret_handler(self, pattern: str, output: str, re_flags: int = re.IGNORECASE) -> str:
    """Netmiko's ``enable_secret_handler``, which also stops at a re-prompt or a rejection."""
    if not re.search(pattern, output, flags=re_flags):
        return ""
    self.write_channel(self.normalize_cmd(self.secret))
    answer = self.read_until_prompt_or_pattern(pattern=REJECTED.pattern, re_flags=REJECTED.flags)
    if REJECTED.search(answer):
        raise _Rejected
    return answer


def _default(method, name: str):
    """The default of a driver method's parameter (the driver's own command or pattern)."""
    try:
        parameter = inspect.signature(method).parameters.get(name)
    except (TypeError, ValueError):
        return None
    if parameter is None or parameter.default is inspect.Parameter.empty:
        return None
    return parameter.default
