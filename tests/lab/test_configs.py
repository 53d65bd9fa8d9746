"""Generated configurations: deterministic, sized, with secrets, noise and small drift."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from netraven_tui.lab import (
    ALL_PLATFORMS,
    expected_config,
    noise_patterns,
    planted_secrets,
    strip_noise,
)
from netraven_tui.lab.configs import FIXED_TIME, build_config
from netraven_tui.platforms import BUILTIN_PLATFORMS

# Their real configs have no line that changes between reads (see the generators' docstrings).
NOISELESS = {"paloalto_panos", "hp_comware", "hp_procurve"}
END_MARKERS = {"hp_comware": r"^return$"}  # not in the platform table yet


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_same_seed_and_hostname_give_the_same_config(platform: str) -> None:
    assert expected_config(platform, "r1", 5) == expected_config(platform, "r1", 5)


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_another_hostname_or_seed_gives_another_config(platform: str) -> None:
    first = strip_noise(expected_config(platform, "r1", 5), platform)
    assert first != strip_noise(expected_config(platform, "r2", 5), platform)
    assert first != strip_noise(expected_config(platform, "r1", 6), platform)


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_configs_have_300_to_3000_lines_and_the_end_marker(platform: str) -> None:
    spec = BUILTIN_PLATFORMS.get(platform)
    end_marker = spec.end_marker if spec else END_MARKERS[platform]
    for n in range(40):
        text = expected_config(platform, f"sw{n}", 1)
        assert 300 <= len(text.splitlines()) <= 3000
        last = [line for line in text.splitlines() if line.strip()][-1]
        if end_marker:
            assert re.search(end_marker, last), last


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_every_planted_secret_is_in_the_config(platform: str) -> None:
    text = expected_config(platform, "edge-1", 3)
    secrets = planted_secrets(platform, "edge-1", 3)
    assert len(secrets) >= 5
    for secret in secrets:
        assert secret in text


@pytest.mark.parametrize(
    ("platform", "needles"),
    [
        ("cisco_ios", ("enable secret 5 $1$", "password 7 ", "snmp-server community ", " key 7 ")),
        ("cisco_nxos", ("password 5 $5$", 'tacacs-server key 7 "', "snmp-server community ")),
        ("arista_eos", ("secret sha512 $6$", "key 7 ", "snmp-server community ")),
        ("juniper_junos", ('encrypted-password "$6$', 'authentication-key "$9$', 'secret "$9$')),
        ("mikrotik_routeros", ("password=", "secret=", "wpa2-pre-shared-key=")),
        ("huawei", ("irreversible-cipher $1a$", "cipher %^%#", "shared-key cipher ")),
        (
            "cisco_xr",
            (" secret 10 $6$", " key 7 ", "key-string password 7 ", "password encrypted "),
        ),
        ("cisco_asa", ("enable password $sha512$5000$", " pbkdf2 privilege 15", " encrypted")),
        ("paloalto_panos", ("phash $5$", "secret -AQ==", "key -AQ==", "snmp-community-string ")),
        ("fortinet", ("set password ENC SH2", "set psksecret ENC ", "set secret ENC ")),
        ("hp_comware", ("password hash $h$6$", "key authentication cipher $c$3$")),
        ("hp_procurve", (' sha1 "', "radius-server host ", ' key "', 'snmp-server community "')),
    ],
)
def test_secrets_use_the_platform_syntax(platform: str, needles: tuple[str, ...]) -> None:
    text = expected_config(platform, "core-1", 1)
    for needle in needles:
        assert needle in text


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_noise_lines_change_on_every_render_and_nothing_else(platform: str) -> None:
    template = build_config(platform, "r9", 2)
    first = template.render(now=FIXED_TIME)
    second = template.render(now=FIXED_TIME + timedelta(seconds=61))
    if platform in NOISELESS:
        assert not noise_patterns(platform) and first == second
        assert strip_noise(first, platform) == first.strip("\n")
        return
    assert first != second
    assert strip_noise(first, platform) == strip_noise(second, platform)
    pattern = re.compile("|".join(noise_patterns(platform)))
    assert any(pattern.search(line) for line in first.splitlines())


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_drift_changes_one_small_line_per_generation(platform: str) -> None:
    base = strip_noise(expected_config(platform, "r3", 4), platform).splitlines()
    drifted = strip_noise(expected_config(platform, "r3", 4, generation=3), platform).splitlines()
    assert len(base) == len(drifted)
    changed = [i for i, (a, b) in enumerate(zip(base, drifted, strict=True)) if a != b]
    assert 1 <= len(changed) <= 3
    for secret in planted_secrets(platform, "r3", 4):
        assert secret in "\n".join(drifted)


def test_ios_config_looks_like_ios() -> None:
    text = expected_config("cisco_ios", "r1", 1)
    lines = text.splitlines()
    assert lines[0] == "Building configuration..."
    assert re.match(r"^Current configuration : \d+ bytes$", lines[2])
    assert "hostname r1" in lines
    assert lines[-1] == "end"
    for needle in ("interface GigabitEthernet1/0/1", "router ospf 1", "router bgp ", "vlan "):
        assert needle in text


def test_xr_asa_and_fortios_frames() -> None:
    xr = expected_config("cisco_xr", "pe1", 1).splitlines()
    assert re.match(r"^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3} UTC$", xr[0])
    assert xr[1] == "Building configuration..." and xr[-1] == "end"
    asa = expected_config("cisco_asa", "fw1", 1).splitlines()
    assert asa[0] == ": Saved" and asa[-1] == ": end" and asa[-2].startswith("Cryptochecksum:")
    fgt = expected_config("fortinet", "fgt1", 1).splitlines()
    assert fgt[0].startswith("#config-version=") and fgt[1].startswith("#conf_file_ver=")
    assert fgt.count("end") == sum(line.startswith("config ") for line in fgt)


def test_huge_config_has_the_asked_size_and_the_same_head() -> None:
    for platform in ("cisco_ios", "paloalto_panos", "huawei"):
        normal = expected_config(platform, "big", 1)
        huge = expected_config(platform, "big", 1, size=2_000_000)
        assert 2_000_000 <= len(huge) <= 2_100_000 + len(normal)
        head = normal.splitlines()[:30]
        assert strip_noise("\n".join(huge.splitlines()[:30]), platform) == strip_noise(
            "\n".join(head), platform
        )
        secrets = planted_secrets(platform, "big", 1, size=2_000_000)
        assert len(secrets) >= 5
        assert all(secret in huge for secret in secrets)
