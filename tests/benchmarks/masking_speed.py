"""Benchmark: secret masking and noise removal on a 3,000-line configuration per lab platform.

Plain script (not pytest): ``.venv/bin/python tests/benchmarks/masking_speed.py [--lines 3000]
[--rounds 30]``. The configuration is lab configurations of several devices glued together up
to ``--lines`` lines. Prints the median and best time of ``mask_secrets`` and ``strip_noise``,
and, as the baseline measured in the same run, masking with every pattern tried on every line
(what the keyword prefilter saves). Then the same for every rule family on its golden files
(tests/data/masking/<family>/*.in) repeated up to ``--lines`` lines: the families the lab does
not simulate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from netraven_tui.backup import masking  # noqa: E402
from netraven_tui.backup.noise import strip_noise  # noqa: E402
from netraven_tui.lab import configs as lab  # noqa: E402
from netraven_tui.lab.configs import expected_config  # noqa: E402
from netraven_tui.platforms import BUILTIN_PLATFORMS, RuleFamily  # noqa: E402

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "masking"
LAB_PLATFORMS = getattr(lab, "ALL_PLATFORMS", lab.SUPPORTED_PLATFORMS)


def config_of(platform: str, lines: int) -> str:
    parts: list[str] = []
    count = index = 0
    while count < lines:
        text = expected_config(platform, f"dev-{index}", seed=index)
        parts.append(text)
        count += text.count("\n") + 1
        index += 1
    return "\n".join("\n".join(parts).split("\n")[:lines])


def timed(action: Callable[[], object], rounds: int) -> tuple[float, float]:
    """(median, best) milliseconds of ``rounds`` calls."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    print(
        f"{'platform':18} {'mask ms (best)':>15} {'all lines ms':>13} {'ratio':>6} {'noise ms':>9}"
    )
    for platform in LAB_PLATFORMS:
        print(measure(platform, args.lines, args.rounds))
    print(f"\n{'golden family':18} {'mask ms (best)':>15} {'all lines ms':>13} {'ratio':>6}")
    for family in RuleFamily:
        print(measure_golden(family, args.lines, args.rounds))


def measure(platform: str, lines: int, rounds: int) -> str:
    spec = BUILTIN_PLATFORMS[platform]
    text = config_of(platform, lines)
    masker = masking._masker(spec.family)
    masking.mask_secrets(spec, text)  # compile the patterns outside the timing
    mask, best = timed(lambda: masking.mask_secrets(spec, text), rounds)
    brute, _ = timed(lambda: masking._mask(masker, text, prefilter=False), rounds)
    noise, _ = timed(lambda: strip_noise(spec, text), rounds)
    return f"{platform:18} {mask:7.2f} ({best:5.2f}) {brute:13.2f} {mask / brute:6.2f} {noise:9.2f}"


def measure_golden(family: RuleFamily, lines: int, rounds: int) -> str:
    sample = "\n".join(p.read_text() for p in sorted((GOLDEN / family.value).glob("*.in")))
    count = sample.count("\n") + 1
    text = "\n".join([sample] * (lines // count + 1)).split("\n")[:lines]
    text = "\n".join(text)
    masker = masking._masker(family)
    masking.mask_secrets(family, text)
    mask, best = timed(lambda: masking.mask_secrets(family, text), rounds)
    brute, _ = timed(lambda: masking._mask(masker, text, prefilter=False), rounds)
    return f"{family.value:18} {mask:7.2f} ({best:5.2f}) {brute:13.2f} {mask / brute:6.2f}"


if __name__ == "__main__":
    main()
