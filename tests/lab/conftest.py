"""Lab fleets for the lab tests: real SSH servers on loopback, stopped after the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netraven_tui.lab import SUPPORTED_PLATFORMS, LabFleet

ALL_FAULTS = "auth:1,refused:1,hang:1,drop:1,slow:1,enable:1,drift:1,priv:1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes tens of seconds (runs in make test)")


@pytest.fixture(scope="session")
def fleet() -> Iterator[LabFleet]:
    """One healthy device of every simulated platform."""
    with LabFleet(devices=len(SUPPORTED_PLATFORMS), seed=7, platforms=SUPPORTED_PLATFORMS) as lab:
        yield lab


@pytest.fixture(scope="session")
def faulty_fleet() -> Iterator[LabFleet]:
    """One device of each fault kind, plus two healthy ones."""
    with LabFleet(devices=10, seed=11, faults=ALL_FAULTS, slow_bps=32_768) as lab:
        yield lab
