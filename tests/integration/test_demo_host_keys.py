"""The demo folder is reused between demos while its fleet restarts: the fleet's host key is
the same every start, and pins left by an older demo (random keys) are replaced by the
fleet's own, so the demo does not open on a wall of ``hostkey`` failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from netraven_tui.demo import DEMO_HOST_KEY_SEED, seed_demo
from netraven_tui.domain import HostKeySeen
from netraven_tui.lab import LabFleet
from netraven_tui.services import Services

pytestmark = pytest.mark.lab


def demo_fleet() -> LabFleet:
    return LabFleet(devices=3, seed=7, host_key=DEMO_HOST_KEY_SEED, platforms=["cisco_ios"])


def test_the_demo_fleet_keeps_its_key_and_stale_pins_are_replaced(
    services: Services, tmp_path: Path
) -> None:
    with demo_fleet() as fleet:
        first = fleet.host_key_fingerprint
        seed_demo(services, fleet, tmp_path)
        device = services.devices.list(tag="lab")[0]
        stale = HostKeySeen("ssh-ed25519", "SHA256:an-older-demos-random-key", "AAAA")
        services.hostkeys.trust(device.id, stale)
    with demo_fleet() as fleet:
        assert fleet.host_key_fingerprint == first  # a restart presents the same key
        seed_demo(services, fleet, tmp_path)
        pinned = services.hostkeys.get(device.id)
        assert pinned is not None and pinned.fingerprint == first
