"""Arista EOS ``show running-config``."""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder
from netraven_tui.lab.configs.noise import uptime_text

NOISE_PATTERNS = (
    r"^! Command: show running-config",
    r"^! device: ",
    r"^! Time: ",
)

NOISE = {
    "command": lambda ctx: "! Command: show running-config",
    "device": lambda ctx: (
        f"! device: {ctx.hostname} (DCS-7280SR-48C6, EOS-4.30.2F, uptime {uptime_text(ctx.uptime)})"
    ),
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with an EOS running-config for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.noise("command")
    b.noise("device")
    b.add("!", "! boot system flash:/EOS-4.30.2F.swi", "!", "no aaa root", "!")
    b.add(
        f"username admin privilege 15 role network-admin secret sha512 {b.secret(base.sha512_crypt(rng))}"
    )
    b.add(f"username netops privilege 15 secret sha512 {b.secret(base.sha512_crypt(rng))}", "!")
    b.add(f"enable password sha512 {b.secret(base.sha512_crypt(rng))}", "!")
    b.add("transceiver qsfp default-mode 4x10G", "!", "service routing protocols model multi-agent")
    b.add("!", f"hostname {hostname}", f"ip name-server vrf MGMT {base.ip(rng)}")
    b.add(f"dns domain {base.site(rng)}.lab.example.net", "!")
    for _ in range(2):
        b.add(f"ntp server vrf MGMT {base.ip(rng)}")
    b.add("!", f"snmp-server community {b.secret(base.community(rng, 'RO'))} ro", "!")
    b.add("spanning-tree mode mstp", "!")
    for _ in range(2):
        b.add(f"tacacs-server host {base.ip(rng)} vrf MGMT key 7 {b.secret(base.type7(rng))}")
    b.add("!", "aaa group server tacacs+ TACACS", "   server 10.1.1.1 vrf MGMT", "!")
    b.add("aaa authentication login default group TACACS local")
    b.add("aaa authorization exec default group TACACS local", "!")
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 24)))
    for vlan in vlans:
        b.add(f"vlan {vlan}", f"   name {base.word(rng).upper()}_{vlan}", "!")
    b.add("vrf instance MGMT", "!")
    budget = int(target * 0.6)
    for port in range(1, 400):
        if len(b.lines) >= budget:
            break
        b.add(f"interface Ethernet{port}")
        if rng.random() < 0.15:
            b.add("   shutdown", "!")
            continue
        b.drifting(lambda r: f"   description {base.description(r)}")
        if rng.random() < 0.4:
            b.add("   switchport mode trunk")
            b.add(f"   switchport trunk allowed vlan {','.join(map(str, vlans[:4]))}")
        else:
            b.add(f"   switchport access vlan {rng.choice(vlans)}")
        b.add("!")
    loop = base.ip(rng, "10.255.0.0/16")
    b.add("interface Loopback0", f"   ip address {loop}/32", "!")
    b.add("interface Management1", "   vrf MGMT", f"   ip address {base.ip(rng)}/24", "!")
    tail = 25
    _acls(b, target - tail)
    b.add("ip routing", "no ip routing vrf MGMT", "!")
    asn = rng.randint(64512, 65534)
    b.add(f"router bgp {asn}", f"   router-id {loop}", "   maximum-paths 4 ecmp 4")
    for _ in range(rng.randint(2, 4)):
        peer = base.ip(rng)
        b.add(f"   neighbor {peer} remote-as {rng.randint(64512, 65534)}")
        b.add(f"   neighbor {peer} password 7 {b.secret(base.type7(rng))}")
    b.add("!", "router ospf 1", f"   router-id {loop}", "   max-lsa 12000", "!")
    b.add("management api http-commands", "   no shutdown", "!", "end")


def _acls(b: Builder, until: int) -> None:
    rng = b.rng
    names = ["MGMT"] + [f"{base.word(rng).upper()}-{n}" for n in range(1, 6)]
    base.access_lists(b, names, lambda name: f"ip access-list {name}", _acl_line, until, 3, "!")


def _acl_line(seq: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("permit", "permit", "deny"))
        proto = rng.choice(("tcp", "udp"))
        port = rng.choice(("ssh", "domain", "ntp", "snmp", "https", "syslog"))
        return f"   {seq} {action} {proto} {base.subnet24(rng)}/24 host {base.ip(rng)} eq {port}"

    return make
