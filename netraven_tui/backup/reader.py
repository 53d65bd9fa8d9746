"""Reading one command's output from the channel: up to the prompt, through the pager.

The reader waits on the socket (no polling sleeps) and stops at the device's prompt, which it
recognises with the escape codes some devices wrap around it (ProCurve moves the cursor after
the prompt) taken out. A device whose AAA refused to turn paging off stops every screen at a
pager marker (`` --More-- ``, ``---(more)---``, ``<--- More --->``...): the reader presses space,
drops the marker and the erase sequence the device writes over it, and reads on, so the text
holds no pager residue. A channel the device closed is noticed at once.
"""

from __future__ import annotations

import re
import select
import time

from netraven_tui.domain import DeviceError, ErrorKind

# CSI sequences (ESC [ ... final), OSC strings, and two-character escapes.
ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[0-9@-Z\\^_`a-z{|}~=>])"
)
# A whole trailing line that is a pager waiting for a key (after escape codes are removed).
PAGER = re.compile(
    r"^\s*(?:"
    r"-{2,} ?\(?more\b[^\n]*"  # --More--, ---(more 23%)---, ---- More ----, -- MORE --, next...
    r"|<-{2,} ?More ?-{2,}>"  # ASA
    r"|lines \d+-\d+(?:/\d+)?(?: \(END\))?"  # less (PAN-OS)
    r"|Press any key to continue[^\n]*"
    r"|-- \[Q quit\|[^\n]*"  # RouterOS
    r")\s*$",
    re.IGNORECASE,
)
# What a device writes over the marker once a key is pressed: backspaces, spaces, CRs, CSIs.
_ERASE = re.compile(r"(?:[\x08 \r]|\x1b\[[0-9;?]*[A-Za-z])*")
_TAIL = 400  # characters of output searched for the prompt and the pager
PAGER_KEY = " "
MAX_PAGES = 100_000  # a bound on the loop: 2.3 million lines at 23 a page


class PromptLine:
    """Is the last line of the output the device's prompt? String tests, no regex.

    The prompt is the base prompt (the hostname part Netmiko found), at most 3 characters
    after the line start and at most 40 before the terminator (``>``, ``#``, ``$``, ``]``,
    ``%``), then only spaces. A compiled pattern per device cost ~0.5 ms of CPU per session,
    which is a lot next to 12 ms for the whole session.
    """

    def __init__(self, base_prompt: str) -> None:
        self.base = base_prompt

    def at_end(self, text: str) -> bool:
        line = text.rstrip(" \t\r\n").rpartition("\n")[2].replace("\r", "")
        at = line.find(self.base, 0, len(self.base) + 3) if self.base else -1
        if at < 0 or not line:
            return False
        tail = len(line) - (at + len(self.base))
        return tail <= 41 and line[-1] in ">#$]%"


def read_output(channel, command: str, prompt: PromptLine, timeout: float) -> str:
    """The raw text ``command`` printed (after its echo line, up to and including the prompt).

    ``channel`` is the paramiko channel the command was just written to. Raises DeviceError:
    ``disconnected`` when the device closes the channel, ``timeout`` when nothing came back,
    ``prompt`` when output came but the prompt did not, within ``timeout`` seconds of silence
    or of the command (each page pressed restarts the clock: a long paged config is not late).
    """
    head: str | None = ""  # before the end of the echo line (stale prompts, the echo itself)
    chunks: list[str] = []  # the output after the echo line
    received = 0
    pages = 0
    erase_pending: str | None = None  # after a key press: the next data may start with the erase
    deadline = time.monotonic() + timeout
    tail = ""
    while True:
        if channel.recv_ready():
            data = channel.recv(65536).decode("utf-8", errors="replace")
            received += len(data)
            if head is not None:
                head += data
                after = _after_echo(head, command)
                if after is None:
                    continue
                head, data = None, after
            if erase_pending is not None:
                data = erase_pending + data
                erase_pending, data = _drop_erase(data)
                if not data:
                    continue
            chunks.append(data)
            tail = (tail + data)[-_TAIL:]
            visible = (
                ANSI.sub("", tail).replace("\r", "") if "\x1b" in tail else tail.replace("\r", "")
            )
            if prompt.at_end(visible):
                break
            last_line = visible.rpartition("\n")[2]
            if last_line and PAGER.match(last_line) and pages < MAX_PAGES:
                _drop_partial_line(chunks)
                tail = ""
                pages += 1
                channel.sendall(PAGER_KEY.encode())
                erase_pending = ""
                deadline = time.monotonic() + timeout
            continue
        if channel.closed or channel.eof_received:
            raise DeviceError(
                ErrorKind.DISCONNECTED,
                f"the device closed the session after {received} bytes of {command!r}",
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            kind = ErrorKind.PROMPT if received else ErrorKind.TIMEOUT
            what = "the prompt did not come back" if received else "no output"
            if received and head is not None:
                what = "the device did not echo the command"
            raise DeviceError(
                kind, f"{what} within {timeout:g} s of {command!r} ({received} bytes read)"
            )
        select.select([channel], [], [], min(remaining, 0.5))
    return "".join(chunks)


def read_until(conn, done, timeout: float) -> str:
    """Read ``conn``'s channel (after what Netmiko already buffered) until ``done(text)``.

    Waits on the socket, like :func:`read_output`; DeviceError ``disconnected`` if the
    device closes the channel, ``prompt`` after ``timeout`` seconds without ``done``.
    """
    channel = conn.remote_conn
    text = conn._read_buffer or ""
    conn._read_buffer = ""
    deadline = time.monotonic() + timeout
    while not done(text):
        if channel.recv_ready():
            text += channel.recv(65536).decode("utf-8", errors="replace")
            continue
        if channel.closed or channel.eof_received:
            raise DeviceError(ErrorKind.DISCONNECTED, "the device closed the session")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeviceError(ErrorKind.PROMPT, f"no answer within {timeout:g} s")
        select.select([channel], [], [], min(remaining, 0.5))
    return text


def _after_echo(head: str, command: str) -> str | None:
    """The text after the line that echoes ``command``, or None while that line is incomplete."""
    at = head.find(command)
    if at < 0:
        return None
    end = head.find("\n", at + len(command))
    return None if end < 0 else head[end + 1 :]


def _drop_erase(data: str) -> tuple[str | None, str]:
    """(what to hold back, what is output): the erase run at the start of ``data`` removed.

    The run ends at its last backspace, CR or escape code; spaces after that are the next
    line's indentation. A chunk that is all erase so far is held back (``None`` once done).
    """
    run = _ERASE.match(data).group(0)  # type: ignore[union-attr]
    if len(run) == len(data):
        return data, ""  # maybe more erase to come: hold it
    cut = len(run.rstrip(" "))
    return None, data[cut:]


def _drop_partial_line(chunks: list[str]) -> None:
    """Remove the text after the last newline (the pager marker) from the end of ``chunks``."""
    while chunks:
        last = chunks[-1]
        at = last.rfind("\n")
        if at >= 0:
            chunks[-1] = last[: at + 1]
            return
        chunks.pop()
