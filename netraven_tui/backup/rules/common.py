"""Pieces shared by the rule families: value shapes and the IOS-like secret patterns.

The IOS-like patterns follow Cisco's command references (IOS/IOS-XE, NX-OS, IOS-XR) and
Arista's EOS manual; each family module picks the ones its syntax uses and adds its own.
"""

from __future__ import annotations

# Credentials inside a URL, in every family: "archive path scp://user:pass@host/$h",
# "set system config-management commit-archive location 'sftp://user:pass@host/'".
URL_PASSWORD = r"\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@'\"]+:(?P<v>[^\s@/'\"]+)@"
COMMON_SECRETS = (URL_PASSWORD,)

# Lines every family drops (IOS-style banners printed before the configuration).
COMMON_NOISE = (
    r"^Building configuration\.\.\.\s*$",
    r"^Current configuration\s*:\s*\d+ bytes\s*$",
)

# An optional encryption type between a keyword and its value: "secret 5 ...", "sha512 ...".
TYPE = (
    r"(?:\s+(?:\d{1,2}|sha512|sha256|md5|pbkdf2|scrypt|hidden|encrypted|clear|plain|cipher|"
    r"ciphertext|plaintext))?"
)

# A value that may be quoted (Junos, VyOS, ProCurve, NX-OS keys).
QUOTED_OR_WORD = r"""(?P<v>"[^"]*"|'[^']*'|\S+)"""

# Words that follow "password"/"secret" as keywords, not as values ("password encryption aes",
# "no password strength-check", "enable password level 5 ...").
NOT_A_VALUE = (
    r"(?!(?:level|encryption|strength-check|minimum-length|min-length|manager|operator|policy|"
    r"history|complexity|expire|aging|lockout|hmac-md5|text)\b)"
)

ENABLE = rf"^\s*enable (?:secret|password)(?: level \d+)?{TYPE}\s+(?P<v>\S+)"
USERNAME = rf"^\s*username \S+.*?\b(?:secret|password){TYPE}\s+(?P<v>\S+)"
SNMP_COMMUNITY = r"^\s*snmp-server community\s+(?P<v>\S+)"
# snmp-server host ADDR [vrf V] [informs|traps] [version 1|2c] COMMUNITY; a version 3 host
# names a user there, not a secret, and NX-OS prints "use-vrf" / "filter-vrf" lines.
SNMP_HOST = (
    r"^\s*snmp-server host \S+(?: vrf \S+)?(?: (?:informs|traps))?(?: version (?:1|2c))?"
    r"\s+(?P<v>(?!(?:informs|traps|version|vrf|use-vrf|filter-vrf|source-interface)\b)\S+)"
)
SNMP_USER_AUTH = rf"^\s*snmp-server user \S+.*?\bauth (?:md5|sha\S*){TYPE}\s+(?P<v>\S+)"
SNMP_USER_PRIV = (
    rf"^\s*snmp-server user \S+.*?\bpriv(?: encrypted)?(?: (?:des|3des|aes(?: \d+)?|aes-?\d+))?{TYPE}"
    r"\s+(?P<v>\S+)"
)
TACACS_RADIUS_KEY = rf"^\s*(?:tacacs-server|radius-server)(?: host \S+.*?)? key{TYPE}\s+(?P<v>\S+)"
SERVER_PRIVATE_KEY = rf"^\s*server-private \S+.*?\bkey{TYPE}\s+(?P<v>\S+)"
# "key 7 0822455D0A16" in a server, key-chain or group submode; "key 1" alone is a key id.
TYPED_KEY = r"^\s+(?:key|server-key|pac key)\s+(?:\d|encrypted|ciphertext|plaintext)\s+(?P<v>\S+)"
UNTYPED_KEY = r"^\s+(?:key|server-key|pac key)\s+(?P<v>(?!\d+\s*$)\S+)\s*$"
KEY_STRING = (
    r"^\s*key-string(?: (?:password|clear|encrypted|ciphertext|plaintext))?(?: \d)?\s+(?P<v>\S+)"
)
# OSPF, IS-IS and NTP: "ip ospf authentication-key 7 K", "ntp authentication-key 1 md5 K 7",
# "ntp authentication-key 1 md5 7 K" (EOS), " authentication-key 1 md5 encrypted K" (XR).
AUTHENTICATION_KEY = (
    rf"\bauthentication-key(?: key-id \d+| \d+)?(?: (?:md5|sha1|sha256|hmac-sha-?\d+|cmac-aes-128))?{TYPE}"
    r"\s+(?P<v>\S+)"
)
MESSAGE_DIGEST_KEY = rf"\bmessage-digest-key \d+ md5{TYPE}\s+(?P<v>\S+)"
AUTHENTICATION_KEY_EOS = rf"^\s*(?:isis )?authentication key{TYPE}\s+(?P<v>\S+)"
NEIGHBOR_PASSWORD = rf"^\s*neighbor \S+ password{TYPE}\s+(?P<v>\S+)"
# Keyrings: "pre-shared-key address A [MASK] key K", "pre-shared-key hostname H key K";
# IKEv2 keyring peers: "pre-shared-key [local|remote] [0|6] K".
KEYRING_ADDRESS = (
    rf"^\s*pre-shared-key (?:address \S+(?: \S+)?|hostname \S+) key{TYPE}\s+(?P<v>\S+)"
)
PRE_SHARED_KEY = (
    rf"^\s*pre-shared-key(?: (?:local|remote))?(?: password)?{TYPE}"
    r"\s+(?P<v>(?!(?:address|hostname)\b)\S+)"
)
IKEV2_PROFILE_KEY = rf"^\s*authentication (?:local|remote) pre-share key{TYPE}\s+(?P<v>\S+)"
ISAKMP_KEY = rf"^\s*crypto isakmp key{TYPE}\s+(?P<v>\S+)"
# HSRP/VRRP on the interface ("standby 1 authentication md5 key-string 7 K", EOS "vrrp 1 peer
# authentication text K"), not "... authentication md5 key-chain NAME".
FHRP_INTERFACE = (
    rf"^\s*(?:standby|vrrp) \d+(?: peer)? authentication(?: (?:md5|ietf-md5) key-string| text)?"
    rf"{TYPE}\s+(?P<v>(?!(?:md5|ietf-md5|text|key-chain)\b)\S+)"
)
# ... and inside an NX-OS hsrp/vrrp group: "authentication md5 key-string 7 K", "authentication text K".
FHRP_GROUP = rf"^\s+authentication (?:md5 key-string(?: encrypted)?|text){TYPE}\s+(?P<v>\S+)"
PPP = rf"^\s*ppp (?:chap|pap) (?:password|sent-username \S+ password){TYPE}\s+(?P<v>\S+)"
NHRP = r"^\s*ip nhrp authentication\s+(?P<v>\S+)"
# Autonomous AP "wpa-psk ascii 0 K"; Catalyst 9800 WLAN "security wpa psk set-key ascii 0 K".
WPA_PSK = rf"^\s*(?:wpa-psk|security wpa psk set-key) (?:ascii|hex){TYPE}\s+(?P<v>\S+)"
# Anything else called a secret or a password ("area-password K", "ip ftp password 7 K").
ANY_SECRET = rf"\bsecret{TYPE}\s+{NOT_A_VALUE}(?P<v>\S+)"
ANY_PASSWORD = rf"\bpassword{TYPE}\s+{NOT_A_VALUE}(?P<v>\S+)"

IOS_LIKE_SECRETS = (
    ENABLE,
    USERNAME,
    SNMP_COMMUNITY,
    SNMP_HOST,
    SNMP_USER_AUTH,
    SNMP_USER_PRIV,
    TACACS_RADIUS_KEY,
    SERVER_PRIVATE_KEY,
    TYPED_KEY,
    UNTYPED_KEY,
    KEY_STRING,
    AUTHENTICATION_KEY,
    MESSAGE_DIGEST_KEY,
    AUTHENTICATION_KEY_EOS,
    NEIGHBOR_PASSWORD,
    KEYRING_ADDRESS,
    PRE_SHARED_KEY,
    IKEV2_PROFILE_KEY,
    ISAKMP_KEY,
    FHRP_INTERFACE,
    FHRP_GROUP,
    PPP,
    NHRP,
    WPA_PSK,
    ANY_SECRET,
    ANY_PASSWORD,
)

# Free text: interface descriptions, exec aliases, ACL remarks, the banner line itself.
IOS_LIKE_VERBATIM = (
    r"^\s*(?:description|alias|banner)\b",
    r"^\s*(?:\d+ )?remark\b",
    r"^\s*(?:ip(?:v6)? )?access-list \S+(?: \S+)? remark\b",
)
