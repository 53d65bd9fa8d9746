"""The pure parts of `netraven-tui serve`: answers filtered from input, the per-source limit,
public key lines, which commands run over SSH, the settings, the pty's modes."""

from __future__ import annotations

import os
import termios

import pytest

from netraven_tui.config import load_settings
from netraven_tui.domain import ConfigError, ValidationError
from netraven_tui.serve.exec_policy import exec_argv
from netraven_tui.serve.input_filter import AnswerFilter
from netraven_tui.serve.ratelimit import FailureLimiter
from netraven_tui.serve.terminal import RESET, open_pty
from netraven_tui.services.ssh_keys import parse_public_key

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEs9pDBb9ufp7ZYTZMTMcSAf3Om2uGZ8JUSwypdQLu5a me@host"
ED25519_FINGERPRINT = "SHA256:Qh5ALyy3+wtsICD6ZCcicZoiWh734jPWp8UcBdPw42A"


# ---------------------------------------------------------------- terminal answers


@pytest.mark.parametrize(
    "answer",
    [
        b"\x1b[?62;22c",  # DA1
        b"\x1b[>41;380;0c",  # DA2
        b"\x1b[?1004;1$y",  # a mode report nobody asked for
        b"\x1b[?15u",  # kitty flags
        b"\x1b[8;24;80t",  # window size
        b"\x1b]11;rgb:0000/0000/0000\x07",  # background colour (BEL)
        b"\x1b]10;rgb:ffff/ffff/ffff\x1b\\",  # foreground colour (ST)
        b"\x1bP>|xterm(388)\x1b\\",  # XTVERSION
    ],
)
def test_answers_the_console_never_asked_for_are_dropped(answer: bytes) -> None:
    keys = AnswerFilter()
    assert keys.feed(b"j" + answer + b"k") == b"jk"
    assert keys.dropped == 1


def test_the_answers_the_console_asks_for_and_every_key_go_through() -> None:
    keys = AnswerFilter()
    asked = b"\x1b[?2026;2$y\x1b[?2048;1$y"
    assert keys.feed(asked) == asked
    typed = b"?q\x1b\x1b[A\x1b[1;5R\x1b[3~\x1bOP\x1b[<0;10;5M\x1b[97;5u\x1b[200~paste\x1b[201~"
    assert keys.feed(typed) == typed
    assert keys.dropped == 0


def test_an_answer_cut_in_two_is_still_dropped_and_a_lone_prefix_is_released() -> None:
    keys = AnswerFilter()
    assert keys.feed(b"a\x1b[?62") == b"a"
    assert keys.holding
    assert keys.feed(b";22cb") == b"b"
    assert keys.feed(b"\x1b]") == b""  # alt+] or the start of an OSC answer
    assert keys.flush() == b"\x1b]"  # the session releases it 50 ms later


# ---------------------------------------------------------------- failed logins per source


def test_a_source_is_held_off_after_too_many_failures_then_let_back() -> None:
    now = [1000.0]
    limiter = FailureLimiter(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.retry_after("192.0.2.7") == 0
        limiter.record_failure("192.0.2.7")
    assert limiter.retry_after("192.0.2.7") == pytest.approx(60)
    assert limiter.retry_after("192.0.2.8") == 0  # another address is not affected
    now[0] += 61
    assert limiter.retry_after("192.0.2.7") == 0


# ---------------------------------------------------------------- public key lines


def test_a_public_key_line_gives_the_same_fingerprint_as_ssh_keygen() -> None:
    key = parse_public_key(ED25519 + "\n")
    assert (key.algorithm, key.comment, key.fingerprint) == (
        "ssh-ed25519",
        "me@host",
        ED25519_FINGERPRINT,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty"),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
            "this is a private key",
        ),
        ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "is not a key type this server accepts"),
        ("ssh-ed25519", "the base64 part is missing"),
        ("ssh-ed25519 ###", "not valid base64"),
        ("ssh-rsa " + ED25519.split()[1], "does not hold a ssh-rsa key"),
        (ED25519 + "\n" + ED25519, "add one key at a time"),
    ],
)
def test_what_is_not_a_public_key_line_is_said_in_one_line(text: str, expected: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_public_key(text)
    assert expected in str(error.value) and "\n" not in str(error.value)
    assert "b3BlbnNzaC1rZXktdjEAAAAA" not in str(error.value)  # a private key is never echoed


# ---------------------------------------------------------------- commands over SSH


def test_commands_over_ssh_are_the_cli_about_the_apps_own_data() -> None:
    assert exec_argv("job list --json") == ["job", "list", "--json"]
    assert exec_argv("netraven-tui config search 'ntp server' --tag core") == [
        "config",
        "search",
        "ntp server",
        "--tag",
        "core",
    ]
    assert exec_argv("help") == ["--help"]
    for refused in ("serve", "tui", "scheduler", "lab", "demo", "db upgrade", "bash", "locate"):
        with pytest.raises(ValidationError, match="is not available over SSH"):
            exec_argv(refused)


# ---------------------------------------------------------------- settings and the pty


def test_serve_settings_have_defaults_and_say_what_is_wrong(tmp_path) -> None:
    env = {"NETRAVEN_HOME": str(tmp_path)}
    settings = load_settings(env)
    assert (settings.serve_ssh, settings.serve_web) == ("127.0.0.1:2222", "")
    assert (settings.serve_max_sessions, settings.serve_idle_minutes) == (20, 60)
    assert load_settings({**env, "NETRAVEN_SERVE_WEB": "[::1]:8080"}).serve_web == "[::1]:8080"
    (tmp_path / "config.toml").write_text('serve_ssh = "jumphost"\n')
    with pytest.raises(ConfigError) as error:
        load_settings(env)
    assert str(error.value) == (
        f"{tmp_path / 'config.toml'}: key 'serve_ssh': expected HOST:PORT "
        "(e.g. 127.0.0.1:2222, [::1]:2222), got 'jumphost'"
    )
    with pytest.raises(ConfigError, match="NETRAVEN_SERVE_MAX_SESSIONS: 0 is out of range"):
        load_settings({"NETRAVEN_HOME": str(tmp_path / "x"), "NETRAVEN_SERVE_MAX_SESSIONS": "0"})


def test_the_consoles_pty_is_raw_before_anything_runs_on_it() -> None:
    master, slave = open_pty(132, 43)
    try:
        attrs = termios.tcgetattr(slave)
        assert not attrs[3] & (termios.ECHO | termios.ICANON | termios.ISIG)  # no echo, no lines
        assert attrs[1] & termios.ONLCR  # a message printed before the app still reads right
        assert os.get_terminal_size(slave) == os.terminal_size((132, 43))
    finally:
        os.close(master)
        os.close(slave)


def test_the_reset_after_a_console_turns_every_mode_it_may_leave_on_off() -> None:
    for mode in (b"1000", b"1002", b"1003", b"1006", b"1004", b"2004", b"1049"):
        assert b"\x1b[?" + mode + b"l" in RESET
    assert b"\x1b[?25h" in RESET and b"\x1b[<u" in RESET
