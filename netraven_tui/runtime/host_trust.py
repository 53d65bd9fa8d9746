"""Reading the host key a device presents now, for ``device trust`` and the connection check."""

from __future__ import annotations

from netraven_tui.backup.hostkeys import read_host_key
from netraven_tui.backup.jump import tunnel
from netraven_tui.domain import (
    DeviceError,
    DeviceTarget,
    ErrorKind,
    HostKey,
    HostKeySeen,
    ValidationError,
)
from netraven_tui.runtime.routes import Routes
from netraven_tui.services import Services


def presented_key(
    services: Services, device: DeviceTarget, routes: Routes | None = None, jump: bool = False
) -> HostKeySeen:
    """The key ``device`` (or, with ``jump``, its jump host) presents now: a key exchange, no
    login. Through the device's jump host when it has one. Raises DeviceError by kind."""
    routes = routes or Routes.load(services, [device.id])
    timeout = services.ctx.settings.connect_timeout
    route = routes.route(device)
    if isinstance(route, str):
        raise DeviceError(ErrorKind.UNREACHABLE, route)
    if jump:
        if route.jump is None:
            raise ValidationError("jump_host", f"device {device.hostname} has no jump host")
        return read_host_key(route.jump.route.host, route.jump.route.port, timeout)
    if route.jump is None:
        return read_host_key(device.address, device.port, timeout)
    with tunnel(route.jump, device.address, device.port, timeout) as opened:
        return read_host_key(device.address, device.port, timeout, sock=opened.channel)


def trust_device_key(
    services: Services, hostname: str, fingerprint: str | None = None, jump: bool = False
) -> tuple[HostKey | None, HostKey]:
    """Pin the key ``hostname`` (or its jump host) presents now: (the old pin, the new one).

    ``fingerprint``: what the user expects (``SHA256:...``); a different key is refused.
    """
    device = services.devices.get(hostname)
    target = DeviceTarget(device.id, device.hostname, device.address, device.port, device.platform)
    routes = Routes.load(services, [device.id])
    key = presented_key(services, target, routes, jump)
    if jump:
        endpoint = routes.jumps[device.id].endpoint
        old = services.hostkeys.jump_pins().get(endpoint)
        return old, services.hostkeys.trust_jump(endpoint, key, fingerprint)
    old = services.hostkeys.get(device.id)
    return old, services.hostkeys.trust(device.id, key, fingerprint)
