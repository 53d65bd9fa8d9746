"""HPE Comware 7 ``display current-configuration``: ``#`` separators, ends with ``return``.

Like the real thing it has no line that changes on every read.
"""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS: tuple[str, ...] = ()

NOISE: dict[str, object] = {}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with a Comware current-configuration for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.add("#", f" version 7.1.070, Release {rng.choice(('6635P07', '6710', '3208P03'))}", "#")
    b.add(f" sysname {hostname}", "#", " clock timezone UTC add 00:00:00", " clock protocol ntp")
    b.add("#", " irf mac-address persistent timer", " irf auto-update enable")
    b.add(" undo irf link-delay", " irf member 1 priority 1", "#", " lldp global enable", "#")
    b.add(" system-working-mode standard", " password-recovery enable", "#", "vlan 1", "#")
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 24)))
    for vlan in vlans:
        b.add(f"vlan {vlan}", f" name {base.word(rng).upper()}_{vlan}", "#")
    b.add(" stp global enable", "#", "interface NULL0", "#")
    loop = base.ip(rng, "10.255.0.0/16")
    b.add("interface LoopBack0", f" ip address {loop} 255.255.255.255", "#")
    for vlan in vlans[: rng.randint(1, len(vlans))]:
        b.add(f"interface Vlan-interface{vlan}")
        b.add(f" ip address {base.subnet24(rng)[:-1]}1 255.255.255.0", "#")
    budget = int(target * 0.55)
    for member in range(1, 5):
        for port in range(1, 49):
            if len(b.lines) >= budget:
                break
            b.add(f"interface Ten-GigabitEthernet{member}/0/{port}", " port link-mode bridge")
            if rng.random() < 0.15:
                b.add(" shutdown", "#")
                continue
            b.drifting(lambda r: f" description {base.description(r)}")
            if rng.random() < 0.4:
                b.add(" port link-type trunk")
                b.add(f" port trunk permit vlan {' '.join(map(str, vlans[:4]))}")
            else:
                b.add(f" port access vlan {rng.choice(vlans)}")
            b.add("#")
    b.add(f" ip route-static 0.0.0.0 0 {base.ip(rng)}", "#", f" info-center loghost {base.ip(rng)}")
    b.add("#", " snmp-agent", f" snmp-agent local-engineid 800063A280{rng.getrandbits(48):012X}")
    b.add(f" snmp-agent community read cipher {b.secret(base.comware_cipher(rng))}")
    b.add(" snmp-agent sys-info version v2c v3", "#", " ssh server enable", "#")
    b.add(" ntp-service enable", f" ntp-service unicast-server {base.ip(rng)}", "#")
    tacacs = base.ip(rng)
    b.add(
        "hwtacacs scheme TAC",
        f" primary authentication {tacacs}",
        f" primary authorization {tacacs}",
    )
    b.add(f" key authentication cipher {b.secret(base.comware_cipher(rng))}")
    b.add(f" key authorization cipher {b.secret(base.comware_cipher(rng))}")
    b.add(" user-name-format without-domain", "#", "radius scheme RAD")
    b.add(f" primary authentication {base.ip(rng)}")
    b.add(f" key authentication cipher {b.secret(base.comware_cipher(rng))}", "#")
    b.add("domain system", "#", " domain default enable system", "#")
    for user, role in (("admin", "network-admin"), ("netops", "network-operator")):
        b.add(
            f"local-user {user} class manage", f" password hash {b.secret(base.comware_hash(rng))}"
        )
        b.add(" service-type ssh terminal", f" authorization-attribute user-role {role}", "#")
    _acls(b, target - 8)
    b.add("line class aux", " user-role network-admin", "#", "line vty 0 63")
    b.add(" authentication-mode scheme", " user-role network-operator", "#", "return")


def _acls(b: Builder, until: int) -> None:
    numbers = (3000, 3001, 3002, 3003)
    for i, number in enumerate(numbers):
        b.add(f"acl advanced {number}")
        stop = len(b.lines) + max(3, (until - len(b.lines)) // (len(numbers) - i))
        rule = 5
        while len(b.lines) < stop:
            b.drifting(_rule(rule))
            rule += 5
        b.add("#")


def _rule(n: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("permit", "permit", "deny"))
        port = rng.choice((22, 53, 123, 161, 443, 514))
        return (
            f" rule {n} {action} tcp source {base.subnet24(rng)} 0.0.0.255 "
            f"destination {base.ip(rng)} 0 destination-port eq {port}"
        )

    return make
