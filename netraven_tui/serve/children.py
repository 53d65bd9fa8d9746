"""Session processes: one console or one CLI command per SSH session, in its own session and
process group (so one signal reaches it and everything it started), ended within 2 s."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Mapping, Sequence

from netraven_tui.serve.link import ENV_FD, ENV_TOKEN

HANGUP_GRACE = 1.0  # SIGHUP, then SIGKILL after this; the whole end takes < 2 s
# Never passed from the server's environment: the pty's size must come from the pty (Textual
# asks shutil, which prefers COLUMNS/LINES), and a Textual driver or devtools setting is ours
# to decide.
_DROPPED = ("COLUMNS", "LINES", "TEXTUAL", "TEXTUAL_DRIVER", "TEXTUAL_FPS", "TERM_PROGRAM")
# What a client may set through SSH 'env' requests (OpenSSH SendEnv); nothing else.
CLIENT_VARIABLES = ("COLORTERM", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "NO_COLOR")


def console_argv() -> list[str]:
    """A console that learns over its link who it is logged in as, and never leads."""
    return [sys.executable, "-m", "netraven_tui", "tui", "--served", "--no-lease"]


def command_argv(args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "netraven_tui", *args]


def session_env(
    fd: int, token: str, term: str | None, client: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The server's environment (same data folder and settings) with this session's link, the
    client's terminal type and the few client variables that only describe the terminal."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED and k not in CLIENT_VARIABLES}
    env.update(terminal_env(term, client))
    env[ENV_FD] = str(fd)
    env[ENV_TOKEN] = token
    env["PYTHONUNBUFFERED"] = "1"
    return env


def terminal_env(term: str | None, client: Mapping[str, str] | None = None) -> dict[str, str]:
    """TERM and the allowed client variables (what describes the user's terminal)."""
    env = {"TERM": term or "dumb"}
    for name in CLIENT_VARIABLES:
        value = (client or {}).get(name)
        if value is not None and len(value) < 200:
            env[name] = value
    return env


class SessionProcess:
    """A started session process; :meth:`end` stops it and its process group."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.pid = process.pid

    @classmethod
    async def start(
        cls,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        stdin: int,
        stdout: int,
        stderr: int,
        link_fd: int,
    ) -> SessionProcess:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            env=dict(env),
            pass_fds=(link_fd,),
            start_new_session=True,  # its own session: the pty becomes its controlling tty
            close_fds=True,
        )
        return cls(process)

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    async def wait(self) -> int:
        return await self.process.wait()

    async def end(self, grace: float = HANGUP_GRACE) -> int:
        """SIGHUP to the group (what a closing terminal sends), SIGKILL after ``grace``."""
        if self.process.returncode is None:
            self._signal_group(signal.SIGHUP)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.process.wait(), grace)
        # Whatever it started (git, a pager) goes with it, even if it has already exited.
        self._signal_group(signal.SIGKILL)
        return await self.process.wait()

    def _signal_group(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, number)


def exit_status(returncode: int) -> int:
    """An SSH exit status (0-255) for a process's return code (negative: killed by a signal)."""
    return 128 - returncode if returncode < 0 else min(returncode, 255)
