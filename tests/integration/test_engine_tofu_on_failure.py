"""Trust on first use pins the first host key SEEN, not the first good backup's: a device whose
first contact fails after the key exchange (password or enable secret rejected) is pinned, so a
later changed key is reported as `hostkey`, not as `auth` again. Two lab processes with two host
keys answer the same address and port in turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from netraven_tui.domain import CredentialInput, ErrorKind, ResultStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.factory import make_runner
from tests.integration.test_engine import engine_services
from tests.integration.test_engine_hostkeys import _free_ports

pytestmark = pytest.mark.lab


def _fleet(port: int, seed: str) -> LabFleet:
    # cisco_ios logs in unprivileged: the backup needs enable after the login.
    return LabFleet(devices=2, seed=5, port_base=port, host_key=seed, platforms=["cisco_ios"])


@pytest.mark.parametrize("wrong", ["password", "enable secret"])
def test_a_first_failed_login_still_pins_the_host_key(
    wrong: str, settings, clock, env, tmp_path: Path
) -> None:
    port = _free_ports(2)
    with _fleet(port, "first-seen-a") as fleet_a:
        services = engine_services(settings, clock, env, fleet_a, tmp_path)
        services.credentials.create(
            CredentialInput(
                "lab",
                fleet_a.username,
                "Not-The-Password-1" if wrong == "password" else fleet_a.password,
                "Not-The-Secret-1" if wrong == "enable secret" else fleet_a.enable_secret,
                10,
                ("lab",),
            )
        )
        assert services.hostkeys.pins() == {}  # nothing pinned before the first run ...
        runner = make_runner(services)
        first = runner.run("backup-lab")
        results = services.runs.results(first.id)
        assert {r.status for r in results} == {ResultStatus.FAILED}
        assert {r.error_kind for r in results} == {ErrorKind.AUTH}
    pins = services.hostkeys.pins()
    pinned_a = fleet_a.host_key_fingerprint
    hostnames = {d.hostname for d in fleet_a.devices}
    # ... and after it, each device's key though no backup succeeded.
    assert {services.devices.get(h).id for h in hostnames} == set(pins)
    assert {pin.fingerprint for pin in pins.values()} == {pinned_a}

    with _fleet(port, "first-seen-b") as fleet_b:
        assert fleet_b.host_key_fingerprint != pinned_a
        second = runner.run("backup-lab")
        results = services.runs.results(second.id)
        assert {(r.error_kind, r.attempts) for r in results} == {(ErrorKind.HOSTKEY, 1)}
        assert all(fleet_b.host_key_fingerprint in r.message for r in results)
    assert {pin.fingerprint for pin in services.hostkeys.pins().values()} == {pinned_a}
