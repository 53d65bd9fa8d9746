"""The fleet plan: which devices the lab serves, on which ports, with which behaviour."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields

from netraven_tui.lab.configs import SUPPORTED_PLATFORMS
from netraven_tui.lab.configs.base import ROLES
from netraven_tui.lab.faults import Fault, assign_faults, parse_faults
from netraven_tui.platforms import BUILTIN_PLATFORMS

DEFAULT_PLATFORMS = (
    "cisco_ios",
    "cisco_nxos",
    "arista_eos",
    "juniper_junos",
    "mikrotik_routeros",
    "huawei",
)
DEFAULT_USERNAME = "netraven"
DEFAULT_PASSWORD = "lab-Passw0rd"
DEFAULT_ENABLE_SECRET = "lab-En4ble"
DEFAULT_BANNER = "Authorized access only. All activity is logged."
DEFAULT_SLOW_BPS = 16_384
LOOPBACK = "127.0.0.1"

_SHORT = {
    "cisco_ios": "ios",
    "cisco_xe": "xe",
    "cisco_nxos": "nxos",
    "arista_eos": "eos",
    "juniper_junos": "junos",
    "mikrotik_routeros": "ros",
    "huawei": "vrp",
}


@dataclass(frozen=True, slots=True)
class LabDevice:
    """One simulated device. ``port`` is 0 until the server has bound it (port base 0)."""

    hostname: str
    address: str
    port: int
    platform: str
    tags: tuple[str, ...]
    fault: Fault | None = None
    description: str = ""
    username: str = DEFAULT_USERNAME
    password: str = field(default=DEFAULT_PASSWORD, repr=False)
    enable_secret: str = field(default=DEFAULT_ENABLE_SECRET, repr=False)
    privileged_login: bool = False
    latency_ms: float = 0.0
    slow_bps: int = 0
    drift_rate: float = 0.0
    banner: str = ""

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["fault"] = self.fault.value if self.fault else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LabDevice:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["tags"] = tuple(values.get("tags") or ())  # type: ignore[arg-type]
        values["fault"] = Fault(values["fault"]) if values.get("fault") else None
        return cls(**values)  # type: ignore[arg-type]


def build_plan(
    devices: int,
    *,
    seed: int | str = 1,
    platforms: Sequence[str] | None = None,
    faults: str | dict[Fault, int] | None = None,
    port_base: int = 0,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    enable_secret: str = DEFAULT_ENABLE_SECRET,
    latency_ms: float = 0.0,
    slow_bps: int = DEFAULT_SLOW_BPS,
    drift_rate: float = 0.0,
    banner: str = DEFAULT_BANNER,
    address: str = LOOPBACK,
) -> list[LabDevice]:
    """The devices of a fleet: platforms round-robin over ``platforms``, faults from the spec.

    ``platforms`` cycles (pass one entry per device to choose each device's platform). Port
    base 0 leaves ports at 0 for the server to pick; otherwise device ``i`` gets ``base + i``.
    """
    if devices < 0:
        raise ValueError("devices must be >= 0")
    if port_base and not (0 < port_base and port_base + devices - 1 <= 65535):
        raise ValueError(f"port base {port_base} leaves no room for {devices} devices")
    chosen = tuple(platforms or DEFAULT_PLATFORMS)
    unknown = [p for p in chosen if p not in SUPPORTED_PLATFORMS]
    if unknown:
        raise ValueError(
            f"the lab does not simulate {', '.join(unknown)}; "
            f"choose from {', '.join(SUPPORTED_PLATFORMS)}"
        )
    counts = parse_faults(faults) if isinstance(faults, str | None) else faults
    assigned = assign_faults(counts, devices, seed)
    plan = []
    for i in range(devices):
        fault = assigned.get(i)
        platform = "cisco_ios" if fault is Fault.ENABLE else chosen[i % len(chosen)]
        hostname = f"{_SHORT[platform]}-{i + 1:04d}" + (f"-{fault.value}" if fault else "")
        role = random.Random(f"{seed}:{hostname}:role").choice(ROLES)
        tags = ("lab", platform, role) + ((f"fault-{fault.value}",) if fault else ())
        label = BUILTIN_PLATFORMS[platform].label
        plan.append(
            LabDevice(
                hostname=hostname,
                address=address,
                port=port_base + i if port_base else 0,
                platform=platform,
                tags=tags,
                fault=fault,
                description=f"lab {label} {role}" + (f" (fault: {fault.value})" if fault else ""),
                username=username,
                password=password + "-other" if fault is Fault.AUTH else password,
                enable_secret=enable_secret + "-other" if fault is Fault.ENABLE else enable_secret,
                privileged_login=fault is Fault.PRIV,
                latency_ms=latency_ms,
                slow_bps=slow_bps if fault is Fault.SLOW else 0,
                drift_rate=1.0 if fault is Fault.DRIFT else drift_rate,
                banner=banner,
            )
        )
    return plan
