"""How each simulated platform talks: prompts, paging replies, errors, the config command.

The replies are what Netmiko 4.8's drivers wait for in ``session_preparation`` (e.g. Arista's
``Width set to``/``Pagination disabled``, Junos' ``Screen length set to``, Huawei's
``screen-length 0 temporary`` info line); see the module docstring of ``server.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from netraven_tui.platforms import BUILTIN_PLATFORMS


@dataclass(frozen=True, slots=True)
class Dialect:
    """One platform's CLI manners."""

    platform: str
    user_prompt: str  # format string with {host} and {user}
    priv_prompt: str
    has_enable: bool
    config_command: re.Pattern[str]
    replies: tuple[tuple[re.Pattern[str], str], ...]
    error: str  # format string with {caret} (spaces + "^") and {word}
    greeting: str = ""
    user_mode_error: str = ""  # what the config command says in user mode ("" = invalid input)

    def prompt(self, host: str, user: str, privileged: bool) -> str:
        """The prompt text (no newline) for this state."""
        template = self.priv_prompt if privileged else self.user_prompt
        return template.format(host=host, user=user)

    def reply(self, line: str) -> str | None:
        """The canned answer to a harmless command (paging, width, version), or None."""
        for pattern, text in self.replies:
            if pattern.fullmatch(line):
                return text
        return None

    def invalid(self, line: str, prompt: str) -> str:
        """The device's answer to a command it does not know."""
        word = line.split()[0] if line.split() else line
        offset = len(prompt) + len(line) - len(line.lstrip())
        return self.error.format(caret=" " * offset + "^", word=word)


def _re(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _config(platform: str, *aliases: str) -> re.Pattern[str]:
    command = BUILTIN_PLATFORMS[platform].commands[0]
    options = [re.escape(command), *aliases]
    return re.compile("|".join(f"(?:{o})" for o in options))


_TERMINAL = (
    (_re(r"terminal width \d+"), ""),
    (_re(r"terminal length \d+"), ""),
)
_SHOW_RUN = r"sh(?:ow)? run(?:ning(?:-config)?)?"
_IOS_ERROR = "{caret}\n% Invalid input detected at '^' marker.\n"

_IOS = Dialect(
    platform="cisco_ios",
    user_prompt="{host}>",
    priv_prompt="{host}#",
    has_enable=True,
    config_command=_config("cisco_ios", _SHOW_RUN),
    replies=(
        *_TERMINAL,
        (_re(r"sh(?:ow)? ver(?:sion)?"), "Cisco IOS XE Software, Version 17.09.04a\n"),
    ),
    error=_IOS_ERROR,
)

DIALECTS: dict[str, Dialect] = {
    "cisco_ios": _IOS,
    "cisco_xe": replace(_IOS, platform="cisco_xe"),
    "cisco_nxos": Dialect(
        platform="cisco_nxos",
        user_prompt="{host}#",
        priv_prompt="{host}#",
        has_enable=False,
        config_command=_config("cisco_nxos", _SHOW_RUN),
        replies=(*_TERMINAL, (_re(r"show version"), "NXOS: version 9.3(8)\n")),
        error="{caret}\n% Invalid command at '^' marker.\n",
        greeting="Cisco NX-OS Software\nCopyright (c) 2002-2022, Cisco Systems, Inc. All rights reserved.\n",
    ),
    "arista_eos": Dialect(
        platform="arista_eos",
        user_prompt="{host}>",
        priv_prompt="{host}#",
        has_enable=True,
        config_command=_config("arista_eos", _SHOW_RUN),
        replies=(
            (_re(r"terminal width \d+"), "Width set to 511 columns.\n"),
            (_re(r"terminal length 0"), "Pagination disabled.\n"),
            (_re(r"show version"), "Arista DCS-7280SR-48C6\nSoftware image version: 4.30.2F\n"),
        ),
        error="% Invalid input\n",
        user_mode_error="% Invalid input (privileged mode required)\n",
        greeting="Last login: Mon Jan  1 00:00:00 2024 from 127.0.0.1\n",
    ),
    "juniper_junos": Dialect(
        platform="juniper_junos",
        user_prompt="{user}@{host}> ",
        priv_prompt="{user}@{host}> ",
        has_enable=False,
        config_command=_config(
            "juniper_junos", r"show configuration \| display set(?: \| no-more)?"
        ),
        replies=(
            (_re(r"set cli screen-width \d+"), "Screen width set to 511\n"),
            (_re(r"set cli complete-on-space off"), "Disabling complete-on-space\n"),
            (_re(r"set cli screen-length \d+"), "Screen length set to 0\n"),
            (_re(r"show version"), "Model: mx204\nJunos: 21.4R3.15\n"),
        ),
        error="{caret}\nunknown command.\n",
        greeting="--- JUNOS 21.4R3.15 Kernel 64-bit  JNPR-12.1-20221208.2c7f3a7_buil\n",
    ),
    "mikrotik_routeros": Dialect(
        platform="mikrotik_routeros",
        user_prompt="[{user}@{host}] > ",
        priv_prompt="[{user}@{host}] > ",
        has_enable=False,
        config_command=_config("mikrotik_routeros", r"/export(?: (?:terse|verbose|compact))*"),
        replies=((_re(r"/system resource print"), "  version: 7.14.2 (stable)\n"),),
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
        config_command=_config("huawei", r"dis(?:play)? cur(?:rent-configuration)?"),
        replies=(
            (
                _re(r"screen-length 0 temporary"),
                "Info: The configuration takes effect on the current user terminal "
                "interface only.\n",
            ),
            (_re(r"display version"), "Huawei Versatile Routing Platform Software\n"),
        ),
        error="{caret}\nError: Unrecognized command found at '^' position.\n",
        greeting=(
            "\nInfo: The max number of VTY users is 10, and the number\n"
            "      of current VTY users on line is 1.\n"
        ),
    ),
}

EXIT_COMMANDS = frozenset({"exit", "quit", "logout", "/quit"})
