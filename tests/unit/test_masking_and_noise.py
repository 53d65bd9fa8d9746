"""Secret masking and noise removal, on hand-written lines and on every lab platform's configs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netraven_tui.backup.masking import MASK, mask_secrets
from netraven_tui.backup.noise import strip_noise
from netraven_tui.backup.pipeline import clean_config
from netraven_tui.lab.configs import SUPPORTED_PLATFORMS, expected_config, planted_secrets


@pytest.mark.parametrize(
    ("platform", "line", "masked"),
    [
        ("cisco_ios", "enable secret 5 $1$mERr$hx5rVt7rPN", "enable secret 5 <removed>"),
        (
            "cisco_ios",
            "username admin privilege 15 password 7 0822455D0A16",
            "username admin privilege 15 password 7 <removed>",
        ),
        ("cisco_ios", "snmp-server community S3cr3tRO RO", "snmp-server community <removed> RO"),
        ("cisco_ios", " key 7 045802150C2E", " key 7 <removed>"),
        ("cisco_ios", " key 1", " key 1"),  # a key-chain id is not a secret
        (
            "arista_eos",
            "username admin role network-admin secret sha512 $6$xyz",
            "username admin role network-admin secret sha512 <removed>",
        ),
        (
            "juniper_junos",
            'set system root-authentication encrypted-password "$6$abc"',
            "set system root-authentication encrypted-password <removed>",
        ),
        (
            "juniper_junos",
            "set snmp community S3cr3t authorization read-only",
            "set snmp community <removed> authorization read-only",
        ),
        (
            "mikrotik_routeros",
            "add name=peer0 tcp-md5-key=md5-abc remote.as=65000",
            "add name=peer0 tcp-md5-key=<removed> remote.as=65000",
        ),
        (
            "huawei",
            " local-user admin password irreversible-cipher $1a$xyz$",
            " local-user admin password irreversible-cipher <removed>",
        ),
    ],
)
def test_values_are_replaced_and_lines_kept(platform: str, line: str, masked: str) -> None:
    assert mask_secrets(platform, line) == masked


def test_routeros_snmp_community_is_masked_inside_its_section() -> None:
    text = (
        "/snmp community\nset [ find default=yes ] name=Pr1vateRO\n/system identity\nset name=r1\n"
    )
    assert mask_secrets("mikrotik_routeros", text) == (
        "/snmp community\nset [ find default=yes ] name=<removed>\n/system identity\nset name=r1\n"
    )


@pytest.mark.parametrize("platform", SUPPORTED_PLATFORMS)
def test_no_planted_lab_secret_survives(platform: str) -> None:
    for index in range(25):
        hostname = f"dev-{index}"
        stored = clean_config(platform, expected_config(platform, hostname, seed=index), mask=True)
        assert MASK in stored
        leaked = [s for s in planted_secrets(platform, hostname, index) if s in stored]
        assert not leaked, f"{platform}: {len(leaked)} secrets survive masking"


@pytest.mark.parametrize("platform", SUPPORTED_PLATFORMS)
def test_noise_differs_between_reads_but_not_after_stripping(platform: str) -> None:
    import random

    from netraven_tui.lab.configs import build_config

    template = build_config(platform, "r1", 3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    early = template.render(now=start, rng=random.Random(1))
    late = template.render(now=start + timedelta(days=3, hours=2), rng=random.Random(2))
    assert early != late
    assert strip_noise(platform, early) == strip_noise(platform, late)


def test_strip_noise_normalises_line_endings_and_blank_edges() -> None:
    raw = "\r\nBuilding configuration...\r\n\r\nCurrent configuration : 1234 bytes\r\nhostname r1   \r\nend\r\n\r\n"
    assert strip_noise("cisco_ios", raw) == "hostname r1\nend\n"
