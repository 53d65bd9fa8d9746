"""The terminal preparation of IOS-style sessions in one round trip instead of four.

Netmiko's ``session_preparation`` for IOS and IOS-XE sends ``terminal width 511`` and
``terminal length 0`` one at a time, waiting for each echo, then looks for the prompt with
an Enter key between two "clear the buffer" loops that sleep 0.1 s each: four round trips
and ~0.2 s of sleeps per device, and ~2 ms of CPU in its regex reads (a sixth of a session).

Here both commands go in one write (a device reads typed-ahead lines in order, as a person
pasting them) and the reader waits for the prompt that follows the echo of the last one.
That prompt is the session's prompt: the login banner or MOTD (which may hold ``#``, ``>``
and the hostname) came before the first command's echo, so it can never be taken for it.
Only drivers that use Netmiko's IOS preparation unchanged get this; the rest keep theirs.
"""

from __future__ import annotations

from netraven_tui.backup.reader import read_until

COMMANDS = ("terminal width 511", "terminal length 0")
TERMINATORS = "#>"
BASE_PROMPT_MAX = 16  # Netmiko's IOS drivers cut the base prompt here (config mode abbreviates)


def quick_preparation(conn) -> bool:
    """Whether ``conn``'s driver prepares the session exactly as Netmiko's IOS base does."""
    from netmiko.cisco.cisco_ios import CiscoIosBase

    kind = type(conn)
    return (
        kind.session_preparation is CiscoIosBase.session_preparation
        and kind.set_base_prompt is CiscoIosBase.set_base_prompt
    )


def prepare(conn, timeout: float) -> str:
    """Send both commands at once; set ``conn.base_prompt`` from the prompt answering the last.

    Returns the prompt. Raises DeviceError (``prompt``, ``disconnected``) from the reader.
    """
    conn.write_channel("".join(conn.normalize_cmd(command) for command in COMMANDS))
    text = read_until(conn, lambda seen: bool(_prompt_after_last(seen)), timeout)
    prompt = _prompt_after_last(text)
    conn.base_prompt = (prompt[:-1] if len(prompt) > 1 else prompt)[:BASE_PROMPT_MAX]
    conn.netraven_prompt = prompt  # the mode the session is in, for enable (enable.py)
    return prompt


def _prompt_after_last(text: str) -> str:
    """The prompt line after the echo of the last command ("" while it has not come)."""
    last = COMMANDS[-1]
    at = text.rfind(last)
    if at < 0:
        return ""
    end = text.find("\n", at + len(last))
    if end < 0:
        return ""
    after = text[end + 1 :].replace("\r", "\n").rstrip(" \t\n")
    line = after.rpartition("\n")[2].strip()
    return line if line and line[-1] in TERMINATORS else ""
