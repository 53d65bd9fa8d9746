"""One interactive SSH session with a lab device: echo, prompts, enable, paging, faults.

Like a real device: every typed line is echoed, answered, then the prompt is printed without
a newline. ``enable`` asks ``Password: `` without echoing the answer (and, on a real IOS,
asks again). A pager (`` --More-- ``) and "press any key" banners read single keys, no
Enter needed. The config command prints the device's current configuration with fresh
noise lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import asyncssh

from netraven_tui.lab.configs import build_config
from netraven_tui.lab.configs.noise import xr_timestamp
from netraven_tui.lab.dialects import DIALECTS, LEAVE_CONTEXT, Terminal
from netraven_tui.lab.faults import Fault
from netraven_tui.lab.pager import KeyHandler, Pages
from netraven_tui.lab.plan import LabDevice

_MOTD_GAP_S = 0.1  # the banner and the prompt arrive in separate reads, as on a slow link
_ENABLE_TRIES = 3


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
        device = self.device
        template = build_config(device.platform, device.hostname, self.seed, device.config_bytes)
        text = template.render(self._drifted or template.lines)
        self.reads += 1
        rate = device.drift_rate
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
        self.device = device = state.device
        self.dialect = dialect = DIALECTS[device.platform]
        login = process.get_extra_info("username") or device.username
        self.term = Terminal(
            host=device.hostname,
            user=username_of(device, login),
            privileged=device.privileged_login
            or dialect.login_privileged
            or not dialect.has_enable,
            paged=bool(dialect.pager) and (bool(device.paging) or dialect.starts_paged),
        )
        self.closed = False
        self._buffer = ""
        self._after_cr = False
        self._on_key: KeyHandler | None = None  # the next key goes here (pager, press-any-key)
        self._on_secret: Callable[[str], Awaitable[None]] | None = None  # next line, unechoed
        self._tries = 0

    @property
    def prompt(self) -> str:
        """The prompt as the device writes it: escape codes and Junos' ``{master:0}`` included."""
        before, after = self.dialect.ansi
        bare = self.dialect.prompt(self.term)
        text = before + bare + after.format(col=len(bare) + 1) if before or after else bare
        return "\n{master:0}\n" + text if self.device.vc_master else text

    async def interact(self) -> None:
        head = self.dialect.greeting + self.device.motd
        if self.device.motd:
            await self.send(head)
            await asyncio.sleep(_MOTD_GAP_S)
            head = ""
        if self.dialect.press_key:
            await self.send(head + self.dialect.press_key)
            self._on_key = self._pressed_any_key
        else:
            await self.send(head + "\n" + self.prompt)
        while not self.closed:
            data = await self.process.stdin.read(4096)
            if not data:
                return
            await self._feed(data)

    async def run_command(self, command: str) -> None:
        """An ``exec`` request (``ssh host cmd``): answer once, then end the session."""
        self.term.privileged = True
        self.term.paged = False
        words = " ".join(command.split())
        if self.dialect.config_command.fullmatch(words):
            await self._show_config(command, prompt=False)
        else:
            await self.send(await self._execute(command.strip()) or "")

    # ------------------------------------------------------------------ input

    async def _feed(self, data: str) -> None:
        """Handle typed characters: keys go to a waiting pager, complete lines to the CLI."""
        for ch in data:
            if self.closed:
                return
            after_cr, self._after_cr = self._after_cr, ch == "\r"
            if ch == "\n" and after_cr:
                continue  # the second half of a CRLF
            if self._on_key is not None:
                handler, self._on_key = self._on_key, None
                await handler(ch)
            elif ch in "\r\n":
                line, self._buffer = self._buffer, ""
                await self._line(line)
            elif ch in "\x08\x7f":
                self._buffer = self._buffer[:-1]
            elif ch == "\x03":
                self._buffer = ""
            elif ch >= " " or ch == "\t":
                self._buffer += ch

    async def _line(self, line: str) -> None:
        if self._on_secret is not None:  # typed blind: no echo
            handler, self._on_secret = self._on_secret, None
            await self.pause()
            await handler(line)
            return
        await self.send(line + "\n")
        await self.pause()
        reply = await self._execute(line.strip())
        if reply is not None and not self.closed:
            # Reply and prompt in one write, as a device does: Netmiko's drivers
            # (Huawei's especially) misread a prompt that arrives in a later packet.
            await self.send(reply + self.prompt)

    async def _execute(self, line: str) -> str | None:
        """The answer to one command; None when the command writes its own output."""
        words = " ".join(line.split())
        dialect = self.dialect
        if not words:
            return ""
        if self.term.context and words in LEAVE_CONTEXT:
            self.term.context = ""
            return ""
        if words in dialect.exit_commands:
            if dialect.logout_prompt:
                await self.send(dialect.logout_prompt)
                self._on_key = self._logout_answer
                return None
            self.close()
            return ""
        if dialect.has_enable and words in ("enable", "en"):
            if self.term.privileged:
                return ""
            await self.send("Password: ")
            self._tries = 0
            self._on_secret = self._check_secret
            return None
        if dialect.has_enable and words == "disable":
            self.term.privileged = False
            return ""
        if dialect.paging_off is not None and dialect.paging_off.fullmatch(words):
            if self.device.paging == "forced":
                return dialect.paging_refused
            self.term.paged = False
        if dialect.config_command.fullmatch(words):
            await self._show_config(line)
            return None
        reply = dialect.reply(self.term, words)
        if reply is None:
            return dialect.invalid(line, dialect.prompt(self.term))
        if dialect.show_timestamp and words.startswith("sh"):
            reply = xr_timestamp(datetime.now(UTC)) + "\n" + reply
        return reply

    # ------------------------------------------------------------------ dialogues

    async def _check_secret(self, secret: str) -> None:
        self._tries += 1
        if secret == self.device.enable_secret:
            self.term.privileged = True
            await self.send("\n" + self.prompt)
            return
        mode = self.device.enable_reject
        if mode != "once" and self._tries < _ENABLE_TRIES:
            await self.send("\nPassword: ")  # a real IOS asks again, three times in all
            self._on_secret = self._check_secret
            return
        refusal = "% Bad secrets" if mode == "bad-secrets" else "% Access denied"
        await self.send(f"\n{refusal}\n\n" + self.prompt)

    async def _pressed_any_key(self, _key: str) -> None:
        await self.send("\n" + self.prompt)

    async def _logout_answer(self, key: str) -> None:
        if key in "yY":
            await self.send(key + "\n")
            self.close()
        else:
            await self.send(key + "\n" + self.prompt)

    async def _show_config(self, line: str, prompt: bool = True) -> None:
        after = self.prompt if prompt else ""
        if not self.term.privileged:
            reply = self.dialect.user_mode_error or self.dialect.invalid(
                line, self.dialect.prompt(self.term)
            )
            await self.send(reply + after)
            return
        device = self.device
        if device.config_bytes:  # building 5 MB takes seconds: keep the other sessions going
            await asyncio.get_running_loop().run_in_executor(
                None,
                build_config,
                device.platform,
                device.hostname,
                self.state.seed,
                device.config_bytes,
            )
        text = self.state.read_config()  # from the cache now; drift stays on the loop's thread
        if device.fault is Fault.DROP:
            lines = text.split("\n")
            await self.send("\n".join(lines[: len(lines) // 2]) + "\n")
            self.close()
            return
        if device.preamble_s > 0:
            first, _, text = text.partition("\n")
            await self.send(first + "\n")
            await asyncio.sleep(device.preamble_s)
        if self.term.paged and self.dialect.pager is not None:
            await Pages(self, self.dialect.pager, text.split("\n")).start()
        else:
            await self.send(text + "\n" + after)

    # ------------------------------------------------------------------ output

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

    async def pause(self) -> None:
        """The device's reply latency."""
        if self.device.latency_ms > 0:
            await asyncio.sleep(self.device.latency_ms / 1000)

    @property
    def page_lines(self) -> int:
        """Lines per screen while paged (the pager marker takes the last line)."""
        return self.term.length - 1

    def wait_key(self, handler: KeyHandler) -> None:
        """Send the next typed key to ``handler`` instead of the line editor."""
        self._on_key = handler

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError, asyncssh.Error):
            self.process.exit(0)
