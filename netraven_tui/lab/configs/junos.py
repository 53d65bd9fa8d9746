"""Juniper Junos ``show configuration | display set``."""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS = (r"^## Last commit: ",)

NOISE = {
    "commit": lambda ctx: f"## Last commit: {ctx.changed:%Y-%m-%d %H:%M:%S} UTC by admin",
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with Junos set-commands for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.noise("commit")
    b.add("set version 21.4R3.15", f"set system host-name {hostname}")
    b.add(f"set system domain-name {base.site(rng)}.lab.example.net")
    b.add(f'set system root-authentication encrypted-password "{b.secret(base.sha512_crypt(rng))}"')
    for user, cls in (("admin", "super-user"), ("netops", "operator")):
        b.add(f"set system login user {user} uid {rng.randint(2000, 2999)}")
        b.add(f"set system login user {user} class {cls}")
        secret = b.secret(base.sha512_crypt(rng))
        b.add(f'set system login user {user} authentication encrypted-password "{secret}"')
    b.add("set system services ssh protocol-version v2", "set system services netconf ssh")
    for _ in range(2):
        server = base.ip(rng)
        b.add(f'set system tacplus-server {server} secret "{b.secret(base.junos9(rng))}"')
        b.add(f"set system tacplus-server {server} source-address {base.ip(rng)}")
    b.add(f"set system name-server {base.ip(rng)}")
    b.add("set system syslog user * any emergency")
    b.add(f"set system syslog host {base.ip(rng)} any notice")
    b.add("set system syslog file messages any notice")
    for _ in range(2):
        b.add(f"set system ntp server {base.ip(rng)}")
    b.add(f"set snmp community {b.secret(base.community(rng, 'RO'))} authorization read-only")
    b.add(f"set snmp location {base.site(rng).upper()}")
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 24)))
    budget = int(target * 0.6)
    ifaces: list[str] = []
    for fpc in range(0, 8):
        for port in range(0, 48):
            if len(b.lines) >= budget:
                break
            name = f"ge-{fpc}/0/{port}"
            if rng.random() < 0.15:
                b.add(f"set interfaces {name} disable")
                continue
            b.drifting(lambda r, n=name: f'set interfaces {n} description "{base.description(r)}"')
            if rng.random() < 0.4:
                local, _peer = base.p2p(rng)
                b.add(f"set interfaces {name} unit 0 family inet address {local}/30")
                ifaces.append(name)
            else:
                b.add(
                    f"set interfaces {name} unit 0 family ethernet-switching vlan members {rng.choice(vlans)}"
                )
    loop = base.ip(rng, "10.255.0.0/16")
    b.add(f"set interfaces lo0 unit 0 family inet address {loop}/32")
    b.add(f"set routing-options router-id {loop}")
    b.add(f"set routing-options autonomous-system {rng.randint(64512, 65534)}")
    b.add("set protocols ospf area 0.0.0.0 interface lo0.0 passive")
    for name in ifaces[:16]:
        b.add(f"set protocols ospf area 0.0.0.0 interface {name}.0 interface-type p2p")
        key = b.secret(base.junos9(rng))
        b.add(
            f'set protocols ospf area 0.0.0.0 interface {name}.0 authentication md5 1 key "{key}"'
        )
    b.add("set protocols bgp group EBGP type external")
    b.add(f'set protocols bgp group EBGP authentication-key "{b.secret(base.junos9(rng))}"')
    for _ in range(rng.randint(2, 6)):
        b.add(
            f"set protocols bgp group EBGP neighbor {base.ip(rng)} peer-as {rng.randint(64512, 65534)}"
        )
    for vlan in vlans:
        b.add(f"set vlans {base.word(rng).upper()}_{vlan} vlan-id {vlan}")
    _filters(b, target - 4)
    b.add("set firewall family inet filter PROTECT-RE term DEFAULT then discard")
    b.add("set interfaces lo0 unit 0 family inet filter input PROTECT-RE")
    b.add("set protocols lldp interface all")


def _filters(b: Builder, until: int) -> None:
    rng = b.rng
    names = ["PROTECT-RE"] + [f"{base.word(rng).upper()}-{n}" for n in range(1, 5)]
    for i, name in enumerate(names):
        stop = len(b.lines) + max(2, (until - len(b.lines)) // (len(names) - i))
        term = 1
        while len(b.lines) < stop:
            b.drifting(_term_line(name, term))
            b.add(f"set firewall family inet filter {name} term T{term} then accept")
            term += 1


def _term_line(name: str, term: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        return (
            f"set firewall family inet filter {name} term T{term} from source-address "
            f"{base.subnet24(rng)}/24"
        )

    return make
