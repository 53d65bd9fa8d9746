"""Fault and behaviour kinds of lab devices, and the ``--faults`` spec that assigns them.

Spec grammar (``--faults``)::

    spec  := item ("," item)*
    item  := kind [":" count]          count: integer >= 0, default 1; repeats add up
    kind  := auth | refused | hang | drop | slow | enable | drift | priv
           | banner | paging | preamble | huge | master

Example: ``auth:2,refused:1,hang:1,drop:1,slow:1,enable:1,drift:3``. Counts are numbers of
devices; which devices get them is chosen deterministically from the seed, one kind per
device at most. A device with kind ``k`` carries the tag ``fault-k`` and its hostname ends in
``-k`` (``ios-0007-auth``). ``enable``, ``paging`` and ``preamble`` devices are always
``cisco_ios``, ``master`` devices ``juniper_junos``; the others keep the round-robin platform.

What each kind does and what real Netmiko 4.8 raises against it (measured by tests/lab):

- ``auth``: the device's password differs from the fleet's, the SSH server rejects the login
  -> ``NetmikoAuthenticationException`` (a ``paramiko.AuthenticationException``) from
  ``ConnectHandler``, immediately.
- ``refused``: nothing listens on the port -> ``NetmikoTimeoutException`` whose message
  starts "TCP connection to device failed." at once. Netmiko does not say "refused": its
  ``__context__`` is paramiko's ``NoValidConnectionsError`` whose ``.errors`` maps
  ``(address, port)`` to ``ConnectionRefusedError(111, 'Connection refused')``.
- ``hang``: TCP is accepted but no SSH banner ever comes -> ``NetmikoTimeoutException``
  after ``min(conn_timeout, banner_timeout)``: "A paramiko SSHException occurred during
  connection creation: Error reading SSH protocol banner" when ``banner_timeout`` is the
  smaller, "Paramiko: 'No existing session' error: ..." when ``conn_timeout`` is. Paramiko's
  transport thread also logs "Exception (client): Error reading SSH protocol banner" on the
  ``paramiko.transport`` logger.
- ``drop``: login works, the channel is closed half-way through the configuration output ->
  ``send_command`` raises ``netmiko.exceptions.ReadTimeout`` ("Pattern not detected") after
  its ``read_timeout``: paramiko does not report the closed channel to Netmiko's reader, so
  set a short ``read_timeout`` and treat a ReadTimeout on a closed transport
  (``conn.remote_conn.closed`` / ``not conn.is_alive()``) as a disconnect.
- ``enable``: the device's enable secret differs. How it refuses is the fleet's
  ``enable_reject``: ``bad-secrets`` (default) is a real IOS without AAA: ``Password:``
  again, three tries in all, then ``% Bad secrets`` and the ``>`` prompt; ``access-denied``
  the same ending in ``% Access denied`` (AAA); ``once`` answers ``% Access denied`` after
  the first try -> ``enable()`` raises ``ValueError`` ("Failed to enter enable mode. ...") at
  once. Against a re-prompt Netmiko sends the secret once, then waits for a prompt that never
  comes: ``enable()`` raises ``netmiko.exceptions.ReadTimeout`` after its read timeout
  (``read_timeout_override`` when set), not ``ValueError``.
- ``slow``: output trickles at the fleet's ``slow_bps`` bytes per second (works, just slowly;
  a short ``read_timeout`` turns it into ``ReadTimeout``).
- ``drift``: the configuration changes by one small line after every read.
- ``priv``: the login lands in privileged mode (``#``); ``enable()`` is a no-op.
- ``banner``: a message of the day after login, before the prompt, in its own write 0.1 s
  ahead of it, with lines holding ``#``, ``>`` and the hostname
  (``# ios-0003-banner> ...``, ``Example: ios-0003-banner# show ...``). Netmiko copes.
- ``paging``: AAA refuses the paging command (IOS ``terminal length 0`` -> ``Command
  authorization failed.``): output stops every 23 lines at `` --More-- `` until the client
  presses space (next page), Enter (next line) or anything else (quit). ``send_command``
  raises ``ReadTimeout``; a client must page through it.
- ``preamble``: the config command prints ``Building configuration...`` and then nothing for
  the fleet's ``preamble_seconds`` (default 3) before the rest.
- ``huge``: the configuration is ``huge_bytes`` big (default 5,000,000 bytes).
- ``master``: Junos on a virtual chassis: a ``{master:0}`` line before every prompt (after
  a blank line). Netmiko's Junos driver strips it from ``send_command`` output.
"""

from __future__ import annotations

import random
from collections import Counter
from enum import StrEnum


class Fault(StrEnum):
    AUTH = "auth"
    REFUSED = "refused"
    HANG = "hang"
    DROP = "drop"
    SLOW = "slow"
    ENABLE = "enable"
    DRIFT = "drift"
    PRIV = "priv"
    # Added later; new kinds go at the end so that existing specs pick the same devices.
    BANNER = "banner"
    PAGING = "paging"
    PREAMBLE = "preamble"
    HUGE = "huge"
    MASTER = "master"


# Kinds that only make sense on one platform.
FORCED_PLATFORM = {
    Fault.ENABLE: "cisco_ios",
    Fault.PAGING: "cisco_ios",
    Fault.PREAMBLE: "cisco_ios",
    Fault.MASTER: "juniper_junos",
}

ENABLE_REJECTS = ("once", "bad-secrets", "access-denied")


SPEC_HELP = (
    "comma-separated KIND[:COUNT] items, KIND one of "
    + ", ".join(f.value for f in Fault)
    + "; e.g. auth:2,refused:1,hang:1,drop:1,slow:1,enable:1,drift:3"
)


def parse_faults(spec: str | None) -> dict[Fault, int]:
    """``"auth:2,hang"`` -> ``{Fault.AUTH: 2, Fault.HANG: 1}``; raises ValueError on bad input."""
    counts: Counter[Fault] = Counter()
    for raw in (spec or "").split(","):
        item = raw.strip()
        if not item:
            continue
        name, _, count_text = item.partition(":")
        try:
            kind = Fault(name.strip().lower())
        except ValueError:
            raise ValueError(f"unknown fault {name.strip()!r} ({SPEC_HELP})") from None
        try:
            count = int(count_text) if count_text.strip() else 1
        except ValueError:
            raise ValueError(f"bad count in {item!r}: expected an integer") from None
        if count < 0:
            raise ValueError(f"bad count in {item!r}: must be >= 0")
        counts[kind] += count
    return {kind: counts[kind] for kind in Fault if counts[kind]}


def assign_faults(counts: dict[Fault, int], devices: int, seed: int | str) -> dict[int, Fault]:
    """Which device index gets which kind; deterministic for a given seed."""
    total = sum(counts.values())
    if total > devices:
        raise ValueError(f"the fault spec names {total} devices but the fleet has {devices}")
    chosen = random.Random(f"{seed}:faults").sample(range(devices), total)
    assigned: dict[int, Fault] = {}
    for kind in Fault:
        for _ in range(counts.get(kind, 0)):
            assigned[chosen.pop()] = kind
    return assigned
