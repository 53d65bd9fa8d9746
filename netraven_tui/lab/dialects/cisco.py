"""Cisco IOS-XR and ASA, as Netmiko 4.8's ``cisco_xr`` and ``cisco_asa`` drivers meet them.

IOS-XR (``CiscoXrSSH``): reads until ``[>#]``, sends ``terminal width 511`` and
``terminal length 0`` (waits for their echo), then finds the prompt
``RP/0/RSP0/CPU0:host#``. Every ``show`` command's output starts with a timestamp line
(``Mon Dec  1 12:00:00.123 UTC``), as on a real XR with the default ``timestamp`` setting.

ASA (``CiscoAsaSSH``): sends ``show curpriv`` and waits for its echo, finds the prompt
(``host> ``, with a trailing space), then ``enable`` (``Password:``, waits for ``#``),
``terminal pager 0``, and ``configure terminal`` / ``terminal width 511`` / ``end`` through
``send_config_set``; ``disconnect()`` sends ``exit``.
"""

from __future__ import annotations

import re

from netraven_tui.lab.dialects.base import (
    IOS_PAGER,
    Dialect,
    Pager,
    Terminal,
    config_command,
    enter,
    pattern,
)

_SHOW_RUN = r"sh(?:ow)? run(?:ning(?:-config)?)?"
_XR_PROMPT = "RP/0/RSP0/CPU0:{host}"


def _curpriv(term: Terminal, _match: re.Match[str]) -> str:
    level, mode = ("15", "P_PRIV") if term.privileged else ("1", "P_UNPR")
    return (
        f"Username : enable_{level}\nCurrent privilege level : {level}\nCurrent Mode/s : {mode}\n"
    )


XR = Dialect(
    platform="cisco_xr",
    user_prompt=_XR_PROMPT + "#",
    priv_prompt=_XR_PROMPT + "#",
    has_enable=False,
    config_command=config_command("cisco_xr", _SHOW_RUN),
    replies=(
        (pattern(r"terminal width \d+"), ""),
        (pattern(r"terminal length \d+"), ""),
        (pattern(r"sh(?:ow)? ver(?:sion)?"), "Cisco IOS XR Software, Version 7.5.2\n"),
        (pattern(r"conf(?:igure)?(?: t(?:erminal)?)?"), enter("config")),
    ),
    error="{caret}\n% Invalid input detected at '^' marker.\n",
    contexts={"config": _XR_PROMPT + "(config)#"},
    pager=IOS_PAGER,
    paging_off=pattern(r"terminal length 0"),
    paging_refused="% This command is not authorized\n",
    show_timestamp=True,
)

ASA = Dialect(
    platform="cisco_asa",
    user_prompt="{host}> ",
    priv_prompt="{host}# ",
    has_enable=True,
    config_command=config_command("cisco_asa", _SHOW_RUN),
    replies=(
        (pattern(r"show curpriv"), _curpriv),
        (pattern(r"terminal pager \d+"), ""),
        (pattern(r"terminal width \d+"), ""),
        (
            pattern(r"sh(?:ow)? ver(?:sion)?"),
            "Cisco Adaptive Security Appliance Software Version 9.16(4)\n",
        ),
        (pattern(r"conf(?:igure)?(?: t(?:erminal)?)?"), enter("config")),
    ),
    error="{caret}\nERROR: % Invalid input detected at '^' marker.\n",
    greeting="Type help or '?' for a list of available commands.\n",
    contexts={"config": "{host}(config)# "},
    pager=Pager("<--- More --->", "\r              \r"),
    paging_off=pattern(r"terminal pager 0"),
    paging_refused="Command authorization failed\n",
)
