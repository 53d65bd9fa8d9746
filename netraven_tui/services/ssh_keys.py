"""OpenSSH public key lines: parse, check and fingerprint them (no SSH library needed).

A line is ``TYPE BASE64 [COMMENT]``, as in ``~/.ssh/id_ed25519.pub`` or ``authorized_keys``.
The blob must name the same type as the line; keys `cryptography` can load are loaded to prove
they are well formed (and RSA keys shorter than 2048 bits are refused). Security-key types
(``sk-…@openssh.com``) are only checked for shape: the server verifies their signatures.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from netraven_tui.domain import ValidationError

LOADABLE = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
)
SECURITY_KEYS = ("sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com")
MIN_RSA_BITS = 2048
_EXPECTED = (
    "expected an OpenSSH public key line 'TYPE BASE64 [COMMENT]' (the contents of a .pub file)"
)


@dataclass(frozen=True, slots=True)
class PublicKey:
    algorithm: str
    blob: bytes
    comment: str

    @property
    def line(self) -> str:
        """``TYPE BASE64``, the form stored and compared (the comment is kept apart)."""
        return f"{self.algorithm} {base64.b64encode(self.blob).decode()}"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.blob)


def fingerprint(blob: bytes) -> str:
    """``SHA256:…`` of a key blob, exactly as ``ssh-keygen -lf`` and OpenSSH print it."""
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


def parse_public_key(text: str, field: str = "key") -> PublicKey:
    """One public key from ``text`` (the first non-comment line); ValidationError if it is not."""
    if "PRIVATE KEY" in text:
        # Never echo it back: this is someone's secret pasted in the wrong place.
        raise ValidationError(field, "this is a private key; give the public key (the .pub file)")
    lines = [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not lines:
        raise ValidationError(field, f"is empty; {_EXPECTED}")
    if len(lines) > 1:
        raise ValidationError(field, f"holds {len(lines)} lines; add one key at a time")
    parts = lines[0].split(None, 2)
    algorithm = parts[0]
    if algorithm not in LOADABLE + SECURITY_KEYS:
        known = ", ".join(LOADABLE + SECURITY_KEYS)
        raise ValidationError(
            field,
            f"{_short(algorithm)!r} is not a key type this server accepts ({known}); {_EXPECTED}",
        )
    if len(parts) < 2:
        raise ValidationError(field, f"the base64 part is missing; {_EXPECTED}")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(field, f"the key data is not valid base64; {_EXPECTED}") from None
    if _blob_type(blob) != algorithm:
        raise ValidationError(field, f"the key data does not hold a {algorithm} key")
    if algorithm in LOADABLE:
        _check_loadable(algorithm, blob, field)
    comment = parts[2].strip() if len(parts) > 2 else ""
    return PublicKey(algorithm, blob, comment[:255])


def _blob_type(blob: bytes) -> str | None:
    if len(blob) < 4:
        return None
    (length,) = struct.unpack(">I", blob[:4])
    if length > 64 or len(blob) < 4 + length:
        return None
    try:
        return blob[4 : 4 + length].decode("ascii")
    except UnicodeDecodeError:
        return None


def _check_loadable(algorithm: str, blob: bytes, field: str) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_ssh_public_key

    try:
        key = load_ssh_public_key(f"{algorithm} {base64.b64encode(blob).decode()}".encode())
    except (ValueError, TypeError):
        raise ValidationError(field, f"the key data is not a well-formed {algorithm} key") from None
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        raise ValidationError(
            field, f"RSA key of {key.key_size} bits is too short (at least {MIN_RSA_BITS})"
        )


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
