"""The inventory CSV format shared by `device import`, `device export` and the lab.

Columns: hostname,address,platform,port,tags,description,site,jump_host,jump_credential — tags
separated by ';', all but the first three optional (an empty site is no site). jump_host is the
device's own jump host (``[user@]host[:port]``, "" for none: its tags decide) and jump_credential
the credential that logs in to it; a file without the jump_host column leaves an updated
device's jump host as it is.
Files are read as a stream (one row at a time), so a 100,000-row import needs little memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from netraven_tui.domain import SYSTEM_TAG, Device, DeviceInput, ImportProblem, ValidationError

COLUMNS = (
    "hostname",
    "address",
    "platform",
    "port",
    "tags",
    "description",
    "site",
    "jump_host",
    "jump_credential",
)
REQUIRED = ("hostname", "address", "platform")

CsvItem = tuple[int, DeviceInput] | ImportProblem


def read_device_csv(handle: Iterable[str], source: str = "CSV") -> Iterator[CsvItem]:
    """Rows as (line number, DeviceInput), or ImportProblem for a malformed row; header = line 1.

    A file that cannot be used at all (empty, bad header, not UTF-8) raises ValidationError('file').
    """
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(
            "file", f"{source} is empty (expected a header: {','.join(COLUMNS)})"
        ) from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise ValidationError("file", f"{source}: line 1: {_reason(error)}") from None
    names = _check_header(header, source)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise ValidationError(
                "file", f"{source}: line {reader.line_num + 1}: not UTF-8 text"
            ) from None
        except csv.Error as error:
            # The reader has consumed the bad line: report it and go on with the next.
            yield ImportProblem(reader.line_num, _reason(error))
            continue
        item = _row(reader.line_num, names, values)
        if item is not None:
            yield item


def utf8_lines(handle: BinaryIO, path: Path) -> Iterator[str]:
    """The lines of a binary file as text; a line that is not UTF-8 is an error naming it."""
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError("file", f"{path}: line {number}: not UTF-8 text") from None
        yield line.removeprefix("\ufeff") if number == 1 else line


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
                device.site,
                device.jump_host,
                device.jump_credential,
            ]
        )
        count += 1
    return count


def _check_header(header: list[str], source: str) -> list[str]:
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
    return names


def _row(line: int, names: list[str], values: list[str]) -> CsvItem | None:
    if not any(value.strip() for value in values):
        return None
    if len(values) > len(names):
        return ImportProblem(line, f"{len(values)} fields, the header has {len(names)}")
    record = dict(zip(names, values, strict=False))
    # No jump_host column (an older file): None keeps an existing device's jump host.
    jump_host = record.get("jump_host", "").strip() if "jump_host" in names else None
    return (
        line,
        DeviceInput(
            hostname=record.get("hostname", ""),
            address=record.get("address", ""),
            platform=record.get("platform", ""),
            port=record.get("port", "") or 22,
            tags=tuple(t.strip() for t in record.get("tags", "").split(";") if t.strip()),
            description=record.get("description", ""),
            site=record.get("site", ""),
            jump_host=jump_host,
            jump_credential=record.get("jump_credential", "").strip(),
        ),
    )


def _reason(error: Exception) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a field is longer than {csv.field_size_limit()} characters"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return f"not valid CSV ({text})"
