"""VyOS and Ubiquiti EdgeOS ``show configuration commands``: ``set`` paths, values in '...'.

The value is the last word of a ``set`` line and free text is in single quotes (Junos uses
double ones, hence a family of its own): a keyword counts only outside single quotes. Secret
nodes: ``encrypted-password``/``plaintext-password``/``password`` (login users, SNMPv3, OSPF,
BGP, VRRP, PPPoE), ``pre-shared-secret`` and ``authentication psk P secret`` (IPsec),
``md5-key``, ``passphrase`` (wireless), ``private-key``/``preshared-key`` (WireGuard),
``private key`` (PKI), ``server A key`` (RADIUS/TACACS+), ``snmp community NAME``.
SSH ``public-keys ... key`` and certificates are public.
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules

# VyOS quotes with '...', EdgeOS with "...": a keyword counts outside both.
_OUTSIDE_QUOTES = r"""^(?:[^'"]|'[^']*'|"[^"]*")*?"""
_VALUE = r"""(?P<v>'[^']*'|"[^"]*"|\S+)"""

RULES = FamilyRules(
    noise=(),
    secrets=(
        _OUTSIDE_QUOTES
        + r"\b(?:encrypted-password|plaintext-password|password|pre-shared-secret|secret|"
        r"md5-key|passphrase|private-key|preshared-key|private key|shared-secret-key|"
        r"(?:server|shared-secret) \S+ key|key-value)\s+" + _VALUE + r"\s*$",
        rf"^\s*set service snmp community\s+{_VALUE}",
        rf"^\s*set service snmp trap-target \S+ community\s+{_VALUE}",
    ),
)
