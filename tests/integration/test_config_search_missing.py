"""`config search --missing` as a CI step: it must not pass by accident. A mistyped tag is an
error, and a device never backed up cannot be shown to have the line, so it counts as missing."""

from __future__ import annotations

import json

import pytest

from netraven_tui.backup.gitstore import GitStore
from netraven_tui.cli import main
from netraven_tui.domain import DeviceInput
from netraven_tui.services import Services
from tests.compliance.helpers import store_config


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def core(services: Services) -> Services:
    """r1 has the NTP line, r2 lacks it, r3 was never backed up; edge-1 is not in the tag."""
    services.tags.create("core")
    for number in (1, 2, 3):
        services.devices.create(
            DeviceInput(f"r{number}", f"10.0.0.{number}", "cisco_ios", tags=("core",))
        )
    services.devices.create(DeviceInput("edge-1", "10.0.1.1", "cisco_ios"))
    store = GitStore(services.ctx.settings.locations.repo)
    store_config(services, store, "r1", "hostname r1\nntp server 192.0.2.1\n")
    store_config(services, store, "r2", "hostname r2\n")
    store_config(services, store, "edge-1", "hostname edge-1\nntp server 192.0.2.1\n")
    store.close()
    return services


def test_an_unknown_tag_is_one_line_and_exit_1(core: Services, capsys) -> None:
    for extra in ((), ("--json",)):
        code, out, err = run(
            capsys, "config", "search", "^ntp", "--missing", "--tag", "nope", *extra
        )
        assert (code, out, err) == (1, "", "error: tag 'nope' not found\n")


def test_a_device_never_backed_up_is_missing_with_no_configuration(core: Services, capsys) -> None:
    code, out, err = run(capsys, "config", "search", "^ntp server", "--missing", "--tag", "core")
    assert code == 1
    assert out == "r2\nr3 (no configuration)\n"
    assert err == "1 of 2 configurations have no match; 1 device has no configuration\n"
    code, out, _ = run(
        capsys, "config", "search", "^ntp server", "--missing", "--tag", "core", "--json"
    )
    found = json.loads(out)
    assert code == 1
    assert (found["matched"], found["missing"], found["unconfigured"]) == (["r1"], ["r2"], ["r3"])
    assert found["searched"] == 2


def test_only_unconfigured_devices_still_fail_the_check(core: Services, capsys) -> None:
    # every configuration has a hostname line; r3 has none to show
    code, out, err = run(capsys, "config", "search", "^hostname", "--missing", "--tag", "core")
    assert (code, out) == (1, "r3 (no configuration)\n")
    assert err.startswith("0 of 2 configurations have no match; 1 device has")
    code, out, _ = run(capsys, "config", "search", "^hostname", "--missing", "--json")
    assert code == 1 and json.loads(out)["unconfigured"] == ["r3"]


def test_every_device_with_the_line_passes(core: Services, capsys) -> None:
    core.devices.delete(core.devices.get("r3").id)
    code, out, err = run(capsys, "config", "search", "^hostname", "--missing")
    assert (code, out, err) == (0, "", "0 of 3 configurations have no match\n")
    # without --missing the exit status says nothing about missing lines
    code, out, _ = run(capsys, "config", "search", "^ntp server", "--json")
    assert code == 0 and json.loads(out)["missing"] == ["r2"]
