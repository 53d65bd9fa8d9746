"""How times, ages and states read in tables. Pure functions; the clock is always passed in."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from netraven_tui.domain import SYSTEM_TAG, Device


def age(then: datetime | None, now: datetime) -> str:
    """'never', 'now', '5 min', '3 h', '12 d' — how long ago ``then`` was."""
    if then is None:
        return "never"
    seconds = int((now - then).total_seconds())
    if seconds < 60:
        return "now"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return "now"  # pragma: no cover - unreachable


def timestamp(value: datetime | None) -> str:
    """A local date and time to the second, or '-'."""
    if value is None:
        return "-"
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def user_tags(tags: tuple[str, ...]) -> str:
    """Tags a person chose (the implied system tag left out), comma separated."""
    return ", ".join(tag for tag in tags if tag != SYSTEM_TAG) or "-"


def backup_state(device: Device, now: datetime) -> Text:
    """'2 h ok', '1 d failed' or 'never', coloured by outcome."""
    if device.last_backup_at is None:
        return Text("never", style="dim")
    status = device.last_backup_status or "?"
    ok = status == "success"
    return Text(
        f"{age(device.last_backup_at, now)} {'ok' if ok else status}",
        style="green" if ok else "bold red",
    )


def error_kind(device: Device) -> str | None:
    """The kind of the device's last backup failure ('auth', 'timeout'…), or None.

    The services store a failure as 'kind: message'; a kind is one short word."""
    if device.last_backup_status in (None, "success"):
        return None
    kind, sep, _ = (device.last_backup_error or "").partition(":")
    return kind if sep and kind.isidentifier() and len(kind) <= 16 else "failed"


def reachability(device: Device) -> Text:
    """'up 12 ms', 'down' or '-'."""
    if device.last_reach_ok is None:
        return Text("-", style="dim")
    if not device.last_reach_ok:
        return Text("down", style="bold red")
    latency = device.last_reach_latency_ms
    return Text(f"up {latency:.0f} ms" if latency is not None else "up", style="green")


def plural(count: int, noun: str) -> str:
    """'1 device', '3 devices'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
