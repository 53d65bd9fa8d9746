"""Push the configuration repository's ``main`` to a remote (``git_remote``) after a commit.

The push is git's own (``git push URL main:main``), so ssh and https work as they do for a
person. Credentials never travel on a command line or in the URL we keep:

- ssh: ``git_remote_key`` names a private key file (``ssh -i KEY -o BatchMode=yes``); without
  it ssh uses the account's usual keys or agent.
- https: ``NETRAVEN_GIT_USERNAME`` / ``NETRAVEN_GIT_PASSWORD`` from the environment are handed
  to git by a credential helper that reads them when git asks.

A push never prompts (no terminal), is bounded in time, and a failure is one line with any
``user:password@`` part of a URL removed. Nothing is lost when a push fails: the commits stay
in the local repository and the next push sends them all (``main`` moves forward only).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

PUSH_TIMEOUT_SECONDS = 120.0
BRANCH = "main"
# git runs this when it needs a login; the values come from its environment, never argv.
_CREDENTIAL_HELPER = (
    '!f() { test "$1" = get || exit 0; '
    'echo "username=${NETRAVEN_GIT_USERNAME:-git}"; '
    'echo "password=${NETRAVEN_GIT_PASSWORD}"; }; f'
)
_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PushOutcome:
    ok: bool
    message: str  # one line: what was pushed, or why it failed (no credentials)


def push_main(
    repo: Path,
    url: str,
    key_file: str = "",
    timeout: float = PUSH_TIMEOUT_SECONDS,
    env: dict[str, str] | None = None,
) -> PushOutcome:
    """Push ``main`` of the bare repository ``repo`` to ``url``; never raises for a failure."""
    environment = {**os.environ, **(env or {})}
    environment["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password nobody will type
    ssh = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=20"]
    if key_file:
        key = Path(key_file).expanduser()
        if not key.is_file():
            return PushOutcome(False, f"git_remote_key {key} is not a file")
        ssh += ["-i", str(key), "-o", "IdentitiesOnly=yes"]
    environment["GIT_SSH_COMMAND"] = " ".join(ssh)
    command = ["git", "-c", "credential.helper=", "-c", f"credential.helper={_CREDENTIAL_HELPER}"]
    command += ["push", "--porcelain", url, f"refs/heads/{BRANCH}:refs/heads/{BRANCH}"]
    try:
        result = subprocess.run(
            command,
            cwd=repo,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return PushOutcome(False, f"push to {redact(url)} took longer than {timeout:g} s")
    except OSError as error:
        return PushOutcome(False, f"cannot run git push: {error.strerror}")
    if result.returncode == 0:
        return PushOutcome(True, f"pushed {BRANCH} to {redact(url)}")
    return PushOutcome(False, f"push to {redact(url)} failed: {_reason(result.stderr)}")


def redact(text: str) -> str:
    """``text`` with the ``user:password@`` part of any URL in it removed."""
    return _USERINFO.sub(r"\g<scheme>", text)


def _reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    # git's last "fatal:"/"error:" line says why; hints and progress come before it.
    for line in reversed(lines):
        if line.startswith(("fatal:", "error:", "remote: error", "! [")):
            return redact(line)[:300]
    return redact(lines[-1])[:300] if lines else "no message from git"
