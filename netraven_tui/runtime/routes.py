"""How the engine reaches each device of a run: its host key check and its jump host.

Loaded once per run (a few queries whatever the number of devices) and read by every device
task; the connection check and ``device trust`` use the same for one device, so the three
never disagree about which key or which bastion applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from netraven_tui.backup.hostkeys import HostKeyCheck
from netraven_tui.backup.jump import JumpHost
from netraven_tui.backup.session import Route
from netraven_tui.domain import (
    CredentialSecret,
    DeviceTarget,
    HostKey,
    HostKeyPolicy,
    JumpRoute,
)
from netraven_tui.services import Services


def trust_command(hostname: str, jump: bool = False) -> str:
    """The command that accepts the key a device (or its jump host) presents now."""
    return f"netraven-tui device trust {hostname}" + (" --jump-host" if jump else "")


@dataclass
class Routes:
    policy: HostKeyPolicy
    pins: dict[int, HostKey] = field(default_factory=dict)
    jumps: dict[int, JumpRoute] = field(default_factory=dict)
    conflicts: dict[int, str] = field(default_factory=dict)
    jump_pins: dict[str, HostKey] = field(default_factory=dict)
    jump_credentials: dict[str, CredentialSecret] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        services: Services,
        device_ids: Sequence[int],
        policy: HostKeyPolicy | None = None,
    ) -> Routes:
        """Pins, jump hosts and their credentials for ``device_ids``; ``policy`` (default: this
        process's setting) is the run owner's when a collector loads it."""
        policy = services.hostkeys.policy if policy is None else policy
        checking = policy is not HostKeyPolicy.ACCEPT
        jumps, conflicts = services.jumps.routes(device_ids)
        names = {route.credential for route in jumps.values() if route.credential}
        return cls(
            policy=policy,
            pins=services.hostkeys.pins(device_ids) if checking else {},
            jumps=jumps,
            conflicts=conflicts,
            jump_pins=services.hostkeys.jump_pins() if checking and jumps else {},
            jump_credentials=services.credentials.secrets_by_name(names) if names else {},
        )

    @property
    def unchecked(self) -> bool:
        """Host keys are not checked at all (``host_key_policy = accept``)."""
        return self.policy is HostKeyPolicy.ACCEPT

    def route(self, device: DeviceTarget) -> Route | str:
        """The device's route, or a one-line reason why it has none (conflicting jump hosts)."""
        conflict = self.conflicts.get(device.id)
        if conflict is not None:
            return conflict
        check = None
        if not self.unchecked:
            pin = self.pins.get(device.id)
            check = HostKeyCheck(
                self.policy, pin.seen if pin else None, trust_command(device.hostname)
            )
        return Route(check, self.jump_host(device))

    def jump_host(self, device: DeviceTarget) -> JumpHost | None:
        route = self.jumps.get(device.id)
        if route is None:
            return None
        check = None
        if not self.unchecked:
            pin = self.jump_pins.get(route.endpoint)
            check = HostKeyCheck(
                self.policy, pin.seen if pin else None, trust_command(device.hostname, jump=True)
            )
        return JumpHost(route, self.jump_credentials.get(route.credential), check)
