"""SSH host keys (issue 12 point 1): pinned on first use, a change refused before the password
is sent, `device trust` to accept a new key, the strict and accept policies. Two lab processes
with two host keys answer the same address and port in turn."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from netraven_tui.backup.hostkeys import HostKeyCheck
from netraven_tui.backup.session import Route, SessionTimeouts, open_session
from netraven_tui.cli import main
from netraven_tui.domain import (
    CredentialSecret,
    DeviceError,
    DeviceTarget,
    ErrorKind,
    HostKeyPolicy,
    HostKeySeen,
    LogKind,
    LogLevel,
    ResultStatus,
    RunStatus,
)
from netraven_tui.lab import LabFleet
from netraven_tui.lab.keys import host_key, public_line
from netraven_tui.lab.ssh_options import fingerprint
from netraven_tui.platforms import BUILTIN_PLATFORMS
from netraven_tui.runtime.connection_check import check_connection
from netraven_tui.runtime.factory import make_runner
from tests.integration.test_engine import add_credential, engine_services, repo_files

pytestmark = pytest.mark.lab


def _free_ports(count: int) -> int:
    """A base port with ``count`` free ports after it (checked, not guaranteed to stay free)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            for port in range(base, base + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free port range")


def _fleet(port: int, seed: str) -> LabFleet:
    return LabFleet(devices=2, seed=7, port_base=port, host_key=seed, platforms=["arista_eos"])


def test_a_changed_host_key_fails_the_device_and_trust_accepts_it(
    settings, clock, env, tmp_path: Path, capsys
) -> None:
    port = _free_ports(2)
    with LabFleet(devices=2, seed=8, host_key="steady", platforms=["cisco_ios"]) as steady:
        with _fleet(port, "fleet-a") as fleet_a:
            services = engine_services(settings, clock, env, fleet_a, tmp_path)
            services.devices.import_csv(steady.write_inventory(tmp_path / "steady.csv"))
            add_credential(services, fleet_a)
            runner = make_runner(services)
            first = runner.run("backup-lab")
            pinned_a = fleet_a.host_key_fingerprint
        assert (first.status, first.succeeded) == (RunStatus.SUCCESS, 4)
        moved = fleet_a.devices[0].hostname
        pin = services.hostkeys.get(moved)
        assert pin is not None and (pin.fingerprint, pin.trusted_by) == (pinned_a, None)
        assert pin.algorithm == "ssh-ed25519"

        # Another machine now answers on the same address and port.
        with _fleet(port, "fleet-b") as fleet_b:
            pinned_b = fleet_b.host_key_fingerprint
            assert pinned_b != pinned_a
            second = runner.run("backup-lab")
            results = {r.hostname: r for r in services.runs.results(second.id)}
            for device in fleet_a.devices:
                result = results[device.hostname]
                assert (result.status, result.error_kind, result.attempts) == (
                    ResultStatus.FAILED,
                    ErrorKind.HOSTKEY,
                    1,
                )
                assert pinned_a in result.message and pinned_b in result.message
                assert "\n" not in result.message and len(result.message) <= 200
            assert all(results[d.hostname].status is ResultStatus.SUCCESS for d in steady.devices)
            assert second.status is RunStatus.PARTIAL and second.commit is None
            assert services.hostkeys.get(moved).fingerprint == pinned_a  # never replaced silently

            # The connection check says so, and tries no login.
            steps = list(check_connection(services, services.devices.get(moved).id))
            assert [s.label for s in steps] == [f"TCP 127.0.0.1:{port}", "host key"]
            assert not steps[1].ok and pinned_b in steps[1].detail
            assert steps[1].host_key is not None and steps[1].host_key.fingerprint == pinned_b

            capsys.readouterr()
            wrong = "SHA256:" + "A" * 43
            assert main(["device", "trust", moved, "--fingerprint", wrong]) == 1
            assert f"presents {pinned_b}, not {wrong}" in capsys.readouterr().err
            assert services.hostkeys.get(moved).fingerprint == pinned_a
            assert main(["device", "trust", moved, "--fingerprint", pinned_b]) == 0
            assert f"trusted: {pinned_b}" in capsys.readouterr().out
            trusted = services.hostkeys.get(moved)
            assert trusted.fingerprint == pinned_b and trusted.trusted_by.startswith("cli:")
            audit = services.logs.recent(limit=50)
            assert any(
                e.kind is LogKind.AUDIT and pinned_b in e.message and pinned_a in e.message
                for e in audit
            )
            third = runner.run("backup-lab")
            ok = {r.hostname: r.status for r in services.runs.results(third.id)}
            assert ok[moved] is ResultStatus.SUCCESS
            other = fleet_a.devices[1].hostname
            assert ok[other] is ResultStatus.FAILED  # only the trusted device moved on
            steps = list(check_connection(services, services.devices.get(moved).id))
            assert steps[1].ok and steps[1].pinned and "pinned since" in steps[1].detail

        assert main(["device", "hostkey", moved]) == 0
        assert pinned_b in capsys.readouterr().out
    committed = repo_files(services)
    assert f"configs/{moved}.cfg" in committed


def test_a_pin_keeps_its_first_seen_and_moves_its_last_seen(
    settings, clock, env, tmp_path: Path
) -> None:
    with LabFleet(devices=1, seed=9, host_key="steady", platforms=["cisco_ios"]) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path)
        add_credential(services, fleet)
        runner = make_runner(services)
        assert runner.run("backup-lab").succeeded == 1
        hostname = fleet.devices[0].hostname
        first = services.hostkeys.get(hostname)
        assert first is not None and first.first_seen == first.last_seen
        assert runner.run("backup-lab").succeeded == 1  # the run's close stamps the pin
        later = services.hostkeys.get(hostname)
        assert later.fingerprint == first.fingerprint
        assert later.first_seen == first.first_seen and later.last_seen > first.last_seen


def test_strict_refuses_unknown_keys_until_trusted(settings, clock, env, tmp_path: Path) -> None:
    with LabFleet(devices=2, seed=3, host_key="strict", platforms=["cisco_nxos"]) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, host_key_policy="strict")
        add_credential(services, fleet)
        runner = make_runner(services)
        first = runner.run("backup-lab")
        results = services.runs.results(first.id)
        assert {(r.error_kind, r.attempts) for r in results} == {(ErrorKind.HOSTKEY, 1)}
        assert all("unknown host key" in r.message and "device trust" in r.message for r in results)
        assert first.commit is None and services.hostkeys.pins() == {}
        from netraven_tui.runtime.host_trust import trust_device_key

        trusted = fleet.devices[0].hostname
        old, new = trust_device_key(services, trusted, fleet.host_key_fingerprint)
        assert old is None and new.fingerprint == fleet.host_key_fingerprint
        second = runner.run("backup-lab")
        statuses = {r.hostname: r.status for r in services.runs.results(second.id)}
        assert statuses[trusted] is ResultStatus.SUCCESS
        assert statuses[fleet.devices[1].hostname] is ResultStatus.FAILED


def test_accept_checks_nothing_and_says_so_every_run(settings, clock, env, tmp_path: Path) -> None:
    port = _free_ports(2)
    with _fleet(port, "accept-a") as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path, host_key_policy="accept")
        add_credential(services, fleet)
        runner = make_runner(services)
        first = runner.run("backup-lab")
    with _fleet(port, "accept-b"):
        second = runner.run("backup-lab")
    assert (first.succeeded, second.succeeded) == (2, 2)
    assert services.hostkeys.pins() == {}
    warnings = [
        e
        for e in services.logs.recent(limit=100)
        if e.level is LogLevel.WARNING and "host_key_policy = accept" in e.message
    ]
    assert {e.run_id for e in warnings} == {first.id, second.id}


# --------------------------------------------------------------------------- before the password


class _RecordingServer(asyncssh.SSHServer):
    """An SSH server that records every authentication attempt (what the client sent)."""

    attempts: list[str]

    def begin_auth(self, username: str) -> bool:
        self.attempts.append(f"user {username}")
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        self.attempts.append("password")
        return False


@pytest.fixture
def recording_server() -> Iterator[tuple[int, list[str], str]]:
    """(port, attempts, fingerprint): an asyncssh server on loopback in a thread of its own."""
    key = host_key("recorder", None, "")
    attempts: list[str] = []
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, object] = {}

    class Server(_RecordingServer):
        pass

    Server.attempts = attempts

    async def start() -> None:
        holder["acceptor"] = await asyncssh.listen(
            "127.0.0.1", 0, server_factory=Server, server_host_keys=[key]
        )
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()))
    thread.start()
    assert ready.wait(10)
    acceptor = holder["acceptor"]
    port = acceptor.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    try:
        yield port, attempts, fingerprint(public_line(key))
    finally:
        loop.call_soon_threadsafe(acceptor.close)  # type: ignore[attr-defined]
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def test_a_refused_host_key_ends_the_connection_before_the_username_or_password(
    recording_server,
) -> None:
    port, attempts, real = recording_server
    algorithm, blob = public_line(host_key("someone else", None, "")).split()
    impostor_pin = HostKeySeen(algorithm, fingerprint(f"{algorithm} {blob}"), blob)
    target = DeviceTarget(1, "r1", "127.0.0.1", port, "cisco_ios")
    credential = CredentialSecret(1, "lab", "netops", "Secret-Passw0rd")
    spec = BUILTIN_PLATFORMS["cisco_ios"]
    timeouts = SessionTimeouts(5, 5)
    for check in (
        HostKeyCheck(HostKeyPolicy.TOFU, impostor_pin),  # pinned, and it is not this one
        HostKeyCheck(HostKeyPolicy.STRICT, None),  # unknown under strict
    ):
        with (
            pytest.raises(DeviceError) as refused,
            open_session(target, spec, credential, timeouts, Route(check)),
        ):
            pass
        assert refused.value.kind is ErrorKind.HOSTKEY and real in str(refused.value)
    assert attempts == []  # nothing was sent: not the user name, not the password
    # The control: with no pin (first use) the same server sees the login.
    first_use = Route(HostKeyCheck(HostKeyPolicy.TOFU))
    with (
        pytest.raises(DeviceError) as rejected,
        open_session(target, spec, credential, timeouts, first_use),
    ):
        pass
    assert rejected.value.kind is ErrorKind.AUTH and "password" in attempts
