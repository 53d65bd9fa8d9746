"""Evaluation: netutils' config sanitizer as a second line of defence behind our masking.

Plain script (not pytest; needs ``pip install netutils``, which the project does not depend
on): ``.venv/bin/python tests/benchmarks/netutils_sanitizer_compare.py``. Runs
``netutils.config.clean.sanitize_config`` with the patterns netutils ships
(``netutils.constants._PROVIDED_SANITIZE_FILTERS``; ``sanitize_config`` itself has no default
and changes nothing without filters) over every golden ``.in`` file and 25 lab configurations
per lab platform, then prints per source:

- ``catches``: lines where netutils removes text that our masking leaves in place (a value we
  miss, or an over-mask of theirs: each is printed to be judged);
- ``over``: lines netutils changes that hold no listed secret (golden files) / no planted
  secret (lab);
- ``both``: lines both change.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from netraven_tui.backup.masking import MASK, mask_secrets  # noqa: E402
from netraven_tui.lab import configs as lab  # noqa: E402
from netraven_tui.platforms import BUILTIN_PLATFORMS, RuleFamily  # noqa: E402

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "masking"
LAB_PLATFORMS = getattr(lab, "ALL_PLATFORMS", lab.SUPPORTED_PLATFORMS)


def main() -> None:
    try:
        from netutils.config.clean import sanitize_config
        from netutils.constants import _PROVIDED_SANITIZE_FILTERS as FILTERS
    except ImportError:
        sys.exit("this evaluation needs netutils: .venv/bin/pip install netutils")
    sample = "enable secret 5 $1$x$y\nusername a privilege 15 password 0 clear"
    unchanged = sanitize_config(sample) == sample
    print(
        f"netutils filters shipped: {len(FILTERS)}; sanitize_config without filters: "
        f"{'changes nothing' if unchanged else 'changes text'}"
    )
    print(
        f"{'source':36} {'lines':>6} {'ours':>5} {'netutils':>8} {'both':>5} {'catches':>7} {'over':>5}"
    )
    findings: list[str] = []
    for source in sorted(GOLDEN.glob("*/*.in")):
        family = RuleFamily(source.parent.name)
        text = source.read_text()
        secrets = [s for s in source.with_suffix(".secrets").read_text().split("\n") if s]
        row, found = compare(
            f"golden {family.value}/{source.stem}",
            family,
            text,
            secrets,
            lambda t: sanitize_config(t, FILTERS),
        )
        print(row)
        findings += found
    for platform in LAB_PLATFORMS:
        family = BUILTIN_PLATFORMS[platform].family
        text = "\n".join(lab.expected_config(platform, f"dev-{i}", seed=i) for i in range(25))
        secrets = [s for i in range(25) for s in lab.planted_secrets(platform, f"dev-{i}", i)]
        row, found = compare(
            f"lab {platform}", family, text, secrets, lambda t: sanitize_config(t, FILTERS)
        )
        print(row)
        findings += found
    print("\nlines netutils changes that ours leaves (judge each):" if findings else "\nnone")
    for line in findings:
        print(line)


def compare(name, family, text, secrets, sanitize) -> tuple[str, list[str]]:
    ours = mask_secrets(family, text).split("\n")
    theirs = sanitize(text).split("\n")
    original = text.split("\n")
    if len(theirs) != len(original):  # a filter that removes whole lines: compare by content
        theirs = theirs + [""] * (len(original) - len(theirs))
    ours_changed = {i for i, (a, b) in enumerate(zip(original, ours, strict=True)) if a != b}
    theirs_changed = {i for i, (a, b) in enumerate(zip(original, theirs, strict=False)) if a != b}
    catches = [i for i in theirs_changed if _kept_by_us(original[i], ours[i], theirs[i])]
    over = [i for i in theirs_changed if not any(s in original[i] for s in secrets)]
    found = [
        f"  {name}: {original[i]!r} -> ours {ours[i]!r}, netutils {theirs[i]!r}" for i in catches
    ]
    row = (
        f"{name:36} {len(original):6} {len(ours_changed):5} {len(theirs_changed):8} "
        f"{len(ours_changed & theirs_changed):5} {len(catches):7} {len(over):5}"
    )
    return row, found


def _kept_by_us(original: str, ours: str, theirs: str) -> bool:
    """Whether netutils removed a word of ``original`` that our output still holds."""
    removed = set(original.split()) - set(theirs.split())
    return any(word in ours.split() and MASK not in word for word in removed)


if __name__ == "__main__":
    main()
