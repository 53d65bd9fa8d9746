"""Finite-field Diffie-Hellman (group14, group16) with 512-bit private exponents on our side.

Old devices (IOS 15 and the like) offer only ``diffie-hellman-group14-sha256`` or ``-sha1``.
Paramiko draws the client's private exponent with 1023 bits and raises 2 to it, then the
device's value to it, in Python: ~21 ms of CPU per session, holding the GIL, over half of what
a whole backup of such a device costs the client (~39 ms).

The exponent needs to be about twice the group's security strength, not as long as the modulus:
NIST SP 800-56A rev. 3 (5.6.1.1.4) requires at least 2s bits for these safe-prime groups (s = 112
for 2048 bits: 224 bits, the length OpenSSL uses), and OpenSSH uses twice the largest session
key it derives (512 bits for AES-256 with SHA-256). 512 bits here: the same as OpenSSH, more than
twice NIST's floor, and half the exponentiation time (~10 ms of CPU saved per session).
Only the client side changes, and only when Paramiko's classes still look as expected.
"""

from __future__ import annotations

import secrets
import threading

EXPONENT_BITS = 512

_lock = threading.Lock()
_applied = False


def short_exponents() -> bool:
    """Make Paramiko's client-side group14/group16 exponents ``EXPONENT_BITS`` long (once).

    Returns whether it is in place (False: this Paramiko differs; its own exponents stay)."""
    global _applied
    with _lock:
        if _applied:
            return True
        try:
            from paramiko.kex_group14 import KexGroup14SHA256
        except ImportError:
            return False
        original = getattr(KexGroup14SHA256, "_generate_x", None)
        if original is None or not hasattr(KexGroup14SHA256, "P"):
            return False

        def _generate_x(self) -> None:
            if self.transport.server_mode:
                original(self)
                return
            # Exactly EXPONENT_BITS long (top bit set), so 1 < x < q = (p - 1) / 2.
            self.x = secrets.randbits(EXPONENT_BITS) | (1 << (EXPONENT_BITS - 1))

        KexGroup14SHA256._generate_x = _generate_x  # group16 inherits it
        _applied = True
        return True
