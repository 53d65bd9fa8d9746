"""Palo Alto PAN-OS and Fortinet FortiOS, as Netmiko 4.8's drivers meet them.

PAN-OS (``PaloAltoPanosSSH``): logs in with keyboard-interactive authentication (it answers
every prompt containing ``ssword``), reads until ``[>#]``, sends ``set cli scripting-mode on``
(waits for ``[>#].*mode on``: the echo after the prompt), ``set cli terminal width 500``
(waits for the echo), ``set cli pager off``, finds ``user@host> ``, then ``show system info``
and waits for ``operational-mode``; ``disconnect()`` sends ``exit``.

FortiOS (``FortinetSSH``): offers only DH group14-sha1/group-exchange key exchange, reads until
``[#$]`` (or ``to accept``), finds ``host # ``, sends ``get system status | grep Virtual`` and
``... | grep Version`` (must say ``v7.x``), ``get system console`` (``output : more``), then
``config system console`` / ``set output standard`` / ``end``. A FortiGate pages its output
(``--More--``) until that is done. ``disconnect()`` puts ``output more`` back, then ``exit``.
"""

from __future__ import annotations

import re

from netraven_tui.lab.dialects.base import Dialect, Pager, Terminal, config_command, enter, pattern

_PANOS_INFO = (
    "hostname: {host}\nip-address: 10.0.0.1\nnetmask: 255.255.255.0\n"
    "model: PA-VM\nserial: 007951000123456\nsw-version: 10.2.9-h1\n"
    "app-version: 8799-8509\nuptime: 41 days, 3:02:11\noperational-mode: normal\n"
)


def _system_info(term: Terminal, _match: re.Match[str]) -> str:
    return _PANOS_INFO.format(host=term.host)


PANOS = Dialect(
    platform="paloalto_panos",
    user_prompt="{user}@{host}> ",
    priv_prompt="{user}@{host}> ",
    has_enable=False,
    config_command=config_command("paloalto_panos"),
    replies=(
        (pattern(r"set cli scripting-mode (?:on|off)"), ""),
        (pattern(r"set cli terminal width \d+"), ""),
        (pattern(r"set cli pager (?:on|off)"), ""),
        (pattern(r"show system info"), _system_info),
        (pattern(r"configure"), enter("config", "Entering configuration mode\n[edit]\n")),
    ),
    error="Unknown command: {word}\n",
    greeting=(
        "Last login: Mon Jan  1 00:00:00 2024 from 127.0.0.1\n\n"
        "Number of failed attempts since last successful login: 0\n\n\n"
    ),
    contexts={"config": "{user}@{host}# "},
    pager=Pager("lines 1-24 ", "\r           \r"),
    paging_off=pattern(r"set cli pager off"),
    paging_refused="Server error : permission denied\n",
    kbdint=True,
)


def _console(term: Terminal, _match: re.Match[str]) -> str:
    if term.context:
        return "Command fail. Return code -61\n"
    output = "more" if term.paged else "standard"
    return (
        "mode                : line\nbaudrate            : 9600\n"
        f"output              : {output}\nlogin               : enable\n"
        "fortiexplorer       : enable\n"
    )


def _set_output(term: Terminal, match: re.Match[str]) -> str:
    if term.context != "console":
        return "command parse error before 'output'\nCommand fail. Return code -61\n"
    term.paged = match.group(1) == "more"
    return ""


def _console_block(term: Terminal, _match: re.Match[str]) -> str:
    term.context = "console"
    return ""


FORTIOS = Dialect(
    platform="fortinet",
    user_prompt="{host} # ",
    priv_prompt="{host} # ",
    has_enable=False,
    config_command=config_command("fortinet", r"show(?: full-configuration)?"),
    replies=(
        (pattern(r"get system status \| grep Virtual"), "Virtual domain configuration: disable\n"),
        (
            pattern(r"get system status \| grep Version"),
            "Version: FortiGate-VM64 v7.2.8,build1639,240313 (GA.M)\n",
        ),
        (pattern(r"get system console"), _console),
        (pattern(r"config system console"), _console_block),
        (pattern(r"set output (standard|more)"), _set_output),
    ),
    error="Unknown action 0\n",
    contexts={"console": "{host} (console) # "},
    pager=Pager("--More-- ", "\r         \r"),
    starts_paged=True,
)
