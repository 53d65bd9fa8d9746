"""Reachability: a TCP connect to the device's SSH port, with its latency."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

from netraven_tui.domain import DeviceOutcome, DeviceTarget, ErrorKind, ResultStatus


def probe(device: DeviceTarget, timeout: float) -> DeviceOutcome:
    """Open and close a TCP connection to ``device.address:device.port``."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    try:
        with socket.create_connection((device.address, device.port), timeout=timeout):
            latency = (time.perf_counter() - clock) * 1000
    except TimeoutError:
        return DeviceOutcome.failed(
            device,
            started,
            ErrorKind.TIMEOUT,
            f"no answer on port {device.port} within {timeout:g} s",
        )
    except ConnectionRefusedError:
        return DeviceOutcome.failed(
            device, started, ErrorKind.UNREACHABLE, f"connection to port {device.port} refused"
        )
    except socket.gaierror as error:
        return DeviceOutcome.failed(
            device,
            started,
            ErrorKind.UNREACHABLE,
            f"cannot resolve {device.address}: {error.strerror}",
        )
    except OSError as error:
        return DeviceOutcome.failed(
            device, started, ErrorKind.UNREACHABLE, error.strerror or str(error)
        )
    return DeviceOutcome(
        device=device,
        status=ResultStatus.SUCCESS,
        started_at=started,
        finished_at=datetime.now(UTC),
        attempts=1,
        latency_ms=round(latency, 2),
    )
