"""What the noise lines of a rendered config are made of: the read time, uptime, size."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class NoiseContext:
    """Everything a noise line may show; fresh for every read."""

    now: datetime
    changed: datetime
    saved: datetime
    uptime: timedelta
    size: int
    rng: random.Random
    hostname: str


def cisco_time(t: datetime) -> str:
    """``10:21:33 UTC Tue Mar 5 2024`` as in IOS ``! Last configuration change at``."""
    return f"{t:%H:%M:%S} UTC {t:%a %b} {t.day} {t.year}"


def ctime(t: datetime) -> str:
    """``Tue Mar  5 10:21:33 2024`` as NX-OS prints it."""
    return f"{t:%a %b} {t.day:2d} {t:%H:%M:%S %Y}"


def uptime_text(d: timedelta) -> str:
    """``12 days, 3:04:05`` style uptime."""
    hours, rest = divmod(int(d.total_seconds()) % 86400, 3600)
    return f"{d.days} days, {hours}:{rest // 60:02d}:{rest % 60:02d}"


def xr_timestamp(t: datetime) -> str:
    """``Mon Dec  1 12:00:00.123 UTC``: the line IOS-XR prints before every show command."""
    return f"{t:%a %b} {t.day:2d} {t:%H:%M:%S}.{t.microsecond // 1000:03d} UTC"
