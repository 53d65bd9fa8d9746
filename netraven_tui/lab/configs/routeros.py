"""MikroTik RouterOS 7 ``/export``."""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS = (r"^# \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} by RouterOS ",)

NOISE = {
    "date": lambda ctx: f"# {ctx.now:%Y-%m-%d %H:%M:%S} by RouterOS 7.14.2",
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with a RouterOS export for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.noise("date")
    b.add(f"# software id = {rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}", "#")
    b.add("# model = CCR2004-16G-2S+", f"# serial number = HF{rng.randint(10**8, 10**9)}")
    b.add("/interface bridge", "add name=bridge1 vlan-filtering=yes")
    budget = int(target * 0.35)
    b.add("/interface ethernet")
    port = 1
    while len(b.lines) < budget and port <= 400:
        b.drifting(
            lambda r, p=port: f'set [ find default-name=ether{p} ] comment="{base.description(r)}"'
        )
        port += 1
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 24)))
    b.add("/interface vlan")
    for vlan in vlans:
        b.add(f"add interface=bridge1 name=vlan{vlan} vlan-id={vlan}")
    b.add("/interface wireless security-profiles")
    b.add(
        "add authentication-types=wpa2-psk mode=dynamic-keys name=corp "
        f"wpa2-pre-shared-key={b.secret(base.plain_secret(rng, 'wpa'))}"
    )
    b.add(
        "/ip pool",
        f"add name=dhcp ranges={base.subnet24(rng)[:-1]}100-{base.subnet24(rng)[:-1]}200",
    )
    b.add("/ip address")
    for vlan in vlans:
        net = base.subnet24(rng)
        b.add(f"add address={net[:-1]}1/24 interface=vlan{vlan} network={net}")
    b.add("/ip dns", f"set servers={base.ip(rng)},{base.ip(rng)}")
    tail = 30
    b.add("/ip firewall filter")
    rule = 0
    while len(b.lines) < target - tail:
        b.drifting(_rule(rule))
        rule += 1
    b.add("/ip service", "set telnet disabled=yes", "set ftp disabled=yes", "set www disabled=yes")
    b.add("/ppp secret")
    for n in range(rng.randint(1, 4)):
        b.add(f"add name=vpn{n} password={b.secret(base.plain_secret(rng, 'ppp'))} service=l2tp")
    b.add("/radius")
    b.add(
        f"add address={base.ip(rng)} secret={b.secret(base.plain_secret(rng, 'rad'))} service=login"
    )
    loop = base.ip(rng, "10.255.0.0/16")
    b.add("/routing bgp connection")
    for n in range(rng.randint(1, 4)):
        b.add(
            f"add as={rng.randint(64512, 65534)} local.role=ebgp name=peer{n} "
            f"remote.address={base.ip(rng)} remote.as={rng.randint(64512, 65534)} "
            f"tcp-md5-key={b.secret(base.plain_secret(rng, 'md5'))}"
        )
    b.add("/routing ospf instance", f"add name=default-v2 router-id={loop}")
    b.add("/routing ospf area", "add instance=default-v2 name=backbone-v2")
    b.add("/snmp community", f"set [ find default=yes ] name={b.secret(base.community(rng, 'RO'))}")
    b.add("/snmp", f"set contact=noc@example.net enabled=yes location={base.site(rng).upper()}")
    b.add("/system clock", "set time-zone-name=UTC", "/system identity", f"set name={hostname}")
    b.add("/system ntp client", "set enabled=yes", "/system ntp client servers")
    b.add(f"add address={base.ip(rng)}", "/user aaa", "set use-radius=yes")


def _rule(n: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("accept", "accept", "drop"))
        port = rng.choice((22, 53, 123, 161, 443, 514, 8291))
        return (
            f"add action={action} chain=input comment=rule{n} dst-port={port} protocol=tcp "
            f"src-address={base.subnet24(rng)}/24"
        )

    return make
