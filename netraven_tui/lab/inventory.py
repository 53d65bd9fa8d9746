"""The inventory CSV the lab writes for ``netraven-tui`` to import."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from netraven_tui.lab.plan import LabDevice

HEADER = ("hostname", "address", "platform", "port", "tags", "description")


def write_inventory(devices: Iterable[LabDevice], path: str | Path) -> Path:
    """Write ``hostname,address,platform,port,tags,description`` rows (tags joined by ``;``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for device in devices:
            writer.writerow(
                (
                    device.hostname,
                    device.address,
                    device.platform,
                    device.port,
                    ";".join(device.tags),
                    device.description,
                )
            )
    return target
