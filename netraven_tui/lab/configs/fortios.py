"""Fortinet FortiOS ``show full-configuration``: ``config ... end`` blocks, ``ENC`` secrets.

``#conf_file_ver=`` is the noise line. (A real FortiGate also re-encrypts every ``ENC``
value with a fresh salt on each display; the lab keeps them stable so that the planted
secrets can be checked — mask them and the difference disappears anyway.)
"""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS = (r"^#conf_file_ver=\d+$",)

NOISE = {
    "conf_ver": lambda ctx: f"#conf_file_ver={ctx.rng.randint(10**13, 10**14 - 1)}",
}

_I1, _I2, _I3 = "    ", "        ", "            "


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with a FortiOS full configuration for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.add("#config-version=FGVM64-7.2.8-FW-build1639-240313:opmode=0:vdom=0:user=admin")
    b.noise("conf_ver")
    b.add("#buildno=1639", "#global_vdom=1", "config system global")
    b.add(f"{_I1}set admin-sport 443", f"{_I1}set admin-ssh-port 22")
    b.add(f'{_I1}set alias "FortiGate-VM64"', f'{_I1}set hostname "{hostname}"')
    b.add(f"{_I1}set timezone 04", "end", "config system accprofile")
    b.add(f'{_I1}edit "prof_admin"', f"{_I2}set secfabgrp read-write", f"{_I1}next", "end")
    b.add("config system interface")
    for port in range(1, rng.randint(4, 10)):
        b.add(f'{_I1}edit "port{port}"', f'{_I2}set vdom "root"')
        b.add(f"{_I2}set ip {base.subnet24(rng)[:-1]}1 255.255.255.0")
        b.add(f"{_I2}set allowaccess ping https ssh", f"{_I2}set type physical")
        b.drifting(lambda r: f'{_I2}set description "{base.description(r)}"')
        b.add(f"{_I2}set snmp-index {port}", f"{_I1}next")
    b.add("end", "config system admin")
    for user, profile in (("admin", "super_admin"), ("netops", "prof_admin")):
        b.add(f'{_I1}edit "{user}"', f'{_I2}set accprofile "{profile}"', f'{_I2}set vdom "root"')
        b.add(f"{_I2}set password ENC {b.secret(base.fortios_admin(rng))}", f"{_I1}next")
    b.add("end", "config system snmp community", f"{_I1}edit 1")
    b.add(f'{_I2}set name "{b.secret(base.community(rng, "RO"))}"', f"{_I2}config hosts")
    b.add(f"{_I3}edit 1", f"{_I3}    set ip {base.ip(rng)} 255.255.255.255", f"{_I3}next")
    b.add(f"{_I2}end", f"{_I1}next", "end", "config user radius", f'{_I1}edit "RADIUS-1"')
    b.add(
        f'{_I2}set server "{base.ip(rng)}"',
        f"{_I2}set secret ENC {b.secret(base.fortios_enc(rng))}",
    )
    b.add(f"{_I1}next", "end", "config user tacacs+", f'{_I1}edit "TACACS-1"')
    b.add(
        f'{_I2}set server "{base.ip(rng)}"', f"{_I2}set key ENC {b.secret(base.fortios_enc(rng))}"
    )
    b.add(f"{_I1}next", "end", "config vpn ipsec phase1-interface")
    for n in range(1, rng.randint(2, 4)):
        b.add(f'{_I1}edit "VPN-{n}"', f'{_I2}set interface "port1"', f"{_I2}set peertype any")
        b.add(
            f"{_I2}set proposal aes256-sha256",
            f"{_I2}set remote-gw {base.ip(rng, '198.51.100.0/24')}",
        )
        b.add(f"{_I2}set psksecret ENC {b.secret(base.fortios_enc(rng))}", f"{_I1}next")
    b.add("end", "config firewall address")
    for n in range(rng.randint(6, 20)):
        b.add(f'{_I1}edit "NET-{base.word(rng).upper()}-{n}"')
        b.add(f"{_I2}set subnet {base.subnet24(rng)} 255.255.255.0", f"{_I1}next")
    b.add("end", "config firewall policy")
    policy = 1
    while len(b.lines) < target - 12:
        _policy(b, policy)
        policy += 1
    b.add("end", "config router static", f"{_I1}edit 1")
    b.add(f"{_I2}set gateway {base.ip(rng)}", f'{_I2}set device "port1"', f"{_I1}next", "end")
    b.add(
        "config system ntp", f"{_I1}set ntpsync enable", f'{_I1}set server "{base.ip(rng)}"', "end"
    )


def _policy(b: Builder, n: int) -> None:
    rng = b.rng
    b.add(f"{_I1}edit {n}", f'{_I2}set name "rule-{n}"')
    b.add(f'{_I2}set srcintf "port{rng.randint(2, 4)}"', f'{_I2}set dstintf "port1"')
    b.add(f"{_I2}set action {rng.choice(('accept', 'accept', 'deny'))}")
    b.add(f'{_I2}set srcaddr "all"', f'{_I2}set dstaddr "all"', f'{_I2}set schedule "always"')
    b.drifting(_service)
    b.drifting(lambda r: f'{_I2}set comments "{base.description(r)}"')
    b.add(f"{_I1}next")


def _service(rng: random.Random) -> str:
    return f'{_I2}set service "{rng.choice(("HTTPS", "SSH", "DNS", "NTP", "SNMP", "ALL_ICMP"))}"'
