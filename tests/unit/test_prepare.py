"""IOS terminal preparation in one round trip: which drivers get it, which prompt it takes."""

from __future__ import annotations

import pytest
from netmiko.ssh_dispatcher import CLASS_MAPPER

from netraven_tui.backup.prepare import _prompt_after_last, quick_preparation


def _bare(device_type: str):
    """A driver object without its __init__ (no connection): only its class matters here."""
    kind = CLASS_MAPPER[device_type]
    return kind.__new__(kind)


@pytest.mark.parametrize("device_type", ["cisco_ios", "cisco_xe"])
def test_ios_drivers_get_the_one_round_trip_preparation(device_type: str) -> None:
    assert quick_preparation(_bare(device_type))


@pytest.mark.parametrize(
    "device_type", ["cisco_nxos", "arista_eos", "juniper_junos", "huawei", "cisco_asa"]
)
def test_other_drivers_keep_netmikos_own(device_type: str) -> None:
    assert not quick_preparation(_bare(device_type))


def test_the_prompt_is_the_one_after_the_last_echo_not_the_banners() -> None:
    text = (
        "*** R9# authorised users only > R1> ***\r\n"
        "core-01>terminal width 511\r\n"
        "core-01>terminal length 0\r\n"
        "core-01>"
    )
    assert _prompt_after_last(text) == "core-01>"


def test_no_prompt_until_the_last_command_was_echoed_and_answered() -> None:
    assert _prompt_after_last("banner R1#\r\nR1>") == ""  # before any echo
    assert _prompt_after_last("R1>terminal width 511\r\nR1>") == ""  # the first one only
    assert _prompt_after_last("R1>terminal width 511\r\nR1>terminal length 0") == ""
    assert _prompt_after_last("R1>terminal length 0\r\nR") == ""  # the prompt half-way
    assert _prompt_after_last("R1>terminal length 0\r\nR1#") == "R1#"


def test_a_refused_command_still_ends_at_the_prompt() -> None:
    text = "R1>terminal length 0\r\nCommand authorization failed.\r\n\r\nR1> "
    assert _prompt_after_last(text) == "R1>"


def test_an_echo_of_typed_ahead_lines_before_the_answers() -> None:
    # A device that echoes both lines as they arrive, then answers each with a prompt.
    text = "R1>terminal width 511\r\nterminal length 0\r\nR1>"
    assert _prompt_after_last(text) == "R1>"
