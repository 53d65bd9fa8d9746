"""Cisco IOS-XR ``show running-config`` (the timestamp line XR prints first included)."""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder
from netraven_tui.lab.configs.noise import ctime, xr_timestamp

NOISE_PATTERNS = (
    r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3} \w+$",
    r"^Building configuration\.\.\.$",
    r"^!! Last configuration change at ",
)

NOISE = {
    "timestamp": lambda ctx: xr_timestamp(ctx.now),
    "building": lambda ctx: "Building configuration...",
    "changed": lambda ctx: f"!! Last configuration change at {ctime(ctx.changed)} by admin",
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with an IOS-XR running-config for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.noise("timestamp")
    b.noise("building")
    b.add(f"!! IOS XR Configuration {rng.choice(('7.3.2', '7.5.2', '7.9.2', '24.1.1'))}")
    b.noise("changed")
    b.add("!", f"hostname {hostname}", "clock timezone UTC UTC", "logging console disable")
    b.add("logging buffered 10000000", f"logging {base.ip(rng)} vrf MGMT severity info")
    b.add(f"domain name {base.site(rng)}.lab.example.net", "domain lookup disable")
    for _ in range(2):
        b.add(f"tacacs-server host {base.ip(rng)} port 49")
        b.add(f" key 7 {b.secret(base.type7(rng))}", "!")
    for user, group in (("admin", "root-lr"), ("netops", "netadmin")):
        b.add(f"username {user}", f" group {group}")
        b.add(f" secret 10 {b.secret(base.sha512_crypt(rng))}", "!")
    b.add("aaa group server tacacs+ TACACS", " vrf MGMT", "!")
    b.add("aaa authentication login default group TACACS local")
    b.add("aaa authorization exec default group TACACS local")
    b.add("line default", " exec-timeout 15 0", " transport input ssh", "!")
    b.add("vrf MGMT", " address-family ipv4 unicast", " !", "!")
    b.add(f"snmp-server community {b.secret(base.community(rng, 'RO'))} RO")
    b.add(f"snmp-server location {base.site(rng).upper()}", "ntp")
    for _ in range(2):
        b.add(f" server vrf MGMT {base.ip(rng)}")
    b.add("!", "key chain OSPF-KEYS", " key 1")
    b.add(f"  key-string password 7 {b.secret(base.type7(rng))}")
    b.add("  cryptographic-algorithm HMAC-MD5", " !", "!")
    loop = base.ip(rng, "10.255.0.0/16")
    b.add("interface Loopback0", f" ipv4 address {loop} 255.255.255.255", "!")
    b.add("interface MgmtEth0/RP0/CPU0/0", " vrf MGMT")
    b.add(f" ipv4 address {base.ip(rng)} 255.255.255.0", "!")
    p2p: list[str] = []
    budget = int(target * 0.5)
    for slot in range(0, 8):
        for port in range(0, 36):
            if len(b.lines) >= budget:
                break
            name = f"TenGigE0/{slot}/0/{port}"
            b.add(f"interface {name}")
            if rng.random() < 0.15:
                b.add(" shutdown", "!")
                continue
            b.drifting(lambda r: f" description {base.description(r)}")
            local, _peer = base.p2p(rng)
            b.add(f" ipv4 address {local} 255.255.255.252", " load-interval 30", "!")
            p2p.append(name)
    _acls(b, target - 30 - 4 * min(len(p2p), 12))
    b.add("router ospf 1", f" router-id {loop}", " area 0", "  interface Loopback0")
    b.add("   passive enable", "  !")
    for name in p2p[:12]:
        b.add(f"  interface {name}", "   network point-to-point", "  !")
    b.add(" !", "!", f"router bgp {rng.randint(64512, 65534)}", f" bgp router-id {loop}")
    b.add(" address-family ipv4 unicast", " !")
    for _ in range(rng.randint(2, 4)):
        b.add(f" neighbor {base.ip(rng)}", f"  remote-as {rng.randint(64512, 65534)}")
        b.add(f"  password encrypted {b.secret(base.type7(rng))}")
        b.add("  address-family ipv4 unicast", "  !", " !")
    b.add("!", "ssh server v2", "ssh server vrf MGMT", "end")


def _acls(b: Builder, until: int) -> None:
    rng = b.rng
    names = ["MGMT-IN"] + [f"{base.word(rng).upper()}-{n}" for n in range(1, 6)]
    base.access_lists(b, names, lambda name: f"ipv4 access-list {name}", _acl_line, until, 3, "!")


def _acl_line(seq: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("permit", "permit", "deny"))
        proto = rng.choice(("tcp", "udp"))
        port = rng.choice((22, 53, 123, 161, 443, 514, 8443))
        return (
            f" {seq} {action} {proto} {base.subnet24(rng)} 0.0.0.255 host {base.ip(rng)} eq {port}"
        )

    return make
