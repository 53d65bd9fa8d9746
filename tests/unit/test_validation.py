"""Field rules: hostnames, addresses, ports, platforms, names, cron expressions."""

from __future__ import annotations

import pytest

from netraven_tui.domain import ValidationError
from netraven_tui.platforms import BUILTIN_PLATFORMS
from netraven_tui.services import schedules, validation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.0.0.1", "10.0.0.1"),
        ("2001:DB8::0:1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("Core-1.Example.NET.", "core-1.example.net"),
        ("router_lab", None),
    ],
)
def test_address_accepts_ip_and_dns_names(raw: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValidationError):
            validation.address(raw)
    else:
        assert validation.address(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "300.1.1.1", "10.0.0", "bad host", "-lead.example.com", "a..b"]
)
def test_address_rejects_garbage(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validation.address(raw)
    assert caught.value.field == "address"


@pytest.mark.parametrize(
    ("raw", "ok"), [("1", True), ("65535", True), ("0", False), ("65536", False), ("ssh", False)]
)
def test_port_range(raw: str, ok: bool) -> None:
    if ok:
        assert validation.port(raw) == int(raw)
    else:
        with pytest.raises(ValidationError, match="port"):
            validation.port(raw)


def test_empty_port_means_ssh() -> None:
    assert validation.port("") == 22


def test_platform_must_be_supported() -> None:
    assert validation.platform("Cisco_IOS", BUILTIN_PLATFORMS) == "cisco_ios"
    with pytest.raises(ValidationError, match="'cisco_iox' is not a supported Netmiko device type"):
        validation.platform("cisco_iox", BUILTIN_PLATFORMS)


def test_platform_table_has_at_least_twelve_entries() -> None:
    assert len(BUILTIN_PLATFORMS) >= 12
    assert BUILTIN_PLATFORMS["juniper_junos"].commands == ("show configuration | display set",)


@pytest.mark.parametrize("raw", ["r1", "core-sw-01.dc1", "R1_lab"])
def test_hostname_ok(raw: str) -> None:
    assert validation.hostname(raw) == raw


@pytest.mark.parametrize("raw", ["", "has space", "-r1", "r1/2"])
def test_hostname_bad(raw: str) -> None:
    with pytest.raises(ValidationError, match="hostname"):
        validation.hostname(raw)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("61 * * * *", "cron: minute field 61 is out of range 0-59"),
        ("* 24 * * *", "cron: hour field 24 is out of range 0-23"),
        ("* * 32 * *", "cron: day-of-month field 32 is out of range 1-31"),
        ("* * * 13 *", "cron: month field 13 is out of range 1-12"),
        ("* * * *", "cron: expected 5 fields"),
        ("abc * * * *", "cron: minute field 'abc' is not understood"),
        ("*/0 * * * *", "cron: minute field '*/0' has a step of 0"),
    ],
)
def test_cron_errors_are_human_readable(expression: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        schedules.validate_cron(expression)
    assert str(caught.value).startswith(message)


def test_cron_weekdays_follow_crontab() -> None:
    assert schedules.validate_cron("0  2 * * 1-5") == "0 2 * * 1-5"
    trigger = schedules.cron_trigger("0 2 * * 0")
    assert "sun" in str(trigger)


def test_interval_minimum() -> None:
    assert schedules.validate_interval("60") == 60
    with pytest.raises(ValidationError, match="at least 60 seconds"):
        schedules.validate_interval(59)


def test_schedule_in_words() -> None:
    from netraven_tui.domain import ScheduleKind

    assert schedules.describe(ScheduleKind.INTERVAL, 900, None, None) == "every 15 min"
    assert schedules.describe(ScheduleKind.INTERVAL, 7200, None, None) == "every 2 h"
    assert schedules.describe(ScheduleKind.MANUAL, None, None, None) == "manual"
