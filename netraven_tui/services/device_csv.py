"""The inventory CSV format shared by `device import`, `device export` and the lab.

Columns: hostname,address,platform,port,tags,description — tags separated by ';', port optional.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from netraven_tui.domain import SYSTEM_TAG, Device, DeviceInput, ImportProblem, ValidationError

COLUMNS = ("hostname", "address", "platform", "port", "tags", "description")
REQUIRED = ("hostname", "address", "platform")


def read_device_csv(path: Path) -> tuple[list[tuple[int, DeviceInput]], list[ImportProblem]]:
    """Parse an inventory file; a file that cannot be used at all raises ValidationError('file')."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError("file", f"{path} does not exist") from None
    except UnicodeDecodeError:
        raise ValidationError("file", f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise ValidationError("file", f"{path} cannot be read: {error.strerror}") from None
    return parse_device_csv(text, str(path))


def parse_device_csv(
    text: str, source: str = "CSV"
) -> tuple[list[tuple[int, DeviceInput]], list[ImportProblem]]:
    """Rows as (line number, DeviceInput); the header is line 1. Malformed rows become problems."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(
            "file", f"{source} is empty (expected a header: {','.join(COLUMNS)})"
        ) from None
    names = [column.strip().lower() for column in header]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        raise ValidationError(
            "file",
            f"{source}: header lacks column {missing[0]!r} (expected: {','.join(COLUMNS)})",
        )
    unknown = [column for column in names if column and column not in COLUMNS]
    if unknown:
        raise ValidationError(
            "file",
            f"{source}: unknown column {unknown[0]!r} in the header (expected: {','.join(COLUMNS)})",
        )
    rows: list[tuple[int, DeviceInput]] = []
    problems: list[ImportProblem] = []
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(names):
            problems.append(
                ImportProblem(line, f"{len(values)} fields, the header has {len(names)}")
            )
            continue
        record = dict(zip(names, values, strict=False))
        rows.append(
            (
                line,
                DeviceInput(
                    hostname=record.get("hostname", ""),
                    address=record.get("address", ""),
                    platform=record.get("platform", ""),
                    port=record.get("port", "") or 22,
                    tags=tuple(t.strip() for t in record.get("tags", "").split(";") if t.strip()),
                    description=record.get("description", ""),
                ),
            )
        )
    return rows, problems


def write_device_csv(devices: Iterable[Device], handle: TextIO) -> int:
    """Write ``devices`` in the import format (the system tag is implied and left out)."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for device in devices:
        tags = ";".join(tag for tag in device.tags if tag != SYSTEM_TAG)
        writer.writerow(
            [
                device.hostname,
                device.address,
                device.platform,
                device.port,
                tags,
                device.description,
            ]
        )
        count += 1
    return count
