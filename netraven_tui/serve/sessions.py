"""One SSH session channel: a console on a pty, or a CLI command, in its own child process.

- ``ssh -p 2222 alice@host`` (a shell request with a pty) starts the console logged in as
  alice, sized to the client's terminal and resized live; without a pty it says so and closes.
- ``ssh -p 2222 alice@host job list --json`` (an exec request) runs the CLI command as alice;
  standard input, output, error and the exit status travel over the channel (on a pty too,
  with ``ssh -t``).
- A disconnect, the idle timeout or the server stopping ends the child within 2 s; the
  client's terminal modes are reset after a console, however it ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import time
from collections.abc import Callable
from typing import Any

import asyncssh

from netraven_tui.domain import Actor, NetRavenError
from netraven_tui.serve import terminal
from netraven_tui.serve.children import (
    SessionProcess,
    command_argv,
    console_argv,
    exit_status,
    session_env,
    terminal_env,
)
from netraven_tui.serve.exec_policy import exec_argv
from netraven_tui.serve.hub import SessionHub
from netraven_tui.serve.input_filter import AnswerFilter
from netraven_tui.serve.registry import SessionRegistry

log = logging.getLogger(__name__)

READ_SIZE = 64 * 1024
STDIN_BUFFER = 1024 * 1024
ANSWER_HOLD_SECONDS = 0.05  # how long a possible terminal answer cut in two is held back
NO_PTY = (
    "the console needs a terminal; connect with `ssh -t`, "
    "or give a command (e.g. `job list`, `help`)"
)


class ServedSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """An SSH session channel of an authenticated app user (bytes in, bytes out)."""

    def __init__(self, actor: Actor, peer: str, hub: SessionHub, registry: SessionRegistry) -> None:
        self.actor, self.peer, self.hub, self.registry = actor, peer, hub, registry
        self.child: SessionProcess | None = None
        self._chan: Any = None
        self._term: str | None = None
        self._size = (80, 24, 0, 0)
        self._command: str | None = None
        self._master: int | None = None
        self._stdin: asyncio.StreamWriter | None = None
        self._input: list[bytes] = []
        self._out_paused = asyncio.Event()
        self._out_paused.set()  # set = may write
        self._ended = asyncio.Event()
        self._lost = False
        self._end_reason = ""
        self._last_input = time.monotonic()
        self._task: asyncio.Task[None] | None = None
        self._read_done: asyncio.Future[None] | None = None
        self._answers = AnswerFilter()
        self._early: list[bytes] = []
        self._eof = False
        self._flush_timer: asyncio.TimerHandle | None = None

    # ------------------------------------------------------------------ asyncssh callbacks

    def connection_made(self, chan: Any) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], modes) -> bool:
        self._term, self._size = term_type, term_size
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self._command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        return False  # no sftp, no scp: files stay on the server

    def session_started(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def data_received(self, data: bytes, datatype: Any) -> None:
        self._last_input = time.monotonic()
        if self.child is None and not self._is_console:
            self._early.append(data)  # a command's input may arrive before the command runs
            return
        if self.child is None or self.child.returncode is not None:
            return  # a console's keys before it is up or after it ended: dropped, never echoed
        if self._master is not None:
            data = self._answers.feed(data)
            self._schedule_flush()
            if data:
                self._input.append(data)
                self._write_master()
        elif self._stdin is not None:
            self._write_stdin(data)

    def _write_stdin(self, data: bytes) -> None:
        assert self._stdin is not None
        self._stdin.write(data)
        if self._stdin.transport.get_write_buffer_size() > STDIN_BUFFER:
            self._chan.pause_reading()  # the command reads slower than the client sends

            async def resume() -> None:
                with contextlib.suppress(Exception):
                    await self._stdin.drain()  # type: ignore[union-attr]
                with contextlib.suppress(Exception):
                    self._chan.resume_reading()

            asyncio.get_running_loop().create_task(resume())

    def _schedule_flush(self) -> None:
        if self._answers.holding and self._flush_timer is None:
            self._flush_timer = asyncio.get_running_loop().call_later(
                ANSWER_HOLD_SECONDS, self._flush_held
            )

    def _flush_held(self) -> None:
        self._flush_timer = None
        held = self._answers.flush()
        if held and self._master is not None:
            self._input.append(held)
            self._write_master()

    def eof_received(self) -> bool:
        self._eof = True
        if self._stdin is not None and self._master is None:
            with contextlib.suppress(Exception):
                self._stdin.write_eof()
        return True  # keep sending output until the command is done

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._size = (width, height, pixwidth, pixheight)
        if self._master is not None:
            with contextlib.suppress(OSError):
                terminal.set_size(self._master, width, height, pixwidth, pixheight)

    def break_received(self, msec: int) -> bool:
        return False

    def pause_writing(self) -> None:
        self._out_paused.clear()
        if self._master is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._master)

    def resume_writing(self) -> None:
        self._out_paused.set()
        if self._master is not None and self._read_done is not None and not self._read_done.done():
            asyncio.get_running_loop().add_reader(self._master, self._read_master)

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self._ended.set()
        if self._task is None:
            self.registry.sessions.discard(self)

    # ------------------------------------------------------------------ the session

    async def close(self, reason: str) -> None:
        """End the session from the server's side (idle, shutdown), telling the user why."""
        self._end_reason = reason
        self._ended.set()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task

    async def _run(self) -> None:
        status = 1
        try:
            if not self.registry.admit(self):
                self._say(
                    f"too many sessions (at most {self.registry.limits.max_sessions}); try later"
                )
                return
            if self._command is None and self._term is None:
                self._say(NO_PTY)
                return
            status = await self._run_child()
        except NetRavenError as error:
            self._say(str(error))
        except Exception:  # noqa: BLE001 - one session's failure must not touch the server
            log.exception("serve: session of %s from %s failed", self.actor.name, self.peer)
            self._say("internal error (details in the server's log file)")
        finally:
            self.registry.sessions.discard(self)
            if not self._lost:
                with contextlib.suppress(Exception):
                    self._chan.exit(status)

    async def _run_child(self) -> int:
        argv = console_argv()
        if self._command is not None:
            try:
                argv = command_argv(exec_argv(self._command))
            except NetRavenError as error:
                self._say(f"error: {error}")
                return 1
        client_env = dict(self._chan.get_environment())
        spare = self.registry.spares.take() if self._is_console and self.registry.spares else None
        if spare is not None:
            grant, child, link = spare.grant, spare.process, spare.link
            self._adopt_pty(spare.master)
            grant.assign(self.actor, terminal_env(self._term, client_env))
        else:
            grant = self.hub.grant(self.actor)
            env = session_env(grant.child_fd, grant.token, self._term, client_env)
            try:
                if self._term is not None:
                    child = await self._start_on_pty(
                        argv, env, grant.child_fd, raw=self._is_console
                    )
                else:
                    child = await self._start_on_pipes(argv, env, grant.child_fd)
            finally:
                grant.close_child_end()
            link = asyncio.get_running_loop().create_task(self.hub.serve(grant, child.pid))
        self.child = child
        self._hand_over_early_input()
        log.info(
            "serve: %s from %s: %s (pid %s%s)",
            self.actor.name,
            self.peer,
            "console" if self._is_console else f"command {self._command!r}",
            child.pid,
            ", started ahead" if spare is not None else "",
        )
        loop = asyncio.get_running_loop()
        watchdog = loop.create_task(self._watch_idle())
        ended = loop.create_task(self._ended.wait())
        try:
            exited = loop.create_task(child.wait())
            await asyncio.wait({exited, ended}, return_when=asyncio.FIRST_COMPLETED)
            returncode = await child.end()  # a no-op if it exited on its own
            if self._read_done is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(self._read_done), 1.0)
        finally:
            watchdog.cancel()
            ended.cancel()
            self._close_io()
            link.cancel()
            grant.close()
        if self._is_console and not self._lost:
            self._chan.write(terminal.RESET)
        if self._end_reason:
            self._say(self._end_reason)
        log.info("serve: session of %s (pid %s) ended: %s", self.actor.name, child.pid, returncode)
        return exit_status(returncode)

    def _hand_over_early_input(self) -> None:
        early, self._early = self._early, []
        for data in early:
            self.data_received(data, None)
        if self._eof and self._stdin is not None and self._master is None:
            with contextlib.suppress(Exception):
                self._stdin.write_eof()

    @property
    def _is_console(self) -> bool:
        return self._command is None

    def _adopt_pty(self, master: int) -> None:
        columns, rows, width_px, height_px = self._size
        terminal.set_size(master, columns, rows, width_px, height_px)
        self._master = master
        self._read_done = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_reader(master, self._read_master)

    async def _start_on_pty(self, argv, env, link_fd: int, raw: bool) -> SessionProcess:
        columns, rows = self._size[0], self._size[1]
        master, slave = terminal.open_pty(columns, rows, raw=raw)
        try:
            child = await SessionProcess.start(
                argv, env, stdin=slave, stdout=slave, stderr=slave, link_fd=link_fd
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)  # only the child holds the slave: its exit makes the master read EIO
        self._adopt_pty(master)
        return child

    async def _start_on_pipes(self, argv, env, link_fd: int) -> SessionProcess:
        pipe = asyncio.subprocess.PIPE
        child = await SessionProcess.start(
            argv, env, stdin=pipe, stdout=pipe, stderr=pipe, link_fd=link_fd
        )
        self._stdin = child.process.stdin
        loop = asyncio.get_running_loop()
        self._read_done = loop.create_future()
        out = loop.create_task(self._pump(child.process.stdout, self._chan.write))
        err = loop.create_task(self._pump(child.process.stderr, self._chan.write_stderr))
        both = asyncio.gather(out, err, return_exceptions=True)
        both.add_done_callback(lambda _f: self._finish_reading())
        return child

    # ------------------------------------------------------------------ byte pumps

    def _read_master(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError as error:
            if error.errno != errno.EIO:  # EIO: every slave fd is closed (the child is gone)
                log.debug("serve: pty read failed: %s", error)
            data = b""
        if not data:
            self._finish_reading()
            return
        if not self._lost:
            self._chan.write(data)

    def _write_master(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._master is not None
        while self._input:
            chunk = self._input[0]
            try:
                written = os.write(self._master, chunk)
            except BlockingIOError:
                written = 0
            except OSError:
                self._input.clear()
                return
            if written < len(chunk):
                self._input[0] = chunk[written:]
                loop.add_writer(self._master, self._drain_input)
                return
            self._input.pop(0)

    def _drain_input(self) -> None:
        if self._master is not None:
            asyncio.get_running_loop().remove_writer(self._master)
            self._write_master()

    async def _pump(self, stream: asyncio.StreamReader | None, write: Callable[[bytes], None]):
        if stream is None:
            return
        while data := await stream.read(READ_SIZE):
            await self._out_paused.wait()
            if not self._lost:
                write(data)

    def _finish_reading(self) -> None:
        if self._master is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._master)
        if self._read_done is not None and not self._read_done.done():
            self._read_done.set_result(None)

    def _close_io(self) -> None:
        self._finish_reading()
        if self._master is not None:
            loop = asyncio.get_running_loop()
            with contextlib.suppress(Exception):
                loop.remove_writer(self._master)
            with contextlib.suppress(OSError):
                os.close(self._master)
            self._master = None

    async def _watch_idle(self) -> None:
        idle = self.registry.limits.idle_seconds
        if self._command is not None:
            return  # a command has no keys to press: `log tail -f` may run all night
        while True:
            left = idle - (time.monotonic() - self._last_input)
            if left <= 0:
                minutes = round(idle / 60)
                await self.close(f"closed after {minutes} min without a key press")
                return
            await asyncio.sleep(min(left, 30.0))

    def _say(self, line: str) -> None:
        if not self._lost and self._chan is not None:
            end = "\r\n" if self._term is not None else "\n"
            with contextlib.suppress(Exception):
                self._chan.write_stderr(f"netraven-tui serve: {line}{end}".encode())
