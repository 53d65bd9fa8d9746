"""The lab's SSH server: one asyncio loop, one loopback listener per simulated device.

Run by :class:`netraven_tui.lab.fleet.LabFleet` as
``python -m netraven_tui.lab.server --plan PLAN.json``: it binds every device, prints one
JSON line ``{"ready": true, "pid": ..., "ports": {hostname: port}, "host_key": "ssh-...",
"jump": {"port": ..., "host_key": ...} | null}`` on stdout, then serves until stdin closes
(its parent is gone), SIGTERM or SIGINT.

Every listener shares one host key (``keys.py``: random ed25519 per start by default, or
from a seed or a file; RSA with ``legacy_kex``). ``refused`` devices get a port nobody
listens on; ``hang`` devices get a plain TCP listener that reads and never writes. Everything
else is asyncssh with the line editor off, so the session in ``shell.py`` sees raw keystrokes
and echoes them itself, as a device does. The optional jump host is in ``jump.py``.

What Netmiko 4.8 sends during ``session_preparation`` (and the lab answers):
IOS ``terminal width 511``, ``terminal length 0`` (waits for the echo); NX-OS the same after
reading a prompt; EOS ``terminal width 511`` (waits for ``Width set to``) and
``terminal length 0`` (waits for ``Pagination disabled``); Junos ``set cli screen-width 511``,
``set cli complete-on-space off``, ``set cli screen-length 0``; RouterOS nothing (login
options ride on the username, ``netraven+ct511w4098h``); Huawei ``screen-length 0 temporary``.
All then press Enter to find the prompt; ``disconnect()`` sends ``exit`` (``quit`` on
RouterOS/Huawei). The drivers of the newer dialects are described in ``dialects/``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import resource
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import asyncssh

from netraven_tui.lab import keys
from netraven_tui.lab.dialects import DIALECTS
from netraven_tui.lab.faults import Fault
from netraven_tui.lab.jump import JumpPolicy, listen_jump
from netraven_tui.lab.plan import LabDevice
from netraven_tui.lab.shell import DeviceState, run_session, username_of
from netraven_tui.lab.ssh_options import ServerOptions

log = logging.getLogger(__name__)


class LabServer:
    """Serves ``devices`` on their addresses; :meth:`start` returns the bound ports."""

    def __init__(
        self,
        devices: Sequence[LabDevice],
        seed: int | str,
        options: ServerOptions | None = None,
    ) -> None:
        self.devices = list(devices)
        self.seed = seed
        self.options = options or ServerOptions()
        self._closers: list[Callable[[], None]] = []
        self._hung: set[asyncio.StreamWriter] = set()
        self.host_key = ""  # the devices' public key line, once started
        self.jump: dict[str, object] | None = None  # {"port": ..., "host_key": ...}

    async def start(self) -> dict[str, int]:
        """Bind every device; returns ``{hostname: port}`` (refused ones are not listened on)."""
        options = self.options
        key = keys.host_key(options.host_key_seed, options.host_key_path, options.legacy_kex)
        self.host_key = keys.public_line(key)
        ports: dict[str, int] = {}
        refused: list[LabDevice] = []
        for device in self.devices:
            if device.fault is Fault.REFUSED:
                refused.append(device)
            elif device.fault is Fault.HANG:
                ports[device.hostname] = await self._listen_hang(device)
            else:
                ports[device.hostname] = await self._listen_ssh(device, key)
        # Picked last so that none of our own port-0 listeners can land on them.
        for device in refused:
            ports[device.hostname] = device.port or _unused_port(device.address)
        if options.jump:
            await self._start_jump(ports)
        return ports

    async def _start_jump(self, ports: dict[str, int]) -> None:
        options = self.options
        address = self.devices[0].address if self.devices else "127.0.0.1"
        key = keys.host_key(options.host_key_seed, None, "", label="jump")
        targets = [(d.address, ports[d.hostname]) for d in self.devices]
        policy = JumpPolicy(
            options.jump_username, options.jump_password, options.jump_authorized_keys, targets
        )
        acceptor = await listen_jump(address, options.jump_port, key, policy)
        self._closers.append(acceptor.close)
        self.jump = {
            "address": address,
            "port": acceptor.get_port(),
            "host_key": keys.public_line(key),
        }

    def close(self) -> None:
        """Stop listening and drop hung connections (SSH sessions end with the loop)."""
        for closer in self._closers:
            with contextlib.suppress(Exception):
                closer()
        for writer in self._hung:
            writer.close()

    async def _listen_ssh(self, device: LabDevice, key: asyncssh.SSHKey) -> int:
        state = DeviceState(device, self.seed)

        async def session(process: asyncssh.SSHServerProcess[str]) -> None:
            await run_session(process, state)

        acceptor = await asyncssh.listen(
            device.address,
            device.port,
            **keys.listen_options(self.options.legacy_kex),
            server_factory=lambda: _DeviceServer(device),
            process_factory=session,
            server_host_keys=[key],
            line_editor=False,
            encoding="utf-8",
            allow_scp=False,
            agent_forwarding=False,
            x11_forwarding=False,
            login_timeout=30,
            backlog=256,
        )
        self._closers.append(acceptor.close)
        return acceptor.get_port()

    async def _listen_hang(self, device: LabDevice) -> int:
        async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self._hung.add(writer)
            try:
                while await reader.read(4096):
                    pass
            except OSError:
                pass
            finally:
                self._hung.discard(writer)
                writer.close()

        server = await asyncio.start_server(swallow, device.address, device.port, backlog=256)
        self._closers.append(server.close)
        return server.sockets[0].getsockname()[1]


class _DeviceServer(asyncssh.SSHServer):
    """Password authentication against the device's account, login banner first."""

    def __init__(self, device: LabDevice) -> None:
        self.device = device
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn

    def begin_auth(self, username: str) -> bool:
        if self.device.banner and self._conn is not None:
            self._conn.send_auth_banner(self.device.banner + "\r\n")
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return (
            username_of(self.device, username) == self.device.username
            and password == self.device.password
        )

    def kbdint_auth_supported(self) -> bool:
        return DIALECTS[self.device.platform].kbdint

    def get_kbdint_challenge(
        self, username: str, lang: str, submethods: str
    ) -> tuple[str, str, str, list[tuple[str, bool]]]:
        return "", "", "", [("Password: ", False)]

    def validate_kbdint_response(self, username: str, responses: Sequence[str]) -> bool:
        return len(responses) == 1 and self.validate_password(username, responses[0])


def serve(
    devices: Sequence[LabDevice],
    seed: int | str,
    on_ready: Callable[[dict[str, int], LabServer], None],
    stop_on_stdin_eof: bool = False,
    options: ServerOptions | None = None,
) -> int:
    """Run the fleet in this thread until SIGINT/SIGTERM (or stdin EOF); returns exit code 0.

    ``on_ready(ports, server)`` is called once everything listens (``server.host_key``,
    ``server.jump`` are then set).
    """
    _quiet_logs()
    _raise_fd_limit(len(devices))
    return asyncio.run(_serve(devices, seed, on_ready, stop_on_stdin_eof, options))


async def _serve(
    devices: Sequence[LabDevice],
    seed: int | str,
    on_ready: Callable[[dict[str, int], LabServer], None],
    stop_on_stdin_eof: bool,
    options: ServerOptions | None,
) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if stop_on_stdin_eof:

        def watch_stdin() -> None:
            with contextlib.suppress(Exception):
                while os.read(0, 65536):  # raw fd: no buffer lock to trip over at exit
                    pass
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=watch_stdin, name="lab-stdin", daemon=True).start()
    server = LabServer(devices, seed, options)
    try:
        ports = await server.start()
        on_ready(ports, server)
        await stop.wait()
    finally:
        server.close()
    return 0


def _unused_port(address: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


def _raise_fd_limit(devices: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, devices * 2 + 1024)
    if soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _quiet_logs() -> None:
    # asyncssh logs every connection at INFO and client hang-ups at WARNING/ERROR.
    logging.getLogger("asyncssh").setLevel(logging.CRITICAL)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the fleet subprocess: ``--plan FILE`` written by LabFleet."""
    parser = argparse.ArgumentParser(prog="python -m netraven_tui.lab.server")
    parser.add_argument("--plan", required=True, type=Path, help="JSON plan written by LabFleet")
    args = parser.parse_args(argv)
    plan = json.loads(args.plan.read_text(encoding="utf-8"))
    devices = [LabDevice.from_json(d) for d in plan["devices"]]
    options = ServerOptions.from_json(plan.get("server"))

    def ready(ports: dict[str, int], server: LabServer) -> None:
        line = {
            "ready": True,
            "pid": os.getpid(),
            "ports": ports,
            "host_key": server.host_key,
            "jump": server.jump,
        }
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    try:
        return serve(devices, plan["seed"], ready, stop_on_stdin_eof=True, options=options)
    except ValueError as error:  # a bad host key file and the like: one line for the parent
        print(f"lab server: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
