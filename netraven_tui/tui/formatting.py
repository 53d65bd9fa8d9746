"""How times, ages and states read in tables. Pure functions; the clock is always passed in."""

from __future__ import annotations

from datetime import datetime

from netraven_tui.domain import SYSTEM_TAG, Device, DeviceListing

Listed = Device | DeviceListing  # the same field names: a table formats either


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
    # isoformat's text, cut before the offset: the same as strftime("%Y-%m-%d %H:%M:%S") in
    # 60 % of its time (the configs list formats one per device: 50,000)
    return value.astimezone().isoformat(" ", "seconds")[:19]


def user_tags(tags: tuple[str, ...]) -> str:
    """Tags a person chose (the implied system tag left out), comma separated."""
    return ", ".join(filter(SYSTEM_TAG.__ne__, tags)) or "-"


def backup_state(device: Listed, now: datetime) -> tuple[str, str]:
    """('2 h ok', style), ('1 d failed', style) or ('never', 'dim'): text and its colour.

    A (plain, style) pair rather than a rich Text: the devices table holds 50,000 of them.
    """
    if device.last_backup_at is None:
        return ("never", "dim")
    status = device.last_backup_status or "?"
    if status == "success":
        return (f"{age(device.last_backup_at, now)} ok", "green")
    return (f"{age(device.last_backup_at, now)} {status}", "bold red")


def backup_bucket(device: Listed) -> str:
    """'never', 'ok' or 'failed': the dashboard's count a device falls in (and its filter word)."""
    if device.last_backup_at is None:
        return "never"
    return "ok" if device.last_backup_status == "success" else "failed"


def reach_word(device: Listed) -> str:
    """'up', 'down' or 'unknown': the device's last reachability check, as a filter word."""
    if device.last_reach_ok is None:
        return "unknown"
    return "up" if device.last_reach_ok else "down"


def error_kind(device: Listed) -> str | None:
    """The kind of the device's last backup failure ('auth', 'timeout'…), or None.

    The services store a failure as 'kind: message'; a kind is one short word."""
    if device.last_backup_status in (None, "success"):
        return None
    kind, sep, _ = (device.last_backup_error or "").partition(":")
    return kind if sep and kind.isidentifier() and len(kind) <= 16 else "failed"


def reachability(device: Listed, short: bool = False) -> tuple[str, str]:
    """('up 12 ms', 'green'), ('down', 'bold red') or ('-', 'dim'); ``short`` (a table's
    column): '12 ms' for up, the colour says the rest."""
    if device.last_reach_ok is None:
        return ("-", "dim")
    if not device.last_reach_ok:
        return ("down", "bold red")
    latency = device.last_reach_latency_ms
    if latency is None:
        return ("up", "green")
    return (f"{latency:.0f} ms" if short else f"up {latency:.0f} ms", "green")


def plural(count: int, noun: str) -> str:
    """'1 device', '3 devices'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
