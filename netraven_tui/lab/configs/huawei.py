"""Huawei VRP ``display current-configuration``."""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS = (
    r"^!Software Version ",
    r"^!Last configuration was updated at ",
    r"^!Last configuration was saved at ",
)

NOISE = {
    "version": lambda ctx: "!Software Version V200R019C10SPC500",
    "updated": lambda ctx: (
        f"!Last configuration was updated at {ctx.changed:%Y-%m-%d %H:%M:%S}+00:00 by admin"
    ),
    "saved": lambda ctx: f"!Last configuration was saved at {ctx.saved:%Y-%m-%d %H:%M:%S}+00:00",
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with a VRP current-configuration for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.noise("version")
    b.noise("updated")
    b.noise("saved")
    b.add("#", f" sysname {hostname}", "#", f" info-center loghost {base.ip(rng)}", "#")
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 24)))
    b.add("vlan batch " + " ".join(map(str, vlans)), "#", " stp mode rstp", "#")
    b.add("hwtacacs-server template TAC", f" hwtacacs-server authentication {base.ip(rng)} 49")
    b.add(f" hwtacacs-server shared-key cipher {b.secret(base.huawei_cipher(rng))}", "#")
    b.add("aaa", " authentication-scheme default", "  authentication-mode hwtacacs local")
    b.add(
        f" local-user admin password irreversible-cipher {b.secret(base.huawei_irreversible(rng))}"
    )
    b.add(" local-user admin privilege level 15", " local-user admin service-type ssh terminal")
    b.add(f" local-user netops password cipher {b.secret(base.huawei_cipher(rng))}", "#")
    tail = 40
    _acls(b, int(target * 0.35))
    for vlan in vlans[: rng.randint(1, len(vlans))]:
        b.add(f"interface Vlanif{vlan}")
        b.drifting(lambda r: f" description SVI {base.word(r)} {r.randint(1, 99)}")
        b.add(f" ip address {base.subnet24(rng)[:-1]}1 255.255.255.0", "#")
    slot, port = 0, 1
    while len(b.lines) < target - tail and slot < 10:
        b.add(f"interface GigabitEthernet{slot}/0/{port}")
        b.drifting(lambda r: f" description {base.description(r)}")
        if rng.random() < 0.4:
            b.add(
                " port link-type trunk",
                f" port trunk allow-pass vlan {' '.join(map(str, vlans[:4]))}",
            )
        else:
            b.add(" port link-type access", f" port default vlan {rng.choice(vlans)}")
        b.add("#")
        port += 1
        if port > 48:
            slot, port = slot + 1, 1
    loop = base.ip(rng, "10.255.0.0/16")
    b.add("interface LoopBack0", f" ip address {loop} 255.255.255.255", "#")
    b.add(f"ospf 1 router-id {loop}", " area 0.0.0.0", "  network 10.0.0.0 0.255.255.255")
    b.add(f"  authentication-mode md5 1 cipher {b.secret(base.huawei_cipher(rng))}", "#")
    b.add(f"bgp {rng.randint(64512, 65534)}")
    for _ in range(rng.randint(2, 4)):
        peer = base.ip(rng)
        b.add(f" peer {peer} as-number {rng.randint(64512, 65534)}")
        b.add(f" peer {peer} password cipher {b.secret(base.huawei_cipher(rng))}")
    b.add("#", f" snmp-agent community read cipher {b.secret(base.huawei_cipher(rng))}")
    b.add(" snmp-agent sys-info version v2c v3", "#", " stelnet server enable")
    b.add(" ssh authentication-type default password", "#")
    b.add("user-interface con 0", " authentication-mode aaa", "user-interface vty 0 4")
    b.add(
        " authentication-mode aaa",
        " protocol inbound ssh",
        "#",
        f" ntp-service unicast-server {base.ip(rng)}",
    )
    b.add("#", "return")


def _acls(b: Builder, until: int) -> None:
    for i, number in enumerate(range(3000, 3005)):
        b.add(f"acl number {number}")
        stop = len(b.lines) + max(3, (until - len(b.lines)) // (5 - i))
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
