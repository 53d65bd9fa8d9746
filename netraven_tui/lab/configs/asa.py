"""Cisco ASA ``show running-config``: ``: Saved`` header, ``Cryptochecksum:``, ``: end``.

Like a real ASA it prints pre-shared keys, TACACS keys and SNMP communities as ``*****``;
the planted secrets are the password hashes it does print.
"""

from __future__ import annotations

import random

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS = (r"^Cryptochecksum:[0-9a-f]{32}$",)

NOISE = {
    "checksum": lambda ctx: "Cryptochecksum:" + "".join(ctx.rng.choices("0123456789abcdef", k=32)),
}


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with an ASA running-config for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    b.add(": Saved", ":", f": Serial Number: JAD{rng.randint(10**7, 10**8 - 1)}")
    b.add(": Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)")
    b.add(":", f"ASA Version {rng.choice(('9.12(4)37', '9.16(4)', '9.18(3)56'))}", "!")
    b.add(f"hostname {hostname}", f"domain-name {base.site(rng)}.lab.example.net")
    b.add(f"enable password {b.secret(base.asa_pbkdf2(rng))} pbkdf2")
    b.add(f"passwd {b.secret(base.asa_md5(rng))} encrypted", "names", "no mac-address auto", "!")
    zones = (("outside", 0), ("inside", 100), ("dmz", 50))
    for port, (name, level) in enumerate(zones, start=1):
        b.add(f"interface GigabitEthernet1/{port}", f" nameif {name}", f" security-level {level}")
        b.add(f" ip address {base.subnet24(rng)[:-1]}1 255.255.255.0", "!")
    for port in range(len(zones) + 1, 9):
        b.add(f"interface GigabitEthernet1/{port}", " shutdown", " no nameif")
        b.add(" no security-level", " no ip address", "!")
    b.add("interface Management1/1", " management-only", " nameif management")
    b.add(" security-level 100", f" ip address {base.ip(rng)} 255.255.255.0", "!")
    b.add("ftp mode passive", "dns server-group DefaultDNS")
    b.add(
        f" domain-name {base.site(rng)}.lab.example.net",
        "same-security-traffic permit inter-interface",
    )
    objects = []
    for n in range(rng.randint(8, 30)):
        name = f"NET-{base.word(rng).upper()}-{n}"
        objects.append(name)
        b.add(f"object network {name}", f" subnet {base.subnet24(rng)} 255.255.255.0")
    tail = 60
    _access_lists(b, objects, target - tail)
    b.add("pager lines 24", "logging enable", "logging timestamp", "logging buffered informational")
    b.add(
        f"logging host inside {base.ip(rng)}", "mtu outside 1500", "mtu inside 1500", "mtu dmz 1500"
    )
    b.add(
        "icmp unreachable rate-limit 1 burst-size 1", "no asdm history enable", "arp timeout 14400"
    )
    b.add("nat (inside,outside) after-auto source dynamic any interface")
    b.add("access-group OUTSIDE-IN in interface outside")
    b.add(f"route outside 0.0.0.0 0.0.0.0 {base.ip(rng)} 1", "timeout xlate 3:00:00")
    b.add("aaa-server TACACS protocol tacacs+", f"aaa-server TACACS (inside) host {base.ip(rng)}")
    b.add(
        " key *****", "aaa authentication ssh console TACACS LOCAL", "aaa authorization exec LOCAL"
    )
    b.add(f"snmp-server host inside {base.ip(rng)} community ***** version 2c")
    b.add(f"snmp-server location {base.site(rng).upper()}", "snmp-server contact noc@example.net")
    b.add("crypto ipsec ikev2 ipsec-proposal AES256", " protocol esp encryption aes-256")
    b.add(" protocol esp integrity sha-256")
    peer = base.ip(rng, "198.51.100.0/24")
    b.add(f"crypto map OUTSIDE-MAP 10 set peer {peer}", "crypto map OUTSIDE-MAP interface outside")
    b.add(f"tunnel-group {peer} type ipsec-l2l", f"tunnel-group {peer} ipsec-attributes")
    b.add(" ikev2 remote-authentication pre-shared-key *****")
    b.add(" ikev2 local-authentication pre-shared-key *****")
    b.add(f"ssh {base.subnet24(rng)} 255.255.255.0 management", "ssh timeout 15", "ssh version 2")
    b.add("ssh key-exchange group dh-group14-sha256", "console timeout 0")
    for user, level in (("admin", 15), ("netops", 15), ("backup", 5)):
        b.add(f"username {user} password {b.secret(base.asa_pbkdf2(rng))} pbkdf2 privilege {level}")
    b.add(f"username legacy password {b.secret(base.asa_md5(rng))} encrypted privilege 3", "!")
    b.add("class-map inspection_default", " match default-inspection-traffic", "!")
    b.add("policy-map global_policy", " class inspection_default")
    for proto in ("dns preset_dns_map", "ftp", "icmp", "sip", "tftp"):
        b.add(f"  inspect {proto}")
    b.add("!", "service-policy global_policy global", "prompt hostname context")
    b.add("no call-home reporting anonymous")
    b.noise("checksum")
    b.add(": end")


def _access_lists(b: Builder, objects: list[str], until: int) -> None:
    names = ["OUTSIDE-IN", "INSIDE-OUT", "DMZ-IN"]
    for index, name in enumerate(names):
        stop = len(b.lines) + max(3, (until - len(b.lines)) // (len(names) - index))
        while len(b.lines) < stop:
            b.drifting(_rule(name, objects))


def _rule(name: str, objects: list[str]) -> base.LineFactory:
    def make(rng: random.Random) -> str:
        action = rng.choice(("permit", "permit", "deny"))
        port = rng.choice(("https", "ssh", "domain", "ntp", "snmp", "8443"))
        return (
            f"access-list {name} extended {action} tcp object {rng.choice(objects)} "
            f"host {base.ip(rng)} eq {port}"
        )

    return make
