"""`t` on a device: is the SSH port open, and which credential logs in (and what prompt it sees)."""

from __future__ import annotations

from collections.abc import Iterator

from netraven_tui.backup.reachability import probe
from netraven_tui.backup.session import SessionTimeouts, _close, _connect, _enable
from netraven_tui.domain import ConnectionStep, DeviceError, DeviceTarget
from netraven_tui.services import Services


def connection_tester(services: Services):
    """A callable for the console: device id -> the steps of a connection test, as they happen."""

    def test(device_id: int) -> Iterator[ConnectionStep]:
        return test_connection(services, device_id)

    return test


def test_connection(services: Services, device_id: int) -> Iterator[ConnectionStep]:
    """TCP connect first, then each credential in the order a backup would try them."""
    device = services.devices.get(device_id)
    target = DeviceTarget(device.id, device.hostname, device.address, device.port, device.platform)
    settings = services.ctx.settings
    reach = probe(target, settings.reachability_timeout)
    where = f"{device.address}:{device.port}"
    if reach.error_kind is not None:
        yield ConnectionStep(f"TCP {where}", False, f"{reach.error_kind}: {reach.message}")
        return
    yield ConnectionStep(f"TCP {where}", True, f"open, {reach.latency_ms:.1f} ms")
    credentials = services.credentials.login_order(device.id)
    if not credentials:
        yield ConnectionStep("credentials", False, "no credential shares a tag with this device")
        return
    spec = services.ctx.platforms.get(device.platform)
    timeouts = SessionTimeouts(connect=settings.connect_timeout, command=settings.command_timeout)
    for credential in credentials:
        label = f"login {credential.name} ({credential.username})"
        try:
            conn = _connect(target, credential, timeouts)
        except DeviceError as error:
            yield ConnectionStep(label, False, f"{error.kind}: {error}")
            continue
        try:
            if spec is not None and spec.needs_enable:
                _enable(conn, credential)
            prompt = conn.find_prompt()
        except DeviceError as error:
            yield ConnectionStep(label, False, f"{error.kind}: {error}")
            continue
        except Exception as error:  # noqa: BLE001 - show what went wrong, keep the console alive
            yield ConnectionStep(label, False, f"{type(error).__name__}: {error}")
            continue
        finally:
            _close(conn)
        yield ConnectionStep(label, True, f"prompt {prompt}")
        return
