"""`netraven-tui platform list`: the platform table as this installation sees it.

The built-in rows plus config.toml's ``[platforms.*]`` rows, each with where it came from, so
an operator can check which commands run and which masking rules apply before a backup does.
Reads the settings only: no database, no key.
"""

from __future__ import annotations

from pathlib import Path

from netraven_tui.cli.common import print_json, print_table


def cmd_list(args) -> int:
    from netraven_tui.config import load_settings
    from netraven_tui.platforms import BUILT_IN, registry

    table = registry(load_settings().platforms)
    specs = [table[name] for name in sorted(table)]
    if args.json:
        print_json(
            [
                {
                    "device_type": spec.device_type,
                    "label": spec.label,
                    "commands": list(spec.commands),
                    "enable": spec.needs_enable,
                    "end_marker": spec.end_marker,
                    "family": spec.family.value,
                    "origin": spec.origin,
                    "inherits": spec.inherits,
                }
                for spec in specs
            ]
        )
        return 0
    print_table(
        ("device type", "label", "commands", "enable", "end marker", "family", "source"),
        (
            (
                spec.device_type,
                spec.label,
                "; ".join(spec.commands),
                spec.needs_enable,
                spec.end_marker,
                spec.family,
                BUILT_IN
                if spec.origin == BUILT_IN
                else f"{Path(spec.origin).name} (inherits {spec.inherits})",
            )
            for spec in specs
        ),
    )
    return 0
