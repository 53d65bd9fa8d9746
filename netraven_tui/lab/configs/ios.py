"""Cisco IOS / IOS-XE ``show running-config``."""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder
from netraven_tui.lab.configs.noise import cisco_time

NOISE_PATTERNS = (
    r"^Building configuration\.\.\.$",
    r"^Current configuration : \d+ bytes$",
    r"^! Last configuration change at ",
    r"^! NVRAM config last updated at ",
    r"^! No configuration change since last restart",
    r"^ntp clock-period \d+$",
)

NOISE = {
    "building": lambda ctx: "Building configuration...",
    "size": lambda ctx: f"Current configuration : {ctx.size} bytes",
    "changed": lambda ctx: f"! Last configuration change at {cisco_time(ctx.changed)} by admin",
    "nvram": lambda ctx: f"! NVRAM config last updated at {cisco_time(ctx.saved)} by admin",
    "clock_period": lambda ctx: f"ntp clock-period {ctx.rng.randint(17179000, 17180000)}",
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with an IOS running-config for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.noise("building")
    b.add("")
    b.noise("size")
    b.add("!")
    b.noise("changed")
    b.noise("nvram")
    b.add("!")
    b.add(f"version {rng.choice(('15.2', '16.12', '17.3', '17.9'))}")
    b.add("service timestamps debug datetime msec localtime show-timezone")
    b.add("service timestamps log datetime msec localtime show-timezone")
    b.add("service password-encryption", "no service pad", "!", f"hostname {hostname}", "!")
    b.add("boot-start-marker", "boot-end-marker", "!")
    b.add("logging buffered 64000 informational", "no logging console")
    b.add(f"enable secret 5 {b.secret(base.md5_crypt(rng))}", "!")
    b.add("aaa new-model", "!")
    b.add("aaa group server tacacs+ TACACS-GROUP", " server name TACACS-1", " server name TACACS-2")
    b.add(" ip tacacs source-interface Loopback0", "!")
    b.add("aaa authentication login default group TACACS-GROUP local")
    b.add("aaa authentication enable default group TACACS-GROUP enable")
    b.add("aaa authorization exec default group TACACS-GROUP local if-authenticated")
    b.add("aaa accounting commands 15 default start-stop group TACACS-GROUP", "!")
    b.add("aaa session-id common", "clock timezone UTC 0 0", "!")
    b.add(f"ip domain name {base.site(rng)}.lab.example.net")
    b.add(f"ip name-server {base.ip(rng)} {base.ip(rng)}", "no ip domain lookup", "!")
    b.add("login on-failure log", "login on-success log", "!")
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 24)))
    for vlan in vlans:
        b.add(f"vlan {vlan}", f" name {base.word(rng).upper()}_{vlan}", "!")
    b.add(f"username admin privilege 15 password 7 {b.secret(base.type7(rng))}")
    b.add(f"username netops privilege 15 secret 5 {b.secret(base.md5_crypt(rng))}", "!")
    b.add("interface Loopback0", " description Router-ID")
    loop = base.ip(rng, "10.255.0.0/16")
    b.add(f" ip address {loop} 255.255.255.255", "!")
    p2ps: list[str] = []
    budget = int(target * 0.55)
    for member in range(1, 10):
        for port in range(1, 49):
            if len(b.lines) >= budget:
                break
            _interface(b, f"GigabitEthernet{member}/0/{port}", vlans, p2ps)
    for vlan in vlans[: rng.randint(1, len(vlans))]:
        b.add(f"interface Vlan{vlan}")
        b.drifting(lambda r: f" description SVI {base.word(r)} {r.randint(1, 99)}")
        b.add(f" ip address {base.subnet24(rng)[:-1]}1 255.255.255.0", " no shutdown", "!")
    b.add("router ospf 1", f" router-id {loop}", " passive-interface default")
    for addr in p2ps[:20]:
        b.add(f" network {addr} 0.0.0.3 area 0")
    b.add(" network 10.255.0.0 0.0.255.255 area 0", "!")
    asn = rng.randint(64512, 65534)
    b.add(f"router bgp {asn}", f" bgp router-id {loop}", " bgp log-neighbor-changes")
    peers = [base.ip(rng) for _ in range(rng.randint(2, 8))]
    for peer in peers:
        b.add(f" neighbor {peer} remote-as {rng.randint(64512, 65534)}")
        b.add(f" neighbor {peer} password 7 {b.secret(base.type7(rng))}")
    b.add(" !", " address-family ipv4")
    for peer in peers:
        b.add(f"  neighbor {peer} activate")
    b.add(" exit-address-family", "!", "ip forward-protocol nd", "no ip http server")
    b.add("no ip http secure-server", "ip ssh version 2", "!")
    tail = 40
    _acls(b, target - tail)
    b.add("!", f"logging host {base.ip(rng)}", f"logging host {base.ip(rng)}", "!")
    b.add(f"snmp-server community {b.secret(base.community(rng, 'RO'))} RO MGMT-IN")
    b.add(f"snmp-server community {b.secret(base.community(rng, 'RW'))} RW MGMT-IN")
    b.add(f"snmp-server location {base.site(rng).upper()} rack {rng.randint(1, 40)}")
    b.add("snmp-server contact noc@example.net", "!")
    for n in (1, 2):
        b.add(f"tacacs server TACACS-{n}", f" address ipv4 {base.ip(rng)}")
        b.add(f" key 7 {b.secret(base.type7(rng))}")
    b.add("!", "banner login ^C", "Authorized access only. Disconnect now if not authorized.")
    b.add("^C", "!", "line con 0", " exec-timeout 15 0", " logging synchronous")
    b.add("line vty 0 4", " access-class MGMT-IN in", " exec-timeout 15 0")
    b.add(" transport input ssh", "line vty 5 15", " transport input none", "!")
    b.noise("clock_period")
    for _ in range(rng.randint(2, 3)):
        b.add(f"ntp server {base.ip(rng)}")
    b.add("!", "!", "end")


def _interface(b: Builder, name: str, vlans: list[int], p2ps: list[str]) -> None:
    rng = b.rng
    b.add(f"interface {name}")
    kind = rng.random()
    if kind < 0.15:
        b.add(" no ip address", " shutdown")
    else:
        b.drifting(lambda r: f" description {base.description(r)}")
        if kind < 0.3:
            local, _peer = base.p2p(rng)
            p2ps.append(local)
            b.add(f" ip address {local} 255.255.255.252", " ip ospf network point-to-point")
            b.add(" load-interval 30")
        elif kind < 0.5:
            b.add(" switchport trunk encapsulation dot1q", " switchport mode trunk")
            allowed = ",".join(str(v) for v in rng.sample(vlans, min(len(vlans), 4)))
            b.add(f" switchport trunk allowed vlan {allowed}")
        else:
            b.add(f" switchport access vlan {rng.choice(vlans)}", " switchport mode access")
            b.add(" spanning-tree portfast", " spanning-tree bpduguard enable")
    b.add("!")


def _acls(b: Builder, until: int) -> None:
    rng = b.rng
    names = ["MGMT-IN"] + [f"{base.word(rng).upper()}-{n}" for n in range(1, 8)]
    base.access_lists(
        b, names, lambda name: f"ip access-list extended {name}", _acl_line, until, 4, "!"
    )


def _acl_line(seq: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("permit", "permit", "deny"))
        proto = rng.choice(("tcp", "udp", "ip"))
        src = f"{base.subnet24(rng)} 0.0.0.255"
        dst = f"host {base.ip(rng)}"
        port = f" eq {rng.choice((22, 53, 123, 161, 443, 514, 8443))}" if proto != "ip" else ""
        return f" {seq} {action} {proto} {src} {dst}{port}"

    return make
