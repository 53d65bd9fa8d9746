"""Pseudo-terminals for the session consoles, and putting the client's terminal back after.

Known traps of serving a full-screen app over SSH (Textual issue #1006, textual-serve, xthulu):

- *raw mode set too late*: between the session's start and the app switching its terminal to
  raw mode, a cooked pty echoes whatever arrives, and the answers a terminal sends to the
  app's queries (``ESC[?2026;2$y`` …) show up on screen or sit in a line buffer. The pty is
  raw before the child starts, so nothing is echoed or held back, ever.
- *mouse modes left on*: a console that is killed (disconnect, idle timeout, crash) never
  sends its own clean-up, and the user's terminal keeps reporting mouse moves as garbage.
  :data:`RESET` is sent after every console, however it ended.
- *query answers leaking in as keys*: answers arrive after the app asked, possibly after it
  exited; with the pty raw they reach the app's input parser (which knows them) instead of
  being echoed, and after the child ended the server drops client input.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import struct
import termios
import tty

# Mouse tracking (1000/1002/1003 and the 1005/1006/1015 encodings), focus events (1004),
# bracketed paste (2004), synchronized output (2026), in-band resize (2048) off; the kitty
# keyboard protocol popped; line wrap back on (7); normal screen, cursor shown, colours reset.
RESET = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1005l\x1b[?1006l\x1b[?1015l"
    b"\x1b[?1004l\x1b[?2004l\x1b[?2026l\x1b[?2048l\x1b[<u\x1b[?7h"
    b"\x1b[?1049l\x1b[?25h\x1b[0m\r\n"
)


def open_pty(columns: int, rows: int, raw: bool = True) -> tuple[int, int]:
    """A new pty pair (master, slave), sized; ``raw`` for a full-screen app, with output
    newline translation kept so that a message printed before or after the app reads right."""
    master, slave = os.openpty()
    set_size(master, columns, rows)
    if raw:
        tty.setraw(slave, termios.TCSANOW)
        attrs = termios.tcgetattr(slave)
        attrs[1] |= termios.OPOST | termios.ONLCR
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
    os.set_blocking(master, False)
    return master, slave


def set_size(fd: int, columns: int, rows: int, width_px: int = 0, height_px: int = 0) -> None:
    """Tell the pty (and so, with SIGWINCH, the app on it) its new size."""
    columns, rows = max(1, min(columns or 80, 1000)), max(1, min(rows or 24, 1000))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, width_px, height_px))


def take_controlling_terminal(fd: int = 0) -> None:
    """Make the pty on ``fd`` this (session leader) process's controlling terminal, so that
    resizes arrive as SIGWINCH and the pty's closing as SIGHUP."""
    if os.isatty(fd):
        # OSError: already ours, or not a session leader (started by hand).
        with contextlib.suppress(OSError):
            fcntl.ioctl(fd, termios.TIOCSCTTY, 0)
