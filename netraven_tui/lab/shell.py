"""One interactive SSH session with a lab device: echo, prompts, enable, commands, faults.

Like a real device: every typed line is echoed, answered, then the prompt is printed without
a newline. ``enable`` asks ``Password: `` without echoing the answer. The config command
prints the device's current configuration with fresh noise lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import random

import asyncssh

from netraven_tui.lab.configs import build_config
from netraven_tui.lab.dialects import DIALECTS, EXIT_COMMANDS
from netraven_tui.lab.faults import Fault
from netraven_tui.lab.plan import LabDevice


class DeviceState:
    """What a device remembers between sessions: its drift generation (and drifted lines).

    Undrifted devices keep nothing: the template comes from ``build_config``'s bounded cache,
    so 1,000 devices read once do not pin 1,000 configs in memory.
    """

    def __init__(self, device: LabDevice, seed: int | str) -> None:
        self.device = device
        self.seed = seed
        self.reads = 0
        self.generation = 0
        self._drifted: list[str] | None = None
        self._drift_rng = random.Random(f"{seed}:{device.hostname}:reads")

    def read_config(self) -> str:
        """The text for this read; afterwards the config may drift for the next read."""
        template = build_config(self.device.platform, self.device.hostname, self.seed)
        text = template.render(self._drifted or template.lines)
        self.reads += 1
        rate = self.device.drift_rate
        if rate >= 1.0 or (rate > 0.0 and self._drift_rng.random() < rate):
            self.generation += 1
            if self._drifted is None:
                self._drifted = list(template.lines)
            template.drift(self._drifted, self.generation)
        return text


def username_of(device: LabDevice, login: str) -> str:
    """The account name in ``login``; RouterOS clients append ``+ct511w4098h`` style options."""
    if device.platform == "mikrotik_routeros":
        return login.split("+", 1)[0]
    return login


async def run_session(process: asyncssh.SSHServerProcess[str], state: DeviceState) -> None:
    """Serve one session until the client leaves, says ``exit``, or a fault ends it."""
    session = _Session(process, state)
    try:
        if process.command:
            await session.run_command(process.command)
        else:
            await session.interact()
    except (OSError, asyncssh.Error, asyncio.IncompleteReadError):
        pass  # the client went away; a real device would not mind either
    finally:
        session.close()


class _Session:
    def __init__(self, process: asyncssh.SSHServerProcess[str], state: DeviceState) -> None:
        self.process = process
        self.state = state
        self.device = state.device
        self.dialect = DIALECTS[self.device.platform]
        login = process.get_extra_info("username") or self.device.username
        self.user = username_of(self.device, login)
        self.privileged = self.device.privileged_login or not self.dialect.has_enable
        self.closed = False
        self._buffer = ""
        self._after_cr = False

    @property
    def prompt(self) -> str:
        return self.dialect.prompt(self.device.hostname, self.user, self.privileged)

    async def interact(self) -> None:
        await self.send(self.dialect.greeting + "\n" + self.prompt)
        awaiting_secret = False
        while not self.closed:
            data = await self.process.stdin.read(4096)
            if not data:
                return
            for line in self._lines(data):
                if self.closed:
                    return
                if awaiting_secret:  # typed blind: no echo
                    awaiting_secret = False
                    await self._pause()
                    await self.send(self._check_secret(line) + self.prompt)
                    continue
                await self.send(line + "\n")
                await self._pause()
                reply = await self._execute(line.strip())
                if reply is None:
                    awaiting_secret = True
                elif not self.closed:
                    # Reply and prompt in one write, as a device does: Netmiko's drivers
                    # (Huawei's especially) misread a prompt that arrives in a later packet.
                    await self.send(reply + self.prompt)

    async def run_command(self, command: str) -> None:
        """An ``exec`` request (``ssh host cmd``): answer once, then end the session."""
        self.privileged = True
        await self.send(await self._execute(command.strip()) or "")

    async def _execute(self, line: str) -> str | None:
        """The answer to one command; None when the device now asks for the enable secret."""
        words = " ".join(line.split())
        if not words:
            return ""
        if words in EXIT_COMMANDS:
            self.close()
            return ""
        if self.dialect.has_enable and words in ("enable", "en"):
            if self.privileged:
                return ""
            await self.send("Password: ")
            return None
        if self.dialect.has_enable and words == "disable":
            self.privileged = False
            return ""
        if self.dialect.config_command.fullmatch(words):
            return await self._show_config(line)
        reply = self.dialect.reply(words)
        return self.dialect.invalid(line, self.prompt) if reply is None else reply

    def _check_secret(self, secret: str) -> str:
        self.privileged = secret == self.device.enable_secret
        return "\n" if self.privileged else "\n% Access denied\n\n"

    async def _show_config(self, line: str) -> str:
        if not self.privileged:
            return self.dialect.user_mode_error or self.dialect.invalid(line, self.prompt)
        text = self.state.read_config()
        if self.device.fault is Fault.DROP:
            lines = text.split("\n")
            await self.send("\n".join(lines[: len(lines) // 2]) + "\n")
            self.close()
            return ""
        return text + "\n"

    async def send(self, text: str) -> None:
        """Write ``text`` with device line endings, at the device's output speed."""
        if self.closed or not text:
            return
        data = text.replace("\n", "\r\n")
        bps = self.device.slow_bps
        if not bps:
            self.process.stdout.write(data)
            await self.process.stdout.drain()
            return
        chunk = max(64, bps // 20)
        for start in range(0, len(data), chunk):
            self.process.stdout.write(data[start : start + chunk])
            await self.process.stdout.drain()
            await asyncio.sleep(chunk / bps)

    async def _pause(self) -> None:
        if self.device.latency_ms > 0:
            await asyncio.sleep(self.device.latency_ms / 1000)

    def _lines(self, data: str) -> list[str]:
        """Complete lines typed so far; ``\\r``, ``\\n`` and ``\\r\\n`` all end a line."""
        lines = []
        for ch in data:
            after_cr, self._after_cr = self._after_cr, ch == "\r"
            if ch == "\n" and after_cr:
                continue
            if ch in "\r\n":
                lines.append(self._buffer)
                self._buffer = ""
            elif ch in "\x08\x7f":
                self._buffer = self._buffer[:-1]
            elif ch == "\x03":
                self._buffer = ""
            elif ch >= " " or ch == "\t":
                self._buffer += ch
        return lines

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError, asyncssh.Error):
            self.process.exit(0)
