"""F5 BIG-IP tmsh ``show running-config`` (``list`` format): ``module object { leaf value }``.

Leaves may share a line (``auth radius-server r1 { secret $M$... server 10.0.0.1 }``), so a
leaf is found anywhere outside double-quoted text. The secret leaves are tmsh's own names:
``encrypted-password`` (auth user), ``secret`` (RADIUS/TACACS+ servers), ``bind-pw`` (LDAP),
``password`` (monitors, SMTP, BGP neighbors), ``passphrase`` (client-ssl keys),
``community-name`` and ``auth-password``/``privacy-password`` (SNMP), ``preshared-key`` and
``preshared-key-encrypted`` (IPsec IKE peers). ``cert-key-chain { ... key NAME }`` names a key
file, not a key.
"""

from __future__ import annotations

from netraven_tui.backup.rules.base import FamilyRules

_OUTSIDE_QUOTES = r'^(?:[^"]|"[^"]*")*?'

RULES = FamilyRules(
    noise=(),
    secrets=(
        _OUTSIDE_QUOTES
        + r"(?<![\w.-])(?:encrypted-password|admin-encrypted-password|secret|bind-pw|password|"
        r"passphrase|community-name|community|auth-password|privacy-password|preshared-key|"
        r"preshared-key-encrypted|auth-key|md5-key)\s+"
        r'(?P<v>"[^"]*"|(?![{}]|none\b)[^\s{}]+)',
    ),
)
