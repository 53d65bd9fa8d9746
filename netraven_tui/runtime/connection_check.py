"""`t` on a device: is the SSH port open, which host key it presents (and is it the pinned one),
which credential logs in (and what prompt it sees). Every detail is one line."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from netraven_tui.backup.errors import host_key_changed
from netraven_tui.backup.reachability import probe
from netraven_tui.backup.session import Route, SessionTimeouts, open_session
from netraven_tui.domain import (
    Actor,
    ConnectionStep,
    DeviceError,
    DeviceTarget,
    HostKeyPolicy,
    one_line,
)
from netraven_tui.runtime.host_trust import presented_key
from netraven_tui.runtime.routes import Routes, trust_command
from netraven_tui.services import Services

ConnectionChecker = Callable[[int], Iterator[ConnectionStep]]


def connection_checker(services: Services) -> ConnectionChecker:
    """A callable for the console: device id -> the steps of a connection check, as they happen."""

    def check(device_id: int) -> Iterator[ConnectionStep]:
        return check_connection(services, device_id)

    return check


def check_connection(services: Services, device_id: int) -> Iterator[ConnectionStep]:
    """TCP connect first (or the jump host), the host key, then each credential in the order a
    backup would try them. A changed (or, with ``strict``, unknown) key stops before any login.

    Operators and admins only (it logs in to the device); the credentials are read as the
    program itself and never leave this function."""
    services.ctx.require_edit("test connections")
    engine = services.as_actor(Actor.system("connection check"))
    for step in _steps(engine, device_id):
        yield ConnectionStep(step.label, step.ok, one_line(step.detail), step.host_key, step.pinned)


def _steps(services: Services, device_id: int) -> Iterator[ConnectionStep]:
    device = services.devices.get(device_id)
    target = DeviceTarget(device.id, device.hostname, device.address, device.port, device.platform)
    settings = services.ctx.settings
    routes = Routes.load(services, [device.id])
    route = routes.route(target)
    where = f"{device.address}:{device.port}"
    if isinstance(route, str):
        yield ConnectionStep("jump host", False, route)
        return
    if route.jump is None:
        reach = probe(target, settings.reachability_timeout)
        if reach.error_kind is not None:
            yield ConnectionStep(f"TCP {where}", False, f"{reach.error_kind}: {reach.message}")
            return
        yield ConnectionStep(f"TCP {where}", True, f"open, {reach.latency_ms:.1f} ms")
    key_step = _host_key_step(services, target, routes, route)
    yield key_step
    if not key_step.ok:
        return
    credentials = services.credentials.login_order(device.id)
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
            with open_session(target, spec, credential, timeouts, route) as session:
                prompt = session.prompt()
        except DeviceError as error:
            yield ConnectionStep(label, False, f"{error.kind}: {error}")
            continue
        except Exception as error:  # noqa: BLE001 - show what went wrong, keep the console alive
            yield ConnectionStep(label, False, f"internal: {type(error).__name__}: {error}")
            continue
        yield ConnectionStep(label, True, f"prompt {prompt}")
        return


def _host_key_step(
    services: Services, device: DeviceTarget, routes: Routes, route: Route
) -> ConnectionStep:
    label = "host key" + (f" (via {route.jump.route})" if route.jump else "")
    try:
        key = presented_key(services, device, routes)
    except DeviceError as error:
        return ConnectionStep(label, False, f"{error.kind}: {error}")
    pin = routes.pins.get(device.id) if not routes.unchecked else services.hostkeys.get(device.id)
    if pin is not None and pin.fingerprint == key.fingerprint:
        since = pin.first_seen.astimezone().strftime("%Y-%m-%d %H:%M")
        by = f" by {pin.trusted_by}" if pin.trusted_by else ""
        return ConnectionStep(label, True, f"{key.describe()}, pinned since {since}{by}", key, True)
    if routes.unchecked:
        return ConnectionStep(
            label, True, f"{key.describe()}, not checked (host_key_policy = accept)", key
        )
    if pin is not None:
        changed = host_key_changed(pin.seen, key, trust_command(device.hostname))
        return ConnectionStep(label, False, f"{changed.kind}: {changed}", key)
    if routes.policy is HostKeyPolicy.STRICT:
        return ConnectionStep(
            label,
            False,
            f"hostkey: unknown {key.describe()} (host_key_policy = strict); "
            f"to accept it: {trust_command(device.hostname)}",
            key,
        )
    return ConnectionStep(
        label, True, f"{key.describe()}, not pinned yet: the next backup pins it", key
    )
