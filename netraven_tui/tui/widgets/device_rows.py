"""The devices table's columns and rows: a device's cells, what the filter matches, and the
row building for a worker (in slices that let the UI thread in)."""

from __future__ import annotations

import time
from datetime import datetime

from netraven_tui.domain import Device, DeviceListing
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.widgets.record_table import Column, Row

COLUMNS = (
    Column("Hostname", min_width=16),  # at 80x24 Site, then Tags, make room for 16
    Column("Address", 15),
    Column("Platform", 13),
    Column("Site", 8, optional=True),
    Column("Tags", min_width=8, optional=True),
    Column("Backup", 10),  # the last one: "2 h ok", "1 d failed", "never"
    Column("Error", 12),  # the last failure's kind: "auth", "timeout", "disconnected"
    Column("Reach", 7),  # "12 ms" (green: up), "down", "-" (never checked)
)
ROW_SLICE = 500  # rows built between two releases of the GIL


def endpoint(device: Device | DeviceListing) -> str:
    """The address, with the port when it is not SSH's 22 (NAT, console servers, the lab)."""
    if device.port == 22:
        return device.address
    host = f"[{device.address}]" if ":" in device.address else device.address
    return f"{host}:{device.port}"


def device_row(device: DeviceListing, now: datetime) -> Row:
    """A device as a table row; the filter matches hostname, address, platform, tags, notes,
    the backup state (`failed`, `success`, `never`), the error kind (`auth`, `timeout`…),
    ``site:<name>`` (``site:-``: the devices without a site), and the exact words the dashboard
    counts by: ``state:ok|failed|never`` and ``reach:up|down|unknown``."""
    tags = fmt.user_tags(device.tags)
    kind = fmt.error_kind(device)
    search = " ".join(
        (
            device.hostname,
            device.address,
            device.platform,
            tags,
            device.description,
            device.model,
            device.serial,
            f"site:{device.site or '-'}",
            f"state:{fmt.backup_bucket(device)}",  # the dashboard's drill-downs filter on these
            f"reach:{fmt.reach_word(device)}",
            device.last_backup_status or "never",
            kind or "",
        )
    ).lower()
    hostname = device.hostname if device.enabled else f"{device.hostname} (off)"
    state = fmt.backup_state(device, now)
    error = (kind, "bold red") if kind is not None else ("-", "dim")
    return Row(
        key=device.id,
        cells=(
            hostname,
            endpoint(device),
            device.platform,
            device.site or "-",
            tags,
            state,
            error,
            fmt.reachability(device, short=True),
        ),
        sort_key=device.hostname.lower(),
        search=search,
    )


def build_rows(devices: list[DeviceListing], now: datetime) -> list[Row]:
    """The rows of ``devices`` (worker thread), a slice at a time: between slices the thread
    lets go of the GIL, so a key pressed meanwhile is handled at once, not after 50,000 rows."""
    rows: list[Row] = []
    for start in range(0, len(devices), ROW_SLICE):
        rows.extend(device_row(device, now) for device in devices[start : start + ROW_SLICE])
        time.sleep(0)
    return rows


def release(items: list) -> None:
    """Empty a large list a slice at a time (worker thread): freeing 50,000 objects in one go
    holds the GIL for tens of milliseconds."""
    while items:
        del items[-ROW_SLICE * 4 :]
        time.sleep(0)
