"""Shared pieces of the config generators: the line builder, addresses and planted secrets.

Every generator draws from one ``random.Random`` seeded per device, so the same seed and
hostname always give the same text. Noise lines are placeholders (``NOISE_MARK + key``) that
:func:`netraven_tui.lab.configs.render` fills at read time.
"""

from __future__ import annotations

import ipaddress
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

NOISE_MARK = "\x00noise:"

LineFactory = Callable[[random.Random], str]

_CRYPT = string.ascii_letters + string.digits + "./"
_JUNOS9 = string.ascii_letters + string.digits + "./-"
_B64 = string.ascii_letters + string.digits + "+/"
_HUAWEI = string.ascii_letters + string.digits + "!\"'()*+,-:;<=?@[]_`{|}~"
_WORDS = (
    "core",
    "edge",
    "dist",
    "access",
    "wan",
    "dmz",
    "mgmt",
    "backup",
    "voice",
    "guest",
    "storage",
    "printer",
    "camera",
    "lab",
    "transit",
    "peering",
    "uplink",
    "server",
)
_SITES = ("ams", "fra", "lon", "par", "nyc", "sfo", "sin", "tyo", "syd", "gru", "jnb", "mad")
ROLES = ("core", "distribution", "access", "edge", "datacenter", "branch")


@dataclass
class Builder:
    """Collects config lines, the secret values planted in them and the lines drift may rewrite."""

    rng: random.Random
    lines: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    mutable: list[tuple[int, LineFactory]] = field(default_factory=list)
    # 0: a normal-sized config; else the generator grows its rule sections to this many lines.
    huge_lines: int = 0

    def target_lines(self) -> int:
        """How many lines this config should have: 300..3000, or ``huge_lines`` when set."""
        normal = target_lines(self.rng)  # drawn either way, so the rest of the config is the same
        return max(normal, self.huge_lines)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def noise(self, key: str) -> None:
        """A line rendered fresh on every read (timestamps, byte counts, uptime)."""
        self.lines.append(NOISE_MARK + key)

    def secret(self, value: str) -> str:
        """Record ``value`` as planted secret and return it for use in a line."""
        self.secrets.append(value)
        return value

    def drifting(self, factory: LineFactory) -> None:
        """Add a line drift may later replace with another ``factory(rng)`` result."""
        self.mutable.append((len(self.lines), factory))
        self.lines.append(factory(self.rng))


# --------------------------------------------------------------------------- secrets


def access_lists(
    b: Builder,
    names: list[str],
    header: Callable[[str], str],
    line: Callable[[int], LineFactory],
    until: int,
    min_lines: int,
    closer: str | None,
) -> None:
    """ACL sections sharing the lines left until ``until``, each rule a drifting line (seq 10, 20…)."""
    for index, name in enumerate(names):
        b.add(header(name))
        stop = len(b.lines) + max(min_lines, (until - len(b.lines)) // (len(names) - index))
        seq = 10
        while len(b.lines) < stop:
            b.drifting(line(seq))
            seq += 10
        if closer is not None:
            b.add(closer)


def md5_crypt(rng: random.Random) -> str:
    """A ``$1$salt$hash`` string like IOS ``enable secret 5``."""
    return f"$1${_pick(rng, _CRYPT, 4)}${_pick(rng, _CRYPT, 22)}"


def sha512_crypt(rng: random.Random) -> str:
    """A ``$6$salt$hash`` string like Junos and EOS password hashes."""
    return f"$6${_pick(rng, _CRYPT, 16)}${_pick(rng, _CRYPT, 86)}"


def sha256_crypt(rng: random.Random) -> str:
    return f"$5${_pick(rng, _CRYPT, 16)}${_pick(rng, _CRYPT, 43)}"


def type7(rng: random.Random) -> str:
    """A Cisco type 7 string: two decimal digits then upper-case hex, e.g. ``0822455D0A16``."""
    return f"{rng.randint(0, 15):02d}" + "".join(
        f"{rng.randint(0, 255):02X}" for _ in range(rng.randint(6, 12))
    )


def junos9(rng: random.Random) -> str:
    """A Junos ``$9$`` reversible secret."""
    return "$9$" + _pick(rng, _JUNOS9, rng.randint(18, 40))


def huawei_cipher(rng: random.Random) -> str:
    """A Huawei ``%^%#...%^%#`` cipher string."""
    return "%^%#" + _pick(rng, _HUAWEI, 48) + "%^%#"


def huawei_irreversible(rng: random.Random) -> str:
    return "$1a$" + _pick(rng, _CRYPT, 54) + "$"


def asa_pbkdf2(rng: random.Random) -> str:
    """An ASA 9.x ``$sha512$5000$salt$hash`` string (followed by ``pbkdf2`` in the config)."""
    return f"$sha512$5000${_pick(rng, _B64, 22)}==${_pick(rng, _B64, 22)}=="


def asa_md5(rng: random.Random) -> str:
    """An old ASA ``... encrypted`` password: 16 characters of the crypt alphabet."""
    return _pick(rng, _CRYPT, 16)


def panos_encrypted(rng: random.Random) -> str:
    """A PAN-OS encrypted value such as ``-AQ==kd/g8ZDuXyQ9...=``."""
    return "-AQ==" + _pick(rng, _B64, rng.choice((28, 44, 64))) + "="


def fortios_enc(rng: random.Random) -> str:
    """A FortiOS ``ENC`` value (base64 of a salted ciphertext)."""
    return _pick(rng, _B64, rng.choice((88, 108, 128))) + "=="


def fortios_admin(rng: random.Random) -> str:
    """A FortiOS administrator hash, ``SH2`` + base64."""
    return "SH2" + _pick(rng, _B64, 59) + "="


def comware_hash(rng: random.Random) -> str:
    """A Comware 7 ``password hash $h$6$...`` value."""
    return f"$h$6${_pick(rng, _B64, 22)}==${_pick(rng, _B64, 86)}=="


def comware_cipher(rng: random.Random) -> str:
    """A Comware 7 reversible ``cipher $c$3$...`` value."""
    return "$c$3$" + _pick(rng, _B64, rng.choice((24, 32, 44))) + "="


def sha1_hex(rng: random.Random) -> str:
    """40 lower-case hex digits, like ProCurve's ``password manager ... sha1 "..."``."""
    return "".join(rng.choice("0123456789abcdef") for _ in range(40))


def community(rng: random.Random, access: str) -> str:
    """An SNMP community such as ``S3cr3tRO4821``."""
    stem = rng.choice(("S3cr3t", "N0cView", "Pr1vate", "M0nit0r", "Netw0rk"))
    return f"{stem}{access}{rng.randint(1000, 9999)}"


def plain_secret(rng: random.Random, prefix: str) -> str:
    return f"{prefix}-{_pick(rng, string.ascii_letters + string.digits, 12)}"


# --------------------------------------------------------------------------- addresses & words


def ip(rng: random.Random, net: str = "10.0.0.0/8") -> str:
    """A host address inside ``net`` (IPv4)."""
    first, size = _network(net)
    x = first + rng.randint(1, size - 2)
    return f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}"


@lru_cache(maxsize=64)
def _network(net: str) -> tuple[int, int]:
    # Parsing the network on every call was most of the cost of a 5 MB config.
    network = ipaddress.IPv4Network(net)
    return int(network.network_address), network.num_addresses


def p2p(rng: random.Random) -> tuple[str, str]:
    """Both ends of a /30 in 10.128.0.0/9."""
    base = rng.randrange(0x0A800000, 0x0AFFFFFC, 4)
    return str(ipaddress.IPv4Address(base + 1)), str(ipaddress.IPv4Address(base + 2))


def subnet24(rng: random.Random) -> str:
    """The network address of a /24 in 10.0.0.0/9 (``10.x.y.0``)."""
    return f"10.{rng.randint(0, 127)}.{rng.randint(0, 255)}.0"


def description(rng: random.Random) -> str:
    """An interface description an operator might write."""
    kind = rng.choice(("to", "link to", "uplink", "server", "AP", "trunk to"))
    peer = f"{rng.choice(_SITES)}-{rng.choice(_WORDS)}-{rng.randint(1, 40):02d}"
    ticket = f" CHG{rng.randint(10000, 99999)}" if rng.random() < 0.3 else ""
    return f"{kind} {peer} port {rng.randint(1, 48)}{ticket}"


def word(rng: random.Random) -> str:
    return rng.choice(_WORDS)


def site(rng: random.Random) -> str:
    return rng.choice(_SITES)


def target_lines(rng: random.Random) -> int:
    """How many lines this device's config should have (inside the 300..3000 promise)."""
    # Most real devices are small; a few are big.
    if rng.random() < 0.7:
        return rng.randint(330, 1200)
    return rng.randint(1200, 2850)


def _pick(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))
