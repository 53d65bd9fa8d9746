"""The fleet plan: which devices the lab serves, on which ports, with which behaviour."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields

from netraven_tui.lab.configs import ALL_PLATFORMS
from netraven_tui.lab.configs.base import ROLES
from netraven_tui.lab.faults import (
    ENABLE_REJECTS,
    FORCED_PLATFORM,
    Fault,
    assign_faults,
    parse_faults,
)
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
DEFAULT_PREAMBLE_SECONDS = 3.0
DEFAULT_HUGE_BYTES = 5_000_000
LOOPBACK = "127.0.0.1"

_SHORT = {
    "cisco_ios": "ios",
    "cisco_xe": "xe",
    "cisco_nxos": "nxos",
    "arista_eos": "eos",
    "juniper_junos": "junos",
    "mikrotik_routeros": "ros",
    "huawei": "vrp",
    "cisco_xr": "xr",
    "cisco_asa": "asa",
    "paloalto_panos": "pan",
    "fortinet": "fgt",
    "hp_comware": "cmw",
    "hp_procurve": "aos",
}
# Platforms the lab simulates that the platform table does not list (yet).
_LABELS = {"hp_comware": "HPE Comware"}


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
    # Realistic behaviours (set from the fault kind, see faults.py):
    enable_reject: str = "bad-secrets"  # how a wrong enable secret is refused
    motd: str = ""  # printed after login, before the prompt
    paging: str = ""  # "" never pages, "default" until the paging command, "forced" always
    preamble_s: float = 0.0  # pause after "Building configuration..."
    config_bytes: int = 0  # 0: a normal config; else at least this many bytes
    vc_master: bool = False  # Junos "{master:0}" before every prompt

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
    enable_reject: str = "bad-secrets",
    preamble_seconds: float = DEFAULT_PREAMBLE_SECONDS,
    huge_bytes: int = DEFAULT_HUGE_BYTES,
    paging: bool = False,
) -> list[LabDevice]:
    """The devices of a fleet: platforms round-robin over ``platforms``, faults from the spec.

    ``platforms`` cycles (pass one entry per device to choose each device's platform). Port
    base 0 leaves ports at 0 for the server to pick; otherwise device ``i`` gets ``base + i``.
    ``enable_reject`` is how ``enable`` devices refuse the secret (see ``faults.py``);
    ``paging`` makes every device page its output until the client turns paging off.
    """
    if devices < 0:
        raise ValueError("devices must be >= 0")
    if port_base and not (0 < port_base and port_base + devices - 1 <= 65535):
        raise ValueError(f"port base {port_base} leaves no room for {devices} devices")
    chosen = tuple(platforms or DEFAULT_PLATFORMS)
    unknown = [p for p in chosen if p not in ALL_PLATFORMS]
    if unknown:
        raise ValueError(
            f"the lab does not simulate {', '.join(unknown)}; "
            f"choose from {', '.join(ALL_PLATFORMS)}"
        )
    if enable_reject not in ENABLE_REJECTS:
        raise ValueError(
            f"enable_reject {enable_reject!r}: expected one of {', '.join(ENABLE_REJECTS)}"
        )
    if preamble_seconds < 0 or huge_bytes < 0:
        raise ValueError("preamble seconds and huge bytes must be >= 0")
    counts = parse_faults(faults) if isinstance(faults, str | None) else faults
    assigned = assign_faults(counts, devices, seed)
    plan = []
    for i in range(devices):
        fault = assigned.get(i)
        default = chosen[i % len(chosen)]
        platform = FORCED_PLATFORM.get(fault, default) if fault else default
        hostname = f"{_SHORT[platform]}-{i + 1:04d}" + (f"-{fault.value}" if fault else "")
        role = random.Random(f"{seed}:{hostname}:role").choice(ROLES)
        tags = ("lab", platform, role) + ((f"fault-{fault.value}",) if fault else ())
        spec = BUILTIN_PLATFORMS.get(platform)
        label = spec.label if spec else _LABELS[platform]
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
                enable_reject=enable_reject if fault is Fault.ENABLE else "bad-secrets",
                motd=_motd(hostname) if fault is Fault.BANNER else "",
                paging="forced" if fault is Fault.PAGING else ("default" if paging else ""),
                preamble_s=preamble_seconds if fault is Fault.PREAMBLE else 0.0,
                config_bytes=huge_bytes if fault is Fault.HUGE else 0,
                vc_master=fault is Fault.MASTER,
            )
        )
    return plan


def _motd(hostname: str) -> str:
    """A message of the day built to look like prompts: ``#``, ``>`` and the hostname."""
    rule = "#" * 66
    return (
        f"\n{rule}\n"
        f"# {hostname}> is a NetRaven lab device. Unauthorised access\n"
        f"# to {hostname}# is prohibited and logged. #\n"
        f"# Example: {hostname}# show running-config\n"
        f"# Support ----> noc@example.net\n"
        f"{rule}\n"
    )
