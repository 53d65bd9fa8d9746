"""Driver exceptions become one readable line of the right kind; the pager and its erase codes.

The exceptions are built the way Netmiko and paramiko raise them (Netmiko wraps paramiko's
error in its own, with paragraphs of advice, and keeps the cause in ``__context__``): the
real classes, no mocks.
"""

from __future__ import annotations

import socket

import paramiko
import pytest
from netmiko.exceptions import (
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)
from paramiko.ssh_exception import IncompatiblePeer, NoValidConnectionsError

from netraven_tui.backup.errors import login_failure, session_failure
from netraven_tui.backup.hostkeys import seen_key
from netraven_tui.backup.reader import ANSI, PAGER, _drop_erase
from netraven_tui.domain import DeviceOutcome, DeviceTarget, ErrorKind, one_line

ADVICE = "\n\nCommon causes of this problem are:\n1. Incorrect hostname or IP address.\n2. Wrong TCP port.\n"
WHERE = "10.0.0.1:22"


def _wrapped(outer: BaseException, cause: BaseException) -> BaseException:
    """``outer`` raised while handling ``cause``, as Netmiko does."""
    try:
        try:
            raise cause
        except BaseException:
            raise outer  # noqa: B904 - Netmiko raises without "from"
    except BaseException as error:  # noqa: BLE001
        return error


def _kind(error: BaseException) -> tuple[ErrorKind, str]:
    found = login_failure(error, WHERE, "netops", 10)
    return found.kind, str(found)


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (
            _wrapped(
                NetmikoTimeoutException("TCP connection to device failed." + ADVICE),
                NoValidConnectionsError({("10.0.0.1", 22): ConnectionRefusedError(111, "refused")}),
            ),
            ErrorKind.UNREACHABLE,
            "refused",
        ),
        (
            _wrapped(
                NetmikoTimeoutException("A paramiko SSHException occurred" + ADVICE),
                IncompatiblePeer("Incompatible ssh peer (no acceptable kex algorithm)"),
            ),
            ErrorKind.PROTOCOL,
            "no acceptable kex algorithm",
        ),
        (
            NetmikoAuthenticationException("Authentication to device failed." + ADVICE),
            ErrorKind.AUTH,
            "'netops' rejected",
        ),
        (
            _wrapped(
                NetmikoTimeoutException("A paramiko SSHException occurred" + ADVICE),
                paramiko.SSHException("Error reading SSH protocol banner"),
            ),
            ErrorKind.TIMEOUT,
            "no SSH answer",
        ),
        (socket.gaierror(-2, "Name or service not known"), ErrorKind.UNREACHABLE, "resolve"),
        (EOFError(), ErrorKind.DISCONNECTED, "closed the connection"),
        (
            paramiko.SSHException("Channel closed with an odd reason\nand a second line"),
            ErrorKind.PROTOCOL,
            "odd reason",
        ),
    ],
)
def test_login_failures_are_one_line_of_the_right_kind(
    error: BaseException, kind: ErrorKind, words: str
) -> None:
    found_kind, message = _kind(error)
    assert found_kind is kind and words in message
    assert "\n" not in message and len(message) <= 200 and "Common causes" not in message


def test_a_changed_host_key_names_both_fingerprints() -> None:
    pinned = paramiko.RSAKey.generate(1024)
    presented = paramiko.RSAKey.generate(1024)
    error = _wrapped(
        NetmikoTimeoutException("A paramiko SSHException occurred" + ADVICE),
        paramiko.BadHostKeyException("10.0.0.1", presented, pinned),
    )
    found = login_failure(error, WHERE, "netops", 10, "netraven-tui device trust r1")
    assert found.kind is ErrorKind.HOSTKEY
    assert seen_key(pinned).fingerprint in str(found)
    assert seen_key(presented).fingerprint in str(found)
    assert str(found).endswith("netraven-tui device trust r1") and len(str(found)) <= 200


def test_a_read_timeout_while_talking_is_a_prompt_problem() -> None:
    error = ReadTimeout("\n\nPattern not detected: 'r1' in output.\n\nThings you might try...")
    found = session_failure(error, "enable", 60)
    assert found.kind is ErrorKind.PROMPT and str(found) == (
        "the prompt did not come back within 60 s of enable"
    )
    assert session_failure(OSError("Socket is closed"), "'show run'", 60).kind is (
        ErrorKind.DISCONNECTED
    )


def test_one_line_flattens_and_bounds_any_text() -> None:
    assert one_line("a\nb\r\n  c\t d") == "a b c d"
    long = one_line("x" * 500)
    assert len(long) == 200 and long.endswith("…")
    from datetime import UTC, datetime

    target = DeviceTarget(1, "r1", "10.0.0.1", 22, "cisco_ios")
    outcome = DeviceOutcome.failed(target, datetime.now(UTC), ErrorKind.INTERNAL, "boom\n" * 100)
    assert "\n" not in outcome.message and len(outcome.message) <= 200


@pytest.mark.parametrize(
    "marker",
    [
        " --More-- ",
        "--More--",
        "<--- More --->",
        "---(more)---",
        "---(more 23%)---",
        "  ---- More ----",
        "-- MORE --, next page: Space, next line: Enter, quit: Control-C",
        "lines 1-24 ",
        "Press any key to continue",
    ],
)
def test_pager_markers_are_recognised(marker: str) -> None:
    assert PAGER.match(ANSI.sub("", "\x1b[7m" + marker + "\x1b[m"))


@pytest.mark.parametrize(
    "line", ["end", " description --More-- links", "interface Gi0/1", "Router#", " more"]
)
def test_config_lines_are_not_pagers(line: str) -> None:
    assert not PAGER.match(line)


@pytest.mark.parametrize(
    ("data", "held", "rest"),
    [
        (
            "\b" * 10 + " " * 10 + "\b" * 10 + " ip address 10.0.0.1\n",
            None,
            " ip address 10.0.0.1\n",
        ),
        ("\r          \r interface Gi0/1\n", None, " interface Gi0/1\n"),
        ("\x1b[16D                \x1b[16D  undo shutdown\n", None, "  undo shutdown\n"),
        ("\x1b[2K\rhostname sw1\n", None, "hostname sw1\n"),
        ("\b\b\b   ", "\b\b\b   ", ""),  # all erase so far: held back for the next chunk
        ("router bgp 65000\n", None, "router bgp 65000\n"),
    ],
)
def test_the_erase_after_a_page_is_dropped_and_indentation_kept(
    data: str, held: str | None, rest: str
) -> None:
    assert _drop_erase(data) == (held, rest)
