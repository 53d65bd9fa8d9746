"""Encryption of device credentials at rest (Fernet). The key never leaves this module's object."""

from __future__ import annotations

import os
from collections.abc import Mapping
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

    def __repr__(self) -> str:
        return f"SecretBox(source={self.source!r})"

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str, what: str) -> str:
        """Decrypt ``token``; ``what`` names the secret in the error (never its value)."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError):
            raise SecretKeyError(
                f"{what} cannot be decrypted: the secret key from {self.source} is not the key it "
                f"was encrypted with (set {ENV_KEY} or restore the original key file)"
            ) from None


def load_secret_box(key_file: Path, env: Mapping[str, str] | None = None) -> SecretBox:
    """The key from ``NETRAVEN_SECRET_KEY``, else ``key_file`` (made with mode 0600 if missing)."""
    env = os.environ if env is None else env
    if env.get(ENV_KEY):
        return SecretBox(
            env[ENV_KEY].strip().encode("ascii", "replace"), f"environment variable {ENV_KEY}"
        )
    if not key_file.exists():
        _create_key_file(key_file)
    try:
        key = key_file.read_bytes().strip()
    except OSError as error:
        raise SecretKeyError(
            f"the secret key file {key_file} cannot be read: {error.strerror}"
        ) from None
    if not key:
        raise SecretKeyError(f"the secret key file {key_file} is empty")
    return SecretBox(key, f"key file {key_file}")


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return  # another process made it first
    with os.fdopen(fd, "wb") as handle:
        handle.write(Fernet.generate_key() + b"\n")
