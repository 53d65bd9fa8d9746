"""ArubaOS-Switch / ProCurve ``show running-config`` (``include-credentials`` on).

No line of it changes between reads, and it has no end marker: the last line is whatever
the switch printed last (here the ``password`` lines).
"""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS: tuple[str, ...] = ()

NOISE: dict[str, object] = {}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with a ProCurve running-config for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.add("Running configuration:", "")
    b.add("; J9728A Configuration Editor; Created on release #WB.16.10.0009")
    ver = ".".join(f"{rng.getrandbits(8):02x}" for _ in range(19))
    b.add(f"; Ver #14:{ver}:05", "", f'hostname "{hostname}"', "module 1 type j9728a")
    b.add("console idle-timeout 600", "include-credentials", "timesync sntp", "sntp unicast")
    b.add(f"sntp server priority 1 {base.ip(rng)}", f"ip default-gateway {base.ip(rng)}")
    b.add("ip ssh filetransfer", f"logging {base.ip(rng)}")
    b.add(f'radius-server host {base.ip(rng)} key "{b.secret(base.plain_secret(rng, "rad"))}"')
    b.add(f'tacacs-server host {base.ip(rng)} key "{b.secret(base.plain_secret(rng, "tac"))}"')
    b.add(f'snmp-server community "{b.secret(base.community(rng, "RO"))}" operator')
    b.add(f'snmp-server community "{b.secret(base.community(rng, "RW"))}" manager unrestricted')
    b.add(f'snmp-server location "{base.site(rng).upper()} rack {rng.randint(1, 40)}"')
    b.add("aaa authentication ssh login tacacs local", "aaa authentication ssh enable tacacs local")
    b.add("oobm", f"   ip address {base.ip(rng)} 255.255.255.0", "   exit")
    vlans = sorted(rng.sample(range(10, 999), rng.randint(4, 16)))
    b.add("vlan 1", '   name "DEFAULT_VLAN"', "   no untagged 1-48", "   untagged 49-52")
    b.add("   ip address dhcp-bootp", "   exit")
    for vlan in vlans:
        b.add(f"vlan {vlan}", f'   name "{base.word(rng).upper()}_{vlan}"')
        first = rng.randint(1, 40)
        b.add(f"   untagged {first}-{first + rng.randint(0, 8)}", "   tagged 49-52")
        b.add(f"   ip address {base.subnet24(rng)[:-1]}2 255.255.255.0", "   exit")
    budget = int(target * 0.4)
    for port in range(1, 53):
        if len(b.lines) >= budget:
            break
        b.add(f"interface {port}")
        b.drifting(lambda r: f'   name "{base.description(r)}"')
        b.add("   exit")
    _acls(b, target - 4)
    b.add("spanning-tree", "no tftp server")
    b.add(f'password manager user-name "admin" sha1 "{b.secret(base.sha1_hex(rng))}"')
    b.add(f'password operator user-name "operator" sha1 "{b.secret(base.sha1_hex(rng))}"')


def _acls(b: Builder, until: int) -> None:
    rng = b.rng
    names = ["MGMT-IN"] + [f"{base.word(rng).upper()}-{n}" for n in range(1, 4)]
    base.access_lists(
        b, names, lambda name: f'ip access-list extended "{name}"', _acl_line, until, 3, "   exit"
    )


def _acl_line(seq: int) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("permit", "permit", "deny"))
        port = rng.choice((22, 53, 123, 161, 443, 514))
        return f"     {seq} {action} tcp {base.subnet24(rng)} 0.0.0.255 {base.ip(rng)} 0.0.0.0 eq {port}"

    return make
