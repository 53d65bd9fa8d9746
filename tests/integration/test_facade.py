"""What the console reads from ``Services`` instead of reaching into its context."""

from __future__ import annotations

from netraven_tui.platforms import BUILTIN_PLATFORMS
from netraven_tui.runtime.lease import Lease
from netraven_tui.services import Services
from tests.conftest import FrozenClock


def test_now_and_clock_are_the_application_clock(services: Services, clock: FrozenClock) -> None:
    assert services.now() == clock.now
    clock.advance(minutes=5)
    assert services.clock() == services.now() == clock.now


def test_platform_names_are_the_device_types_sorted(services: Services) -> None:
    names = services.platform_names()
    assert names == sorted(BUILTIN_PLATFORMS) and names[0] == "arista_eos"


def test_leader_is_who_holds_the_lease_and_none_once_released(
    services: Services, clock: FrozenClock
) -> None:
    assert services.leader() is None
    lease = Lease(services, seconds=30, host="jump-1", pid=4242)
    grant = lease.acquire()
    assert grant is not None

    leader = services.leader()
    assert leader is not None and leader.holder == lease.holder and leader.owner == "jump-1:4242"
    assert leader.heartbeat == clock.now and leader.expires == grant.expires
    assert leader.active(services.now())
    clock.advance(seconds=31)
    assert not services.leader().active(services.now())  # expired, still shown as the last one

    assert lease.release() and services.leader() is None
