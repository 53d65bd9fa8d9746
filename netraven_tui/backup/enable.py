"""Privileged mode: Netmiko's ``enable()``, told what a rejected secret looks like.

A real IOS answers a wrong enable secret with ``Password:`` again (three tries), then
``% Bad secrets`` (or ``% Access denied`` with AAA). Netmiko sends the secret once and then
waits for a prompt that never comes, until its read timeout (a minute), and reports a
``ReadTimeout``. Here the driver's own ``enable()`` runs (each platform keeps its command and
patterns) with one change on this connection only: after sending the secret it also stops at
a password re-prompt or a rejection line, which is ``auth`` at once, so the next credential
is tried within a second or two.
"""

from __future__ import annotations

import re
import types

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


def enter_enable(conn, credential: CredentialSecret, timeout: float) -> None:
    """Enter privileged mode with the credential's enable secret; DeviceError by kind."""
    from netraven_tui.backup.errors import session_failure

    try:
        if not credential.enable_secret:
            if conn.check_enable_mode():
                return
            raise DeviceError(
                ErrorKind.AUTH, "privileged mode needed and this credential has no enable secret"
            )
        conn.enable_secret_handler = types.MethodType(_checked_secret_handler, conn)
        conn.enable()
    except DeviceError:
        raise
    except (_Rejected, ValueError):
        # ValueError: Netmiko's "Failed to enter enable mode" (still not privileged after it).
        raise DeviceError(ErrorKind.AUTH, REJECTED_MESSAGE) from None
    except Exception as error:  # noqa: BLE001 - classified into one line
        raise session_failure(error, "enable", timeout) from None


def _checked_secret_handler(self, pattern: str, output: str, re_flags: int = re.IGNORECASE) -> str:
    """Netmiko's ``enable_secret_handler``, which also stops at a re-prompt or a rejection."""
    if not re.search(pattern, output, flags=re_flags):
        return ""
    self.write_channel(self.normalize_cmd(self.secret))
    answer = self.read_until_prompt_or_pattern(pattern=REJECTED.pattern, re_flags=REJECTED.flags)
    if REJECTED.search(answer):
        raise _Rejected
    return answer
