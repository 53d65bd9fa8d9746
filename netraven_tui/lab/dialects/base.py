"""The shape of a dialect (one platform's CLI manners) and the terminal state it acts on."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from netraven_tui.platforms import BUILTIN_PLATFORMS

EXIT_COMMANDS = frozenset({"exit", "quit", "logout", "/quit"})
# Inside a context (config mode, system-view, a FortiOS "config" block) these leave it.
LEAVE_CONTEXT = frozenset({"end", "exit", "quit", "return"})


@dataclass(slots=True)
class Terminal:
    """What one session's terminal is in now: privilege, context, paging."""

    host: str
    user: str
    privileged: bool
    context: str = ""  # a key of Dialect.contexts ("" = top level)
    paged: bool = False  # long output stops at the pager marker
    length: int = 24  # lines per screen while paged


Reply = str | Callable[[Terminal, re.Match[str]], str]


@dataclass(frozen=True, slots=True)
class Pager:
    """How a device pauses long output: the marker, and what it writes once a key is pressed."""

    marker: str
    erase: str


@dataclass(frozen=True, slots=True)
class Dialect:
    """One platform's CLI manners (prompts, replies, errors, pager, login quirks)."""

    platform: str
    user_prompt: str  # format string with {host} and {user}
    priv_prompt: str
    has_enable: bool
    config_command: re.Pattern[str]
    replies: tuple[tuple[re.Pattern[str], Reply], ...]
    error: str  # format string with {caret} (spaces + "^") and {word}
    greeting: str = ""
    user_mode_error: str = ""  # what the config command says in user mode ("" = invalid input)
    backup_command: str = ""  # "" = the platform table's first command
    contexts: Mapping[str, str] = field(default_factory=dict)  # context -> prompt template
    login_privileged: bool = False  # the login lands in privileged mode (ProCurve's manager)
    pager: Pager | None = None
    paging_off: re.Pattern[str] | None = None  # the command that turns paging off
    paging_refused: str = ""  # its answer when AAA refuses it (the ``paging`` fault)
    starts_paged: bool = False  # paging is on until turned off (FortiOS "output more")
    show_timestamp: bool = False  # IOS-XR prints the time before every show command
    press_key: str = ""  # shown after login; the prompt comes once a key is pressed
    ansi: tuple[str, str] = ("", "")  # escape codes around the prompt ({col}: its width + 1)
    kbdint: bool = False  # keyboard-interactive authentication (PAN-OS)
    logout_prompt: str = ""  # asked after exit/logout; "y" ends the session (ProCurve)
    exit_commands: frozenset[str] = EXIT_COMMANDS

    @property
    def command(self) -> str:
        """The command that prints the configuration (what a backup sends)."""
        return self.backup_command or BUILTIN_PLATFORMS[self.platform].commands[0]

    def prompt(self, term: Terminal) -> str:
        """The prompt text (no newline, no escape codes) for this terminal state."""
        if term.context:
            template = self.contexts[term.context]
        else:
            template = self.priv_prompt if term.privileged else self.user_prompt
        return template.format(host=term.host, user=term.user)

    def reply(self, term: Terminal, line: str) -> str | None:
        """The canned answer to a harmless command (paging, width, version), or None."""
        for pattern, answer in self.replies:
            match = pattern.fullmatch(line)
            if match:
                return answer if isinstance(answer, str) else answer(term, match)
        return None

    def invalid(self, line: str, prompt: str) -> str:
        """The device's answer to a command it does not know."""
        word = line.split()[0] if line.split() else line
        offset = len(prompt) + len(line) - len(line.lstrip())
        return self.error.format(caret=" " * offset + "^", word=word)


def pattern(text: str) -> re.Pattern[str]:
    """A compiled regex (the replies' keys)."""
    return re.compile(text)


def config_command(platform: str, *aliases: str, command: str = "") -> re.Pattern[str]:
    """The regex of the config command: the platform table's command (or ``command``) + aliases."""
    command = command or BUILTIN_PLATFORMS[platform].commands[0]
    options = [re.escape(command), *aliases]
    return re.compile("|".join(f"(?:{o})" for o in options))


def enter(context: str, answer: str = "") -> Callable[[Terminal, re.Match[str]], str]:
    """A reply that moves the terminal into ``context`` (config mode and the like)."""

    def move(term: Terminal, _match: re.Match[str]) -> str:
        term.context = context
        return answer

    return move


IOS_PAGER = Pager(" --More-- ", "\b" * 10 + " " * 10 + "\b" * 10)
