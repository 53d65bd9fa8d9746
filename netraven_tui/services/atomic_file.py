"""Writing a file a user named, so that it is complete or untouched, and nothing else is hit.

The text goes to a temporary file created exclusively (``mkstemp``: O_EXCL, mode 0600, an
unpredictable name) in the target's own folder, is flushed to disk, then renamed over the target.
A symlink planted at a guessable name is never followed (there is no guessable name), a symlink
at the target itself is replaced rather than written through, and on any error the temporary
file is removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from netraven_tui.domain import ValidationError


def write_atomically(target: Path, write: Callable[[TextIO], int], field: str = "file") -> int:
    """Call ``write(handle)`` on a temporary file, then rename it to ``target``; returns its count.

    A target that is a folder, or a folder that does not exist or cannot be written, is a
    one-line ValidationError(``field``).
    """
    target = Path(target).expanduser()
    if target.is_dir():
        raise ValidationError(
            field, f"{target} is a folder; give a file name (e.g. {target}/devices.csv)"
        )
    folder = target.parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise ValidationError(field, _reason(error, folder, "in")) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise ValidationError(field, _reason(error, target, "to")) from None
        raise
    _sync_folder(folder)
    return count


def _reason(error: OSError, where: Path, preposition: str) -> str:
    if error.errno == errno.ENOENT:
        return f"folder {where} does not exist"
    if error.errno == errno.ENOSPC:
        return f"no space left on device writing {preposition} {where}"
    if error.errno == errno.EISDIR:
        return f"{where} is a folder; give a file name"
    return f"cannot write {preposition} {where}: {error.strerror}"


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some filesystems refuse to fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
