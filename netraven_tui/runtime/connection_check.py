"""`t` on a device: is the SSH port open, and which credential logs in (and what prompt it sees)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from netraven_tui.backup.reachability import probe
from netraven_tui.backup.session import SessionTimeouts, open_session
from netraven_tui.domain import Actor, ConnectionStep, DeviceError, DeviceTarget
from netraven_tui.services import Services

ConnectionChecker = Callable[[int], Iterator[ConnectionStep]]


def connection_checker(services: Services) -> ConnectionChecker:
    """A callable for the console: device id -> the steps of a connection check, as they happen."""

    def check(device_id: int) -> Iterator[ConnectionStep]:
        return check_connection(services, device_id)

    return check


def check_connection(services: Services, device_id: int) -> Iterator[ConnectionStep]:
    """TCP connect first, then each credential in the order a backup would try them.

    Operators and admins only (it logs in to the device); the credentials are read as the
    program itself and never leave this function."""
    services.ctx.require_edit("test connections")
    engine = services.as_actor(Actor.system("connection check"))
    device = services.devices.get(device_id)
    target = DeviceTarget(device.id, device.hostname, device.address, device.port, device.platform)
    settings = services.ctx.settings
    reach = probe(target, settings.reachability_timeout)
    where = f"{device.address}:{device.port}"
    if reach.error_kind is not None:
        yield ConnectionStep(f"TCP {where}", False, f"{reach.error_kind}: {reach.message}")
        return
    yield ConnectionStep(f"TCP {where}", True, f"open, {reach.latency_ms:.1f} ms")
    credentials = engine.credentials.login_order(device.id)
    if not credentials:
        yield ConnectionStep("credentials", False, "no credential shares a tag with this device")
        return
    spec = services.ctx.platforms.get(device.platform)
    if spec is None:  # what a backup of this device would say, too
        yield ConnectionStep("platform", False, f"platform {device.platform!r} is not configured")
        return
    timeouts = SessionTimeouts(connect=settings.connect_timeout, command=settings.command_timeout)
    for credential in credentials:
        label = f"login {credential.name} ({credential.username})"
        try:
            with open_session(target, spec, credential, timeouts) as session:
                prompt = session.prompt()
        except DeviceError as error:
            yield ConnectionStep(label, False, f"{error.kind}: {error}")
            continue
        except Exception as error:  # noqa: BLE001 - show what went wrong, keep the console alive
            yield ConnectionStep(label, False, f"{type(error).__name__}: {error}")
            continue
        yield ConnectionStep(label, True, f"prompt {prompt}")
        return
