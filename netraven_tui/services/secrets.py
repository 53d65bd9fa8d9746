"""Encryption of device credentials at rest (Fernet). The key never leaves this module's object."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from netraven_tui.domain import SecretKeyError

ENV_KEY = "NETRAVEN_SECRET_KEY"


class SecretBox:
    """Encrypts and decrypts credential secrets with one Fernet key."""

    def __init__(self, key: bytes, source: str) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError):
            raise SecretKeyError(
                f"the secret key from {source} is not a valid Fernet key "
                "(expected 32 url-safe base64-encoded bytes, as made by `Fernet.generate_key()`)"
            ) from None
        self.source = source
        self.warning: str | None = None  # something the person starting the program should know

    def __repr__(self) -> str:
        return f"SecretBox(source={self.source!r})"

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def can_decrypt(self, token: str) -> bool:
        try:
            self._fernet.decrypt(token.encode("ascii"))
        except (InvalidToken, ValueError):
            return False
        return True

    def require(self) -> None:
        """Raise SecretKeyError if the key cannot be used (see UnavailableSecretBox)."""

    def decrypt(self, token: str, what: str) -> str:
        """Decrypt ``token``; ``what`` names the secret in the error (never its value)."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError):
            raise SecretKeyError(
                f"{what} cannot be decrypted: the secret key from {self.source} is not the key it "
                f"was encrypted with (set {ENV_KEY} or restore the original key file)"
            ) from None


class UnavailableSecretBox(SecretBox):
    """Stands in for the key when it is missing or wrong: every use raises the same one line.

    Commands that never touch a secret (lists, exports, deleting a credential) still work.
    """

    def __init__(self, error: SecretKeyError, source: str) -> None:
        self.error = error
        self.source = source
        self.warning = None

    def encrypt(self, plaintext: str) -> str:
        raise self.error

    def can_decrypt(self, token: str) -> bool:
        return False

    def decrypt(self, token: str, what: str) -> str:
        raise self.error

    def require(self) -> None:
        raise self.error


def open_secret_box(
    key_file: Path,
    stored: Sequence[tuple[str, str]],
    env: Mapping[str, str] | None = None,
    require: bool = True,
) -> SecretBox:
    """The key from ``NETRAVEN_SECRET_KEY``, else ``key_file``, checked against ``stored``.

    ``stored`` holds (credential name, token) of every encrypted secret in the database. A key
    file is made (mode 0600) only while there is none: when secrets exist and the key is
    missing or does not decrypt them, that is a SecretKeyError saying where the key was expected
    (raised now with ``require``, else on first use, so commands that need no secret still run).
    A key file others can read is made private and reported in ``box.warning``.
    """
    env = os.environ if env is None else env
    if env.get(ENV_KEY):
        source = f"environment variable {ENV_KEY}"
        box = SecretBox(env[ENV_KEY].strip().encode("ascii", "replace"), source)
    else:
        source = f"key file {key_file}"
        if not key_file.exists():
            if stored:
                return _unavailable(
                    SecretKeyError(
                        f"the secret key file {key_file} is missing, but the database holds "
                        f"{_credentials(stored)} encrypted with it: restore it from your backup (or "
                        f"set {ENV_KEY}); no new key is made while encrypted credentials exist"
                    ),
                    source,
                    require,
                )
            _create_key_file(key_file)
        box = SecretBox(_read_key(key_file), source)
        box.warning = _make_private(key_file)
    unreadable = sorted({name for name, token in stored if not box.can_decrypt(token)})
    if unreadable:
        return _unavailable(
            SecretKeyError(
                f"the secret key from {source} does not decrypt {len(unreadable)} of the "
                f"{_credentials(stored)} in the database (e.g. {unreadable[0]!r}): restore the "
                f"key they were encrypted with (or set {ENV_KEY} to it)"
            ),
            source,
            require,
        )
    return box


def load_secret_box(key_file: Path, env: Mapping[str, str] | None = None) -> SecretBox:
    """The key alone, unchecked (made if missing): for tools that have no database."""
    return open_secret_box(key_file, (), env)


def _unavailable(error: SecretKeyError, source: str, require: bool) -> SecretBox:
    if require:
        raise error
    return UnavailableSecretBox(error, source)


def _credentials(stored: Sequence[tuple[str, str]]) -> str:
    count = len({name for name, _ in stored})
    return f"{count} credential{'s' if count != 1 else ''}"


def _read_key(key_file: Path) -> bytes:
    try:
        key = key_file.read_bytes().strip()
    except OSError as error:
        raise SecretKeyError(
            f"the secret key file {key_file} cannot be read: {error.strerror}"
        ) from None
    if not key:
        raise SecretKeyError(f"the secret key file {key_file} is empty")
    return key


def _make_private(key_file: Path) -> str | None:
    """Make the key file 0600; a warning if others could read it until now."""
    try:
        mode = stat.S_IMODE(key_file.stat().st_mode)
    except OSError:
        return None
    if not mode & 0o077:
        return None
    try:
        os.chmod(key_file, 0o600)
    except OSError as error:
        return (
            f"the secret key file {key_file} is readable by others (mode {mode:04o}) and cannot be "
            f"made private ({error.strerror}): run chmod 600 {key_file}"
        )
    return (
        f"the secret key file {key_file} was readable by others (mode {mode:04o}); it is now "
        "0600, but anyone who read it can decrypt the stored credentials: consider replacing them"
    )


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return  # another process made it first
    with os.fdopen(fd, "wb") as handle:
        handle.write(Fernet.generate_key() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
