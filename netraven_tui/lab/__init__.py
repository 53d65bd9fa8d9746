"""A simulated fleet of network devices served over real SSH on loopback.

Real Netmiko ``ConnectHandler`` talks to it like to real devices: prompts, paging commands,
``enable``, configs of 300-3,000 lines with secrets and noise, plus faults on demand.
Used by the demo (``netraven-tui lab``), the engine tests and the benchmarks.

Modules: ``configs`` (generated configs, secrets, noise, drift), ``dialects`` (prompts and
replies per platform), ``shell`` (one SSH session), ``pager`` (``--More--``), ``server`` (the
asyncssh listeners), ``keys`` (host keys, legacy key exchange), ``jump`` (the jump host),
``faults`` (fault kinds and the ``--faults`` grammar), ``plan`` (which devices),
``ssh_options`` (fleet-wide SSH settings), ``fleet`` (``LabFleet``, the server in a child
process), ``inventory`` (CSV), ``command`` (CLI).
Importing this package does not import asyncssh; ``LabFleet`` needs it only in the child.
"""

from __future__ import annotations

from netraven_tui.lab.configs import (
    ALL_PLATFORMS,
    NEW_PLATFORMS,
    SUPPORTED_PLATFORMS,
    expected_config,
    noise_patterns,
    planted_secrets,
    strip_noise,
)
from netraven_tui.lab.faults import Fault, parse_faults
from netraven_tui.lab.fleet import LabFleet, LabFleetError
from netraven_tui.lab.plan import LabDevice, build_plan
from netraven_tui.lab.ssh_options import LabJumpHost

__all__ = [
    "ALL_PLATFORMS",
    "NEW_PLATFORMS",
    "SUPPORTED_PLATFORMS",
    "Fault",
    "LabDevice",
    "LabFleet",
    "LabFleetError",
    "LabJumpHost",
    "build_plan",
    "expected_config",
    "noise_patterns",
    "parse_faults",
    "planted_secrets",
    "strip_noise",
]
