"""Secret masking and noise removal: golden files per rule family, and every lab platform's configs.

The golden files (tests/data/masking/<family>/<name>.in, .out, .secrets) are written by hand
from vendor documentation syntax; see tests/data/masking/README.md. Each case is checked both
ways: the output is the .out file exactly, and, independently of it, every value listed in
.secrets is gone while every other byte of the .in file is still there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netraven_tui.backup import masking
from netraven_tui.backup.masking import MASK, mask_secrets
from netraven_tui.backup.noise import strip_noise
from netraven_tui.backup.pipeline import clean_config
from netraven_tui.lab import configs as lab_configs
from netraven_tui.lab.configs import expected_config, planted_secrets
from netraven_tui.platforms import BUILTIN_PLATFORMS, RuleFamily

# Every platform the lab simulates (ALL_PLATFORMS once the lab has its newer dialects).
LAB_PLATFORMS = getattr(lab_configs, "ALL_PLATFORMS", lab_configs.SUPPORTED_PLATFORMS)
GOLDEN = Path(__file__).resolve().parent.parent / "data" / "masking"
CASES = sorted(GOLDEN.glob("*/*.in"))


def case_id(source: Path) -> str:
    return f"{source.parent.name}/{source.stem}"


def read_case(source: Path) -> tuple[RuleFamily, str, list[str]]:
    """The family (the folder's name), the input text and the secret values it holds."""
    secrets_file = source.with_suffix(".secrets")
    secrets = [line for line in secrets_file.read_text().split("\n") if line]
    return RuleFamily(source.parent.name), source.read_text(), secrets


def test_every_family_has_golden_files() -> None:
    assert {source.parent.name for source in CASES} == {family.value for family in RuleFamily}
    for source in CASES:
        assert source.with_suffix(".out").is_file(), f"{case_id(source)}: no .out file"
        assert source.with_suffix(".secrets").is_file(), f"{case_id(source)}: no .secrets file"


@pytest.mark.parametrize("source", CASES, ids=case_id)
def test_golden_secrets_file_lists_values_of_the_input(source: Path) -> None:
    # A value that is not in the input (a typo) would make "it is gone" pass for nothing.
    _, text, secrets = read_case(source)
    assert secrets, "a golden case without secrets tests nothing"
    assert len(set(secrets)) == len(secrets), "a value is listed twice"
    missing = [index for index, secret in enumerate(secrets, 1) if secret not in text]
    assert not missing, f"entries {missing} of the .secrets file are not in the .in file"
    nested = [(a, b) for a in secrets for b in secrets if a != b and a in b]
    assert not nested, "a listed value is part of another one: pick distinct values"


@pytest.mark.parametrize("source", CASES, ids=case_id)
def test_golden_output_is_the_out_file(source: Path) -> None:
    family, text, _ = read_case(source)
    expected = source.with_suffix(".out").read_text()
    masked = mask_secrets(family, text)
    assert masked.count("\n") == expected.count("\n")
    pairs = zip(masked.split("\n"), expected.split("\n"), strict=True)
    wrong = [number for number, (got, want) in enumerate(pairs, 1) if got != want]
    assert not wrong, f"lines {wrong} differ from the .out file"


@pytest.mark.parametrize("source", CASES, ids=case_id)
def test_golden_values_gone_and_everything_else_kept(source: Path) -> None:
    family, text, secrets = read_case(source)
    masked = mask_secrets(family, text)
    leaked = [index for index, secret in enumerate(secrets, 1) if secret in masked]
    assert not leaked, f"entries {leaked} of the .secrets file survive masking"
    before, after = text.split("\n"), masked.split("\n")
    assert len(before) == len(after)
    wrong = []
    for number, (line, got) in enumerate(zip(before, after, strict=True), 1):
        expected = line
        for secret in sorted((s for s in secrets if s in line), key=len, reverse=True):
            expected = expected.replace(secret, MASK)
        if got != expected:  # a secret kept, or something other than a value changed
            wrong.append(number)
    assert not wrong, f"lines {wrong}: not the input line with only its values replaced"


@pytest.mark.parametrize("source", CASES, ids=case_id)
def test_keyword_prefilter_changes_nothing(source: Path) -> None:
    # The prefilter only picks which lines to try; trying every pattern on every line must agree.
    family, text, _ = read_case(source)
    assert masking._mask(masking._masker(family), text, prefilter=False) == mask_secrets(
        family, text
    )


@pytest.mark.parametrize("platform", LAB_PLATFORMS)
def test_no_planted_lab_secret_survives(platform: str) -> None:
    spec = BUILTIN_PLATFORMS[platform]
    masker = masking._masker(spec.family)
    for index in range(25):
        hostname = f"dev-{index}"
        text = expected_config(platform, hostname, seed=index)
        stored = clean_config(spec, text, mask=True)
        assert MASK in stored
        leaked = [s for s in planted_secrets(platform, hostname, index) if s in stored]
        assert not leaked, f"{platform}: {len(leaked)} secrets survive masking"
        assert masking._mask(masker, text, prefilter=False) == mask_secrets(spec, text)


PEM = (
    "{indent}-----BEGIN {kind}PRIVATE KEY-----\n"
    "{indent}MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
    "{indent}q8Zr+/Lm2bT4x9yPz0A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q==\n"
    "{indent}-----END {kind}PRIVATE KEY-----\n"
)
CERTIFICATE = (
    "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq\n-----END CERTIFICATE-----\n"
)


@pytest.mark.parametrize("family", list(RuleFamily))
@pytest.mark.parametrize("kind", ["", "RSA ", "EC ", "ENCRYPTED ", "OPENSSH "])
def test_pem_private_key_bodies_are_masked_in_every_family(family: RuleFamily, kind: str) -> None:
    # However a key reaches the text (a command override, a vendor that prints key files),
    # its body lines go; the BEGIN/END lines and a certificate (public) stay.
    key = PEM.format(indent="  ", kind=kind)
    masked = mask_secrets(family, f"hostname r1\n{key}{CERTIFICATE}end\n")
    expected_key = PEM.format(indent="  ", kind=kind).split("\n")
    expected_key[1:3] = [f"  {MASK}", f"  {MASK}"]
    assert masked == "hostname r1\n" + "\n".join(expected_key) + CERTIFICATE + "end\n"


def test_an_unterminated_private_key_is_masked_to_the_end() -> None:
    text = (
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nq8Zr+/Lm2bT4x9yPz0A1b2C3\n"
    )
    assert mask_secrets(RuleFamily.IOS, text) == f"-----BEGIN PRIVATE KEY-----\n{MASK}\n{MASK}\n"


@pytest.mark.parametrize("family", list(RuleFamily))
def test_a_password_in_a_url_is_masked_in_every_family(family: RuleFamily) -> None:
    line = "  path scp://backup:Arch1vePassw0rd@10.0.0.50/configs/r1"
    assert mask_secrets(family, line) == f"  path scp://backup:{MASK}@10.0.0.50/configs/r1"
    # no password in the URL: nothing to mask
    assert (
        mask_secrets(family, "  path scp://backup@10.0.0.50/r1")
        == "  path scp://backup@10.0.0.50/r1"
    )


def test_masking_takes_a_spec_or_a_family_not_a_platform_name() -> None:
    line = "enable secret 5 $1$mERr$hx5rVt7rPN"
    assert mask_secrets(BUILTIN_PLATFORMS["cisco_ios"], line) == "enable secret 5 <removed>"
    assert mask_secrets(RuleFamily.IOS, line) == "enable secret 5 <removed>"
    with pytest.raises(TypeError, match="PlatformSpec or a RuleFamily"):
        mask_secrets("cisco_ios", line)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="PlatformSpec or a RuleFamily"):
        strip_noise("cisco_ios", line)  # type: ignore[arg-type]


@pytest.mark.parametrize("platform", LAB_PLATFORMS)
def test_noise_differs_between_reads_but_not_after_stripping(platform: str) -> None:
    import random

    from netraven_tui.lab.configs import build_config

    spec = BUILTIN_PLATFORMS[platform]
    template = build_config(platform, "r1", 3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    early = template.render(now=start, rng=random.Random(1))
    late = template.render(now=start + timedelta(days=3, hours=2), rng=random.Random(2))
    # PAN-OS and Comware running configs have no line that changes between reads
    assert (early != late) == bool(lab_configs.noise_patterns(platform))
    assert strip_noise(spec, early) == strip_noise(spec, late)


def test_strip_noise_normalises_line_endings_and_blank_edges() -> None:
    raw = "\r\nBuilding configuration...\r\n\r\nCurrent configuration : 1234 bytes\r\nhostname r1   \r\nend\r\n\r\n"
    assert strip_noise(BUILTIN_PLATFORMS["cisco_ios"], raw) == "hostname r1\nend\n"


@pytest.mark.parametrize(
    ("family", "noise", "kept"),
    [
        (
            RuleFamily.IOS,
            "! Last configuration change at 12:00:00 UTC Mon Jan 1 2024",
            "hostname r1",
        ),
        (RuleFamily.NXOS, "!Time: Mon Jan  1 12:00:00 2024", "hostname n1"),
        (RuleFamily.EOS, "! device: leaf1 (DCS-7280SR-48C6, EOS-4.30.2F)", "hostname leaf1"),
        (RuleFamily.XR, "Mon Jan  1 12:00:00.123 UTC", "hostname pe1"),
        (RuleFamily.XR, "!! Last configuration change at Mon Jan  1 12:00:00 2024 by admin", "!"),
        (RuleFamily.ASA, "Cryptochecksum:8a1b2c3d4e5f60718293a4b5c6d7e8f9", ": end"),
        (RuleFamily.ASA, ": Written by enable_15 at 12:00:00.123 UTC Mon Jan 1 2024", "names"),
        (
            RuleFamily.JUNOS,
            "## Last commit: 2024-01-01 12:00:00 UTC by admin",
            "set version 21.4R3",
        ),
        (RuleFamily.ROUTEROS, "# 2024-01-01 12:00:00 by RouterOS 7.14.2", "# model = RB5009"),
        (RuleFamily.HUAWEI, "!Last configuration was saved at 2024-01-01 12:00:00", "sysname HW1"),
        (RuleFamily.FORTINET, "#conf_file_ver=8123456789012345", "#buildno=1517"),
        (
            RuleFamily.PROCURVE,
            "; J9729A Configuration Editor; Created on release #WB.16.10.0009",
            "; Ver #14:01.45.fe.7f.ff.3f.ef:e4",
        ),
    ],
)
def test_each_family_drops_its_noise_lines_only(family: RuleFamily, noise: str, kept: str) -> None:
    assert strip_noise(family, f"{noise}\n{kept}\n{noise}\n") == f"{kept}\n"
