"""Drop terminal answers the console never asked for from what the client types.

A terminal answers queries with escape sequences on the input side: device attributes
(``ESC[?62;22c``), mode reports (``ESC[?1004;1$y``), colours (``ESC]11;rgb:…``), its version
(``ESC P>|xterm…ESC\\``). An answer to a query made by something else (the user's shell just
before ``ssh``, a multiplexer, the previous program) reaches the console late, and one that
Textual's input parser does not know is replayed as key presses: ``?`` opens the help, ``c``
does whatever ``c`` does. The console itself only asks for modes 2026 and 2048 (its driver's
synchronized-output and in-band-resize queries): those answers go through, the others are
dropped. Keys never start with ``ESC[?``, ``ESC[>``, ``ESC]`` or ``ESC P`` followed by an
answer's shape, so nothing a person types is lost; a possible answer cut between two packets
is held back until the next packet or :meth:`flush` (the session flushes after 50 ms).
"""

from __future__ import annotations

import re

ASKED_MODES = {b"2026", b"2048"}  # Textual 8.2.8 LinuxDriver: DECRQM for these two only
HOLD_LIMIT = 512

_ANSWER = re.compile(
    rb"\x1b\[\?[\d;]*c"  # DA1
    rb"|\x1b\[>[\d;]*c"  # DA2
    rb"|\x1b\[\?(?P<mode>\d+);\d\$y"  # DECRPM (kept for ASKED_MODES)
    rb"|\x1b\[\?\d*u"  # kitty keyboard flags
    rb"|\x1b\[[48];\d+;\d+t"  # window size in pixels / cells
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC answers (colours, clipboard)
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS answers (XTVERSION, DECRQSS, DA3)
)
_PARTIAL = re.compile(
    rb"(?:\x1b\[[?>][\d;]*\$?|\x1b\[[48];[\d;]*|\x1b\][^\x07\x1b]*\x1b?|\x1bP[^\x1b]*\x1b?)\Z"
)


class AnswerFilter:
    def __init__(self) -> None:
        self._held = b""
        self.dropped = 0

    def feed(self, data: bytes) -> bytes:
        """What of ``data`` goes on to the console (answers out, a cut-off tail held)."""
        data = self._held + data
        self._held = b""
        out = _ANSWER.sub(self._keep_asked, data)
        partial = _PARTIAL.search(out)
        if partial is not None and len(out) - partial.start() <= HOLD_LIMIT:
            self._held = out[partial.start() :]
            out = out[: partial.start()]
        return out

    def flush(self) -> bytes:
        """Held bytes that never became an answer (e.g. Alt+] pressed alone)."""
        held, self._held = self._held, b""
        return held

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def _keep_asked(self, match: re.Match[bytes]) -> bytes:
        if match["mode"] is not None and match["mode"] in ASKED_MODES:
            return match[0]
        self.dropped += 1
        return b""
