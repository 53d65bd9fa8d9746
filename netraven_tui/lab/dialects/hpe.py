"""HPE Comware 7 and ArubaOS-Switch (ProCurve), as Netmiko 4.8's drivers meet them.

Comware (``HPComwareSSH``, no command echo check): reads until ``to continue|[>\\]]``, finds
``<host>``, sends ``screen-length disable`` and reads to the prompt; ``disconnect()`` sends
``quit``.

ProCurve (``HPProcurveSSH``, VT100 codes stripped): reads until ``opyright`` (1.3 s), then
until ``any key to continue`` and presses Enter, finds ``host# `` (the manager account
lands in privileged mode, so its ``enable()`` does nothing), sends ``terminal width 511`` and
``no page``; ``disconnect()`` sends ``logout`` and answers ``y`` to ``Do you want to log out (y/n)?``.
Like the real switch, every prompt comes wrapped in cursor-positioning escape codes.
"""

from __future__ import annotations

from netraven_tui.lab.dialects.base import Dialect, Pager, config_command, enter, pattern

COMWARE = Dialect(
    platform="hp_comware",
    user_prompt="<{host}>",
    priv_prompt="<{host}>",
    has_enable=False,
    config_command=config_command(
        "hp_comware",
        r"dis(?:play)? cur(?:rent-configuration)?",
        command="display current-configuration",
    ),
    replies=(
        (pattern(r"screen-length disable"), ""),
        (
            pattern(r"dis(?:play)? ver(?:sion)?"),
            "HPE Comware Software, Version 7.1.070, Release 6635P07\n",
        ),
        (
            pattern(r"system-view"),
            enter("system", "System View: return to User View with Ctrl+Z.\n"),
        ),
    ),
    error="{caret}\n % Unrecognized command found at '^' position.\n",
    greeting=(
        "\n" + "*" * 78 + "\n"
        "* Copyright (c) 2004-2022 New H3C Technologies Co., Ltd. All rights reserved.*\n"
        "* Without the owner's prior written consent,                                 *\n"
        "* no decompiling or reverse-engineering shall be allowed.                    *\n"
        + "*" * 78
        + "\n"
    ),
    backup_command="display current-configuration",
    contexts={"system": "[{host}]"},
    pager=Pager("  ---- More ----", "\x1b[16D                \x1b[16D"),
    paging_off=pattern(r"screen-length disable"),
    paging_refused="Permission denied.\n",
)

PROCURVE = Dialect(
    platform="hp_procurve",
    user_prompt="{host}> ",
    priv_prompt="{host}# ",
    has_enable=True,
    config_command=config_command("hp_procurve", r"sh(?:ow)? run(?:ning-config)?"),
    replies=(
        (pattern(r"terminal width \d+"), ""),
        (pattern(r"no page"), ""),
        (pattern(r"show version"), "Image stamp:    /ws/swbuildm/rel_ukiah_qaoff/code/build/\n"),
    ),
    error="Invalid input: {word}\n",
    greeting=(
        "\nHPE J9728A 2920-48G Switch\nSoftware revision WB.16.10.0009\n\n"
        "(C) Copyright 2020 Hewlett Packard Enterprise Development LP\n\n"
        "                   RESTRICTED RIGHTS LEGEND\n"
        " Confidential computer software. Valid license from HPE required for\n"
        " possession, use or copying.\n\n"
    ),
    login_privileged=True,
    pager=Pager("-- MORE --, next page: Space, next line: Enter, quit: Control-C", "\x1b[2K\r"),
    paging_off=pattern(r"no page"),
    paging_refused="Invalid input: page\n",
    press_key="Press any key to continue",
    # As a 2920 sends it (oxidized issue 681 has a dump): cursor moves around the prompt.
    ansi=(
        "\x1b[1;24r\x1b[24;1H\x1b[24;1H\x1b[2K\x1b[24;1H\x1b[?25h\x1b[24;1H\x1b[24;1H",
        "\x1b[24;1H\x1b[24;{col}H\x1b[24;1H\x1b[?25h\x1b[24;{col}H",
    ),
    logout_prompt="Do you want to log out (y/n)? ",
)
