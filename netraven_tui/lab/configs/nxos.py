"""Cisco NX-OS ``show running-config``."""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder
from netraven_tui.lab.configs.noise import ctime

NOISE_PATTERNS = (
    r"^!Command: show running-config",
    r"^!Running configuration last done at: ",
    r"^!Time: ",
)

NOISE = {
    "command": lambda ctx: "!Command: show running-config",
    "done": lambda ctx: f"!Running configuration last done at: {ctime(ctx.changed)}",
    "time": lambda ctx: f"!Time: {ctime(ctx.now)}",
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with an NX-OS running-config for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.add("")
    b.noise("command")
    b.noise("done")
    b.noise("time")
    b.add("", "version 9.3(8) Bios:version 05.45", f"hostname {hostname}")
    b.add(f"vdc {hostname} id 1", "  limit-resource vlan minimum 16 maximum 4094")
    b.add("  limit-resource vrf minimum 2 maximum 4096", "")
    for feature in ("tacacs+", "ospf", "bgp", "interface-vlan", "lacp", "lldp", "nxapi"):
        b.add(f"feature {feature}")
    b.add("")
    b.add(f"username admin password 5 {b.secret(base.sha256_crypt(rng))}  role network-admin")
    b.add(f"username netops password 5 {b.secret(base.sha256_crypt(rng))}  role network-operator")
    b.add("ip domain-lookup", f'tacacs-server key 7 "{b.secret(base.type7(rng))}"')
    for _ in range(2):
        b.add(f'tacacs-server host {base.ip(rng)} key 7 "{b.secret(base.type7(rng))}"')
    b.add("aaa group server tacacs+ TACACS", "    server 10.1.1.1", "    use-vrf management")
    b.add(f"snmp-server community {b.secret(base.community(rng, 'RO'))} group network-operator")
    b.add(f"snmp-server location {base.site(rng).upper()}", "")
    for _ in range(2):
        b.add(f"ntp server {base.ip(rng)} use-vrf management")
    b.add("")
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 24)))
    b.add("vlan 1," + ",".join(str(v) for v in vlans))
    for vlan in vlans:
        b.add(f"vlan {vlan}", f"  name {base.word(rng).upper()}_{vlan}")
    b.add("")
    _acls(b, int(target * 0.35))
    b.add("vrf context management", f"  ip route 0.0.0.0/0 {base.ip(rng)}", "")
    for vlan in vlans[: rng.randint(1, len(vlans))]:
        b.add(f"interface Vlan{vlan}")
        b.drifting(lambda r: f"  description SVI {base.word(r)} {r.randint(1, 99)}")
        b.add("  no shutdown", f"  ip address {base.subnet24(rng)[:-1]}1/24", "")
    tail = 30
    for module in range(1, 9):
        for port in range(1, 65):
            if len(b.lines) >= target - tail:
                break
            b.add(f"interface Ethernet{module}/{port}")
            if rng.random() < 0.15:
                b.add("  shutdown", "")
                continue
            b.drifting(lambda r: f"  description {base.description(r)}")
            if rng.random() < 0.5:
                b.add("  switchport mode trunk")
                b.add(f"  switchport trunk allowed vlan {','.join(map(str, vlans[:3]))}")
            else:
                b.add(f"  switchport access vlan {rng.choice(vlans)}")
            b.add("  no shutdown", "")
    loop = base.ip(rng, "10.255.0.0/16")
    b.add("interface mgmt0", "  vrf member management")
    b.add(f"  ip address {base.ip(rng)}/24", "", "interface loopback0")
    b.add(f"  ip address {loop}/32", "  ip router ospf 1 area 0.0.0.0")
    b.add("line console", "line vty", "boot nxos bootflash:/nxos.9.3.8.bin", "")
    b.add("router ospf 1", f"  router-id {loop}")
    asn = rng.randint(64512, 65534)
    b.add(f"router bgp {asn}", f"  router-id {loop}", "  address-family ipv4 unicast")
    for _ in range(rng.randint(2, 4)):
        b.add(f"  neighbor {base.ip(rng)}", f"    remote-as {rng.randint(64512, 65534)}")
        b.add(f"    password 3 {b.secret(base.type7(rng).lower())}")
        b.add("    address-family ipv4 unicast")
    b.add("")


def _acls(b: Builder, until: int) -> None:
    rng = b.rng
    names = ["MGMT"] + [f"{base.word(rng).upper()}-{n}" for n in range(1, 6)]
    base.access_lists(b, names, lambda name: f"ip access-list {name}", _acl_line, until, 3, None)
    b.add("")


def _acl_line(seq: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("permit", "permit", "deny"))
        proto = rng.choice(("tcp", "udp"))
        port = rng.choice((22, 53, 123, 161, 443, 514, 8443))
        return f"  {seq} {action} {proto} {base.subnet24(rng)}/24 {base.ip(rng)}/32 eq {port}"

    return make
