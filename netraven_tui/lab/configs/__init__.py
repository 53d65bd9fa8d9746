"""Deterministic device configurations for the lab: text, planted secrets, noise and drift.

``build_config(platform, hostname, seed)`` always returns the same template for the same
arguments (``random.Random(f"{seed}:{hostname}")``). A template renders to text with fresh
noise lines (timestamps, byte counts, uptime) and may be drifted: drift generation ``g``
rewrites ``g`` small lines (an interface description or an ACL entry), the rest is unchanged.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from types import ModuleType

from netraven_tui.lab.configs import (
    asa,
    comware,
    eos,
    fortios,
    huawei,
    ios,
    junos,
    nxos,
    panos,
    procurve,
    routeros,
    xr,
)
from netraven_tui.lab.configs.base import NOISE_MARK, Builder, LineFactory
from netraven_tui.lab.configs.noise import NoiseContext

__all__ = [
    "ALL_PLATFORMS",
    "NEW_PLATFORMS",
    "SUPPORTED_PLATFORMS",
    "ConfigTemplate",
    "build_config",
    "expected_config",
    "noise_patterns",
    "planted_secrets",
    "strip_noise",
]

_CLASSIC: dict[str, ModuleType] = {
    "cisco_ios": ios,
    "cisco_xe": ios,
    "cisco_nxos": nxos,
    "arista_eos": eos,
    "juniper_junos": junos,
    "mikrotik_routeros": routeros,
    "huawei": huawei,
}
_NEW: dict[str, ModuleType] = {
    "cisco_xr": xr,
    "cisco_asa": asa,
    "paloalto_panos": panos,
    "fortinet": fortios,
    "hp_comware": comware,
    "hp_procurve": procurve,
}
_GENERATORS: dict[str, ModuleType] = {**_CLASSIC, **_NEW}
# The first seven platforms; the engine's masking and noise tests iterate over these.
SUPPORTED_PLATFORMS: tuple[str, ...] = tuple(_CLASSIC)
# The dialects added for real-world families (IOS-XR, ASA, PAN-OS, FortiOS, Comware, ProCurve).
NEW_PLATFORMS: tuple[str, ...] = tuple(_NEW)
ALL_PLATFORMS: tuple[str, ...] = tuple(_GENERATORS)

# The clock used by expected_config(): tests compare texts modulo noise, so any fixed time works.
FIXED_TIME = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ConfigTemplate:
    """One device's configuration before noise rendering and drift."""

    platform: str
    hostname: str
    seed: int | str
    lines: tuple[str, ...]
    secrets: tuple[str, ...]
    mutable: tuple[tuple[int, LineFactory], ...]

    def at(self, generation: int) -> list[str]:
        """The lines after ``generation`` drift steps (0: as built)."""
        lines = list(self.lines)
        for g in range(1, generation + 1):
            self.drift(lines, g)
        return lines

    def drift(self, lines: list[str], generation: int) -> None:
        """Apply drift step ``generation`` to ``lines`` in place: one small line changes."""
        if not self.mutable:
            return
        rng = random.Random(f"{self.seed}:{self.hostname}:drift:{generation}")
        index, factory = rng.choice(self.mutable)
        for _ in range(8):
            new = factory(rng)
            if new != lines[index]:
                lines[index] = new
                return

    def render(
        self,
        lines: list[str] | tuple[str, ...] | None = None,
        now: datetime | None = None,
        rng: random.Random | None = None,
    ) -> str:
        """The text a device prints: ``lines`` (default: as built) with noise lines filled in.

        ``now``/``rng`` default to the current time and a fresh random source, so every call
        gives different noise; pass both to get a reproducible text.
        """
        lines = self.lines if lines is None else lines
        now = now or datetime.now(UTC)
        rng = rng or random.Random()
        changed = now - timedelta(seconds=rng.randint(60, 30 * 86400))
        size = sum(len(line) + 1 for line in lines)
        ctx = NoiseContext(
            now=now,
            changed=changed,
            saved=changed - timedelta(seconds=rng.randint(0, 3600)),
            uptime=timedelta(seconds=rng.randint(3600, 400 * 86400)),
            size=size,
            rng=rng,
            hostname=self.hostname,
        )
        noise = _GENERATORS[self.platform].NOISE
        out = [
            noise[line[len(NOISE_MARK) :]](ctx) if line.startswith(NOISE_MARK) else line
            for line in lines
        ]
        return "\n".join(out)


@lru_cache(maxsize=256)
def build_config(platform: str, hostname: str, seed: int | str, size: int = 0) -> ConfigTemplate:
    """The template of ``hostname``'s configuration; same arguments, same template.

    ``size`` > 0 asks for a configuration of at least that many bytes (the ``huge`` fault):
    the generator's rule sections grow until the text is that big.
    """
    try:
        generator = _GENERATORS[platform]
    except KeyError:
        raise ValueError(f"the lab does not simulate platform {platform!r}") from None
    builder = (
        _build(generator, hostname, seed, 0)
        if size <= 0
        else _grown(generator, hostname, seed, size)
    )
    return ConfigTemplate(
        platform=platform,
        hostname=hostname,
        seed=seed,
        lines=tuple(builder.lines),
        secrets=tuple(dict.fromkeys(builder.secrets)),
        mutable=tuple(builder.mutable),
    )


def _build(generator: ModuleType, hostname: str, seed: int | str, huge_lines: int) -> Builder:
    builder = Builder(rng=random.Random(f"{seed}:{hostname}"), huge_lines=huge_lines)
    generator.build(hostname, builder)
    return builder


def _grown(generator: ModuleType, hostname: str, seed: int | str, size: int) -> Builder:
    """A config of at least ``size`` bytes (at most ~5 % more).

    The text grows roughly linearly with the generator's line target (its rule sections fill
    the lines left over), so a secant step from the last two builds lands close.
    """
    builder = _build(generator, hostname, seed, 0)
    last_lines, last_bytes = len(builder.lines), _bytes(builder)
    lines = int(last_lines * size / last_bytes) + 50
    for _ in range(6):  # usually 2 passes; the bound is a safety net
        builder = _build(generator, hostname, seed, lines)
        have = _bytes(builder)
        if size <= have <= size * 1.05:
            break
        slope = max((have - last_bytes) / max(lines - last_lines, 1), 1.0)
        last_lines, last_bytes = lines, have
        lines = max(lines + int((size * 1.02 - have) / slope), 1)
    return builder


def _bytes(builder: Builder) -> int:
    return sum(len(line) + 1 for line in builder.lines)


def expected_config(
    platform: str, hostname: str, seed: int | str, generation: int = 0, size: int = 0
) -> str:
    """The text the device prints at drift ``generation``, noise rendered at a fixed time.

    Compare with what a device returned through :func:`strip_noise` on both sides.
    """
    template = build_config(platform, hostname, seed, size)
    return template.render(template.at(generation), now=FIXED_TIME, rng=random.Random(0))


def planted_secrets(
    platform: str, hostname: str, seed: int | str, size: int = 0
) -> tuple[str, ...]:
    """Every secret value (hashes, type 7 strings, keys, communities) in the device's config."""
    return build_config(platform, hostname, seed, size).secrets


def noise_patterns(platform: str) -> tuple[str, ...]:
    """Regexes (one line each, ``re.M``-free) matching the lines that change on every read."""
    return _GENERATORS[platform].NOISE_PATTERNS


def strip_noise(text: str, platform: str) -> str:
    """``text`` without its noise lines and without trailing blank lines."""
    patterns = noise_patterns(platform)
    if patterns:
        pattern = re.compile("|".join(f"(?:{p})" for p in patterns))
        kept = [line for line in text.splitlines() if not pattern.search(line)]
    else:  # an empty alternation would match every line
        kept = text.splitlines()
    return "\n".join(kept).strip("\n")
