"""Host keys and key-exchange settings of the lab's SSH listeners.

A fleet's host key is random per start (default), read from a file, or derived from a seed:
the same seed gives the same key in every process, two seeds give two keys, so a test can
serve fleet A and then fleet B on the same port and watch a client notice the change.

``legacy_kex`` makes the devices talk like IOS 15: DH group14 key exchange (SHA-1 and SHA-256)
with an RSA host key, AES-CTR/CBC and HMAC-SHA1. ``"sha1-only"`` goes one step older
(group14-sha1 and ``ssh-rsa`` signatures only), which paramiko 5 no longer speaks at all.
"""

from __future__ import annotations

import hashlib
import math
import random
from typing import Any

import asyncssh
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

_LEGACY_KEX = {
    "group14": ["diffie-hellman-group14-sha1", "diffie-hellman-group14-sha256"],
    "sha1-only": ["diffie-hellman-group14-sha1"],
}
_LEGACY_CIPHERS = ["aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc", "aes256-cbc"]
_LEGACY_MACS = ["hmac-sha1", "hmac-sha2-256"]
_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, math.isqrt(p) + 1, 2))]


def host_key(seed: str | None, path: str | None, legacy: str, label: str = "") -> asyncssh.SSHKey:
    """The listener's private key: from ``path``, derived from ``seed``, or random.

    ``legacy`` needs an RSA key (IOS 15 has no other); ``label`` tells keys of the same seed
    apart (the jump host's from the devices').
    """
    if path:
        try:
            key = asyncssh.read_private_key(path)
        except (OSError, asyncssh.KeyImportError) as error:
            raise ValueError(f"cannot read the host key file {path}: {error}") from None
        if legacy and key.get_algorithm() != "ssh-rsa":
            raise ValueError(f"legacy key exchange needs an RSA host key; {path} is not one")
    elif seed is not None:
        key = _rsa_from_seed(f"{seed}:{label}") if legacy else _ed25519_from_seed(f"{seed}:{label}")
    else:
        key = (
            asyncssh.generate_private_key("ssh-rsa", key_size=2048)
            if legacy
            else asyncssh.generate_private_key("ssh-ed25519")
        )
    if legacy == "sha1-only":
        # The key's own list decides which host key algorithms the server offers.
        key.sig_algorithms = (b"ssh-rsa",)  # type: ignore[misc]
    return key


def listen_options(legacy: str) -> dict[str, Any]:
    """Keyword arguments for ``asyncssh.listen`` restricting the algorithms (none if modern)."""
    if not legacy:
        return {}
    return {
        "kex_algs": _LEGACY_KEX[legacy],
        "encryption_algs": _LEGACY_CIPHERS,
        "mac_algs": _LEGACY_MACS,
    }


def public_line(key: asyncssh.SSHKey) -> str:
    """``ssh-ed25519 AAAA...``: the public half in OpenSSH format, without a comment."""
    algorithm, data = key.export_public_key("openssh").decode("ascii").split()[:2]
    return f"{algorithm} {data}"


def _ed25519_from_seed(seed: str) -> asyncssh.SSHKey:
    raw = hashlib.sha256(f"netraven-lab:{seed}:ed25519".encode()).digest()
    private = ed25519.Ed25519PrivateKey.from_private_bytes(raw)
    return _import(private)


def _rsa_from_seed(seed: str) -> asyncssh.SSHKey:
    """A 2048-bit RSA key whose primes come from a seeded generator (~0.1-0.3 s)."""
    rng = random.Random(f"netraven-lab:{seed}:rsa")
    e = 65537
    while True:
        p, q = _prime(rng, 1024), _prime(rng, 1024)
        phi = (p - 1) * (q - 1)
        if p != q and math.gcd(e, phi) == 1:
            break
    d = pow(e, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(e, p * q)
    )
    return _import(numbers.private_key())


def _prime(rng: random.Random, bits: int) -> int:
    while True:
        # Top two bits set: the product of two such primes has exactly 2 * bits bits.
        candidate = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if any(candidate % p == 0 for p in _SMALL_PRIMES):
            continue
        if _probably_prime(candidate, rng):
            return candidate


def _probably_prime(n: int, rng: random.Random, rounds: int = 12) -> bool:
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _import(private: Any) -> asyncssh.SSHKey:
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    return asyncssh.import_private_key(pem)
