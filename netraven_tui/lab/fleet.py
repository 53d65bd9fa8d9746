"""``LabFleet``: a simulated fleet served by a child process, for tests, demo and benchmarks.

    with LabFleet(devices=20, seed=1, faults="auth:1,refused:1") as fleet:
        device = fleet.devices[0]
        ConnectHandler(**fleet.connect_args(device))

The SSH server runs in its own process (``python -m netraven_tui.lab.server``) so a test that
drives hundreds of Netmiko sessions from threads does not share a GIL with it. The child
stops when the fleet is closed, when its stdin closes (the parent died) or on SIGTERM.

Beyond the fault kinds (``faults.py``), fleet-wide options: ``host_key`` (a seed or a key
file: two fleets with two seeds on the same ``port_base`` answer with two host keys),
``legacy_kex`` (IOS 15 style DH group14 + RSA), ``jump_host`` (a bastion that forwards only
to these devices, see :attr:`LabFleet.jump_host`), ``enable_reject``, ``paging``,
``preamble_seconds`` and ``huge_bytes``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from netraven_tui.lab import configs
from netraven_tui.lab.faults import Fault
from netraven_tui.lab.inventory import write_inventory
from netraven_tui.lab.plan import (
    DEFAULT_BANNER,
    DEFAULT_ENABLE_SECRET,
    DEFAULT_HUGE_BYTES,
    DEFAULT_PASSWORD,
    DEFAULT_PREAMBLE_SECONDS,
    DEFAULT_SLOW_BPS,
    DEFAULT_USERNAME,
    LOOPBACK,
    LabDevice,
    build_plan,
)
from netraven_tui.lab.ssh_options import (
    DEFAULT_JUMP_PASSWORD,
    DEFAULT_JUMP_USERNAME,
    LabJumpHost,
    fingerprint,
    server_options,
)


class LabFleetError(RuntimeError):
    """The fleet process did not start (or died); the message carries its stderr tail."""


class LabFleet:
    """A running fleet of ``devices`` simulated devices on loopback (see module docstring)."""

    def __init__(
        self,
        devices: int = 6,
        *,
        seed: int | str = 1,
        platforms: Sequence[str] | None = None,
        faults: str | dict[Fault, int] | None = None,
        latency_ms: float = 0.0,
        slow_bps: int = DEFAULT_SLOW_BPS,
        drift_rate: float = 0.0,
        username: str = DEFAULT_USERNAME,
        password: str = DEFAULT_PASSWORD,
        enable_secret: str = DEFAULT_ENABLE_SECRET,
        banner: str = DEFAULT_BANNER,
        port_base: int = 0,
        address: str = LOOPBACK,
        start_timeout: float | None = None,
        enable_reject: str = "bad-secrets",
        paging: bool = False,
        preamble_seconds: float = DEFAULT_PREAMBLE_SECONDS,
        huge_bytes: int = DEFAULT_HUGE_BYTES,
        host_key: str | int | os.PathLike[str] | None = None,
        legacy_kex: bool | str = False,
        jump_host: bool = False,
        jump_port: int = 0,
        jump_username: str = DEFAULT_JUMP_USERNAME,
        jump_password: str = DEFAULT_JUMP_PASSWORD,
        jump_authorized_keys: str = "",
    ) -> None:
        self.seed = seed
        self.username = username
        self.password = password
        self.enable_secret = enable_secret
        self.options = server_options(
            host_key,
            legacy_kex,
            jump_host,
            jump_port,
            jump_username,
            jump_password,
            jump_authorized_keys,
        )
        self.devices: list[LabDevice] = build_plan(
            devices,
            seed=seed,
            platforms=platforms,
            faults=faults,
            port_base=port_base,
            username=username,
            password=password,
            enable_secret=enable_secret,
            latency_ms=latency_ms,
            slow_bps=slow_bps,
            drift_rate=drift_rate,
            banner=banner,
            address=address,
            enable_reject=enable_reject,
            preamble_seconds=preamble_seconds,
            huge_bytes=huge_bytes,
            paging=paging,
        )
        self.start_timeout = start_timeout or 15.0 + 0.03 * devices
        self.pid: int | None = None
        self.host_public_key = ""  # the devices' host key ("ssh-ed25519 AAAA..."), once started
        self.jump_host: LabJumpHost | None = None  # set once started with jump_host=True
        self._proc: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None
        self._finalizer: weakref.finalize | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LabFleet:
        """Start the server process and wait for its ready line (``start_timeout`` seconds)."""
        if self._proc is not None:
            return self
        self._workdir = Path(tempfile.mkdtemp(prefix="netraven-lab-"))
        plan = self._workdir / "plan.json"
        plan.write_text(
            json.dumps(
                {
                    "seed": self.seed,
                    "devices": [d.to_json() for d in self.devices],
                    "server": self.options.to_json(),
                }
            ),
            encoding="utf-8",
        )
        os.chmod(plan, 0o600)
        stderr_path = self._workdir / "stderr.log"
        with stderr_path.open("wb") as stderr:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "netraven_tui.lab.server", "--plan", str(plan)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                close_fds=True,
            )
        self._finalizer = weakref.finalize(self, _stop, self._proc, self._workdir)
        assert self._proc.stdout is not None
        line = _readline(self._proc.stdout, self.start_timeout)
        try:
            ready = json.loads(line) if line else {}
        except json.JSONDecodeError:
            ready = {}
        if not ready.get("ready"):
            tail = _tail(stderr_path)
            self.stop()
            raise LabFleetError(f"lab fleet did not start within {self.start_timeout:.0f}s: {tail}")
        self.pid = int(ready["pid"])
        ports: dict[str, int] = ready["ports"]
        self.devices = [replace(d, port=int(ports[d.hostname])) for d in self.devices]
        self.host_public_key = str(ready.get("host_key") or "")
        jump = ready.get("jump")
        if jump:
            self.jump_host = LabJumpHost(
                address=str(jump["address"]),
                port=int(jump["port"]),
                username=self.options.jump_username,
                password=self.options.jump_password,
                host_key=str(jump["host_key"]),
                fingerprint=fingerprint(str(jump["host_key"])),
            )
        return self

    def stop(self) -> None:
        """Stop the server process (EOF, then SIGTERM, then SIGKILL) and remove its files."""
        if self._finalizer is not None:
            self._finalizer()
        self._proc = None

    @property
    def host_key_fingerprint(self) -> str:
        """``SHA256:...`` of the key every device presents ("" before start)."""
        return fingerprint(self.host_public_key) if self.host_public_key else ""

    @property
    def running(self) -> bool:
        """True while the server process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> LabFleet:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ lookups

    def device(self, hostname: str) -> LabDevice:
        """The device called ``hostname`` (KeyError if none)."""
        for device in self.devices:
            if device.hostname == hostname:
                return device
        raise KeyError(hostname)

    def with_fault(self, fault: Fault | str | None) -> list[LabDevice]:
        """Devices with that fault kind; ``None`` gives the healthy ones."""
        wanted = Fault(fault) if fault else None
        return [d for d in self.devices if d.fault is wanted]

    def connect_args(self, device: LabDevice | str, **extra: Any) -> dict[str, Any]:
        """Keyword arguments for ``netmiko.ConnectHandler`` with the fleet's credentials."""
        if isinstance(device, str):
            device = self.device(device)
        args: dict[str, Any] = {
            "device_type": device.platform,
            "host": device.address,
            "port": device.port,
            "username": self.username,
            "password": self.password,
            "secret": self.enable_secret,
        }
        args.update(extra)
        return args

    def write_inventory(self, path: str | Path) -> Path:
        """Write the inventory CSV (``hostname,address,platform,port,tags,description``)."""
        return write_inventory(self.devices, path)

    def expected_config(self, hostname: str, generation: int = 0) -> str:
        """The config text the device prints at drift ``generation`` (noise at a fixed time)."""
        device = self.device(hostname)
        return configs.expected_config(
            device.platform, hostname, self.seed, generation, device.config_bytes
        )

    def secrets(self, hostname: str) -> tuple[str, ...]:
        """Every secret value planted in the device's config; none may reach the git repo."""
        device = self.device(hostname)
        return configs.planted_secrets(device.platform, hostname, self.seed, device.config_bytes)

    def noise_patterns(self, hostname: str) -> tuple[str, ...]:
        """Regexes of the device's lines that change on every read."""
        return configs.noise_patterns(self.device(hostname).platform)

    def strip_noise(self, hostname: str, text: str) -> str:
        """``text`` without the device's noise lines, for comparisons."""
        return configs.strip_noise(text, self.device(hostname).platform)


def _readline(stream: IO[bytes], timeout: float) -> str:
    result: list[bytes] = []
    reader = threading.Thread(target=lambda: result.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return result[0].decode("utf-8", "replace") if result else ""


def _tail(path: Path, limit: int = 2000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no stderr)"
    return text[-limit:].strip() or "(no stderr)"


def _stop(proc: subprocess.Popen[bytes], workdir: Path | None, grace: float = 5.0) -> None:
    try:
        if proc.poll() is None:
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(grace)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(grace)
    finally:
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
