"""The first seven dialects: IOS, IOS-XE, NX-OS, EOS, Junos, RouterOS, Huawei VRP.

The replies are what Netmiko 4.8's drivers wait for in ``session_preparation`` (e.g. Arista's
``Width set to``/``Pagination disabled``, Junos' ``Screen length set to``, Huawei's
``screen-length 0 temporary`` info line); see the module docstring of ``server.py``.
"""

from __future__ import annotations

from dataclasses import replace

from netraven_tui.lab.dialects.base import (
    IOS_PAGER,
    Dialect,
    Pager,
    config_command,
    pattern,
)

_TERMINAL = (
    (pattern(r"terminal width \d+"), ""),
    (pattern(r"terminal length \d+"), ""),
)
_SHOW_RUN = r"sh(?:ow)? run(?:ning(?:-config)?)?"
_IOS_ERROR = "{caret}\n% Invalid input detected at '^' marker.\n"
_TERMINAL_LENGTH_0 = pattern(r"terminal length 0")

IOS = Dialect(
    platform="cisco_ios",
    user_prompt="{host}>",
    priv_prompt="{host}#",
    has_enable=True,
    config_command=config_command("cisco_ios", _SHOW_RUN),
    replies=(
        *_TERMINAL,
        (pattern(r"sh(?:ow)? ver(?:sion)?"), "Cisco IOS XE Software, Version 17.09.04a\n"),
    ),
    error=_IOS_ERROR,
    pager=IOS_PAGER,
    paging_off=_TERMINAL_LENGTH_0,
    # What IOS says when TACACS+ command authorization refuses a command.
    paging_refused="Command authorization failed.\n",
)

CLASSIC: dict[str, Dialect] = {
    "cisco_ios": IOS,
    "cisco_xe": replace(IOS, platform="cisco_xe"),
    "cisco_nxos": Dialect(
        platform="cisco_nxos",
        user_prompt="{host}#",
        priv_prompt="{host}#",
        has_enable=False,
        config_command=config_command("cisco_nxos", _SHOW_RUN),
        replies=(*_TERMINAL, (pattern(r"show version"), "NXOS: version 9.3(8)\n")),
        error="{caret}\n% Invalid command at '^' marker.\n",
        greeting="Cisco NX-OS Software\nCopyright (c) 2002-2022, Cisco Systems, Inc. All rights reserved.\n",
        pager=Pager("--More--", "\r        \r"),
        paging_off=_TERMINAL_LENGTH_0,
        paging_refused="% Permission denied for the role\n",
    ),
    "arista_eos": Dialect(
        platform="arista_eos",
        user_prompt="{host}>",
        priv_prompt="{host}#",
        has_enable=True,
        config_command=config_command("arista_eos", _SHOW_RUN),
        replies=(
            (pattern(r"terminal width \d+"), "Width set to 511 columns.\n"),
            (pattern(r"terminal length 0"), "Pagination disabled.\n"),
            (pattern(r"show version"), "Arista DCS-7280SR-48C6\nSoftware image version: 4.30.2F\n"),
        ),
        error="% Invalid input\n",
        user_mode_error="% Invalid input (privileged mode required)\n",
        greeting="Last login: Mon Jan  1 00:00:00 2024 from 127.0.0.1\n",
        pager=Pager(" --More-- ", "\r          \r"),
        paging_off=_TERMINAL_LENGTH_0,
        paging_refused="% Authorization denied for command 'terminal length 0'\n",
    ),
    "juniper_junos": Dialect(
        platform="juniper_junos",
        user_prompt="{user}@{host}> ",
        priv_prompt="{user}@{host}> ",
        has_enable=False,
        config_command=config_command(
            "juniper_junos", r"show configuration \| display set(?: \| no-more)?"
        ),
        replies=(
            (pattern(r"set cli screen-width \d+"), "Screen width set to 511\n"),
            (pattern(r"set cli complete-on-space off"), "Disabling complete-on-space\n"),
            (pattern(r"set cli screen-length \d+"), "Screen length set to 0\n"),
            (pattern(r"show version"), "Model: mx204\nJunos: 21.4R3.15\n"),
        ),
        error="{caret}\nunknown command.\n",
        greeting="--- JUNOS 21.4R3.15 Kernel 64-bit  JNPR-12.1-20221208.2c7f3a7_buil\n",
        pager=Pager("---(more)---", "\r                                        \r"),
        paging_off=pattern(r"set cli screen-length 0"),
        paging_refused="error: permission denied\n",
    ),
    "mikrotik_routeros": Dialect(
        platform="mikrotik_routeros",
        user_prompt="[{user}@{host}] > ",
        priv_prompt="[{user}@{host}] > ",
        has_enable=False,
        config_command=config_command(
            "mikrotik_routeros", r"/export(?: (?:terse|verbose|compact))*"
        ),
        replies=((pattern(r"/system resource print"), "  version: 7.14.2 (stable)\n"),),
        error="bad command name {word} (line 1 column 1)\n",
        greeting=(
            "\n\n  MikroTik RouterOS 7.14.2 (c) 1999-2024       https://www.mikrotik.com/\n\n"
            "Press F1 for help\n"
        ),
    ),
    "huawei": Dialect(
        platform="huawei",
        user_prompt="<{host}>",
        priv_prompt="<{host}>",
        has_enable=False,
        config_command=config_command("huawei", r"dis(?:play)? cur(?:rent-configuration)?"),
        replies=(
            (
                pattern(r"screen-length 0 temporary"),
                "Info: The configuration takes effect on the current user terminal "
                "interface only.\n",
            ),
            (pattern(r"display version"), "Huawei Versatile Routing Platform Software\n"),
        ),
        error="{caret}\nError: Unrecognized command found at '^' position.\n",
        greeting=(
            "\nInfo: The max number of VTY users is 10, and the number\n"
            "      of current VTY users on line is 1.\n"
        ),
        pager=Pager("  ---- More ----", "\x1b[16D                \x1b[16D"),
        paging_off=pattern(r"screen-length 0 temporary"),
        paging_refused="Error: You do not have permission to run the command.\n",
    ),
}
