"""Palo Alto PAN-OS ``show config running``: the brace format, ending with ``}``.

A real firewall's running config has no line that changes on every read (the volatile
figures live in ``show system info``), so this generator plants none: the engine must not
rely on noise lines being there.
"""

from __future__ import annotations

from netraven_tui.lab.configs import base
from netraven_tui.lab.configs.base import Builder

NOISE_PATTERNS: tuple[str, ...] = ()

NOISE: dict[str, object] = {}


class _Tree:
    """Writes ``name {`` / ``}`` blocks with PAN-OS' two-space indentation."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        self.depth = 0

    def open(self, name: str) -> None:
        self.b.add("  " * self.depth + name + " {")
        self.depth += 1

    def close(self, count: int = 1) -> None:
        for _ in range(count):
            self.depth -= 1
            self.b.add("  " * self.depth + "}")

    def leaf(self, text: str) -> None:
        self.b.add("  " * self.depth + text + ";")

    def drifting(self, factory: base.LineFactory) -> None:
        pad = "  " * self.depth
        self.b.drifting(lambda r: pad + factory(r) + ";")


def build(hostname: str, b: Builder) -> None:
    """Fill ``b`` with a PAN-OS running config for ``hostname``."""
    rng = b.rng
    target = b.target_lines()
    t = _Tree(b)
    t.open("config")
    t.open("mgt-config")
    t.open("users")
    for user in ("admin", "netops", "readonly"):
        t.open(user)
        t.leaf(f"phash {b.secret(base.sha256_crypt(rng))}")
        t.open("permissions")
        t.open("role-based")
        t.leaf("superuser yes" if user != "readonly" else "superreader yes")
        t.close(3)
    t.close()
    t.open("password-complexity")
    t.leaf("enabled yes")
    t.leaf("minimum-length 12")
    t.close(2)
    t.open("shared")
    t.open("server-profile")
    t.open("radius")
    t.open("RADIUS-1")
    t.open("server")
    for n in (1, 2):
        t.open(f"radius-{n}")
        t.leaf(f"secret {b.secret(base.panos_encrypted(rng))}")
        t.leaf(f"ip-address {base.ip(rng)}")
        t.leaf("port 1812")
        t.close()
    t.close(4)
    t.open("log-settings")
    t.open("syslog")
    t.open("SYSLOG-1")
    t.open("server")
    t.open("syslog-a")
    t.leaf("transport UDP")
    t.leaf("port 514")
    t.leaf(f"server {base.ip(rng)}")
    t.close(6)
    t.open("devices")
    t.open("localhost.localdomain")
    t.open("network")
    t.open("interface")
    t.open("ethernet")
    ports = rng.randint(4, 16)
    for port in range(1, ports + 1):
        t.open(f"ethernet1/{port}")
        t.open("layer3")
        t.open("ip")
        t.leaf(f"{base.subnet24(rng)[:-1]}1/24")
        t.close(2)
        t.drifting(lambda r: f'comment "{base.description(r)}"')
        t.close()
    t.close(2)
    t.open("ike")
    t.open("gateway")
    for n in range(1, rng.randint(2, 5)):
        t.open(f"GW-{n}")
        t.open("authentication")
        t.open("pre-shared-key")
        t.leaf(f"key {b.secret(base.panos_encrypted(rng))}")
        t.close(2)
        t.open("peer-address")
        t.leaf(f"ip {base.ip(rng, '198.51.100.0/24')}")
        t.close(2)
    t.close(3)
    t.open("deviceconfig")
    t.open("system")
    t.leaf(f"hostname {hostname}")
    t.leaf(f"ip-address {base.ip(rng)}")
    t.leaf("netmask 255.255.255.0")
    t.leaf(f"domain {base.site(rng)}.lab.example.net")
    t.open("snmp-setting")
    t.open("access-setting")
    t.open("version")
    t.open("v2c")
    t.leaf(f"snmp-community-string {b.secret(base.community(rng, 'RO'))}")
    t.close(4)
    t.open("ntp-servers")
    t.open("primary-ntp-server")
    t.leaf(f"ntp-server-address {base.ip(rng)}")
    t.close(4)
    t.open("vsys")
    t.open("vsys1")
    t.open("address")
    for n in range(rng.randint(6, 20)):
        t.open(f"NET-{base.word(rng).upper()}-{n}")
        t.leaf(f"ip-netmask {base.subnet24(rng)}/24")
        t.close()
    t.close()
    t.open("rulebase")
    t.open("security")
    t.open("rules")
    closing = t.depth + 1  # the lines still to come after the rules
    rule = 1
    while len(b.lines) < target - closing - 10:
        _rule(t, rule)
        rule += 1
    t.close(t.depth)


def _rule(t: _Tree, n: int) -> None:
    rng = t.b.rng
    t.open(f"rule-{n}")
    t.leaf(f"to {rng.choice(('untrust', 'dmz', 'trust'))}")
    t.leaf(f"from {rng.choice(('trust', 'untrust', 'dmz'))}")
    t.drifting(lambda r: f"source [ {base.subnet24(r)}/24 {base.subnet24(r)}/24]")
    t.leaf("destination any")
    t.leaf("service application-default")
    t.leaf(
        f"application [ {' '.join(rng.sample(('ssl', 'web-browsing', 'dns', 'ntp', 'ssh'), 2))}]"
    )
    t.leaf(f"action {rng.choice(('allow', 'allow', 'deny'))}")
    t.drifting(lambda r: f'description "{base.description(r)}"')
    t.close()
