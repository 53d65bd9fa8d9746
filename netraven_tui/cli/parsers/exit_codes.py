"""What each command's exit status means, appended to every command's --help."""

from __future__ import annotations

import argparse

EXIT_CODES = (
    "exit status: 0 done, 1 failed or input refused (one line on standard error), "
    "2 usage error (unknown option, missing argument)"
)
# Commands whose exit status says more than done / failed (scripts and cron jobs rely on these).
SPECIAL_EXIT_CODES = {
    "netraven-tui device backup": "exit status: 0 every device succeeded, 1 some device failed "
    "or input refused (one line on standard error), 2 usage error",
    "netraven-tui job run": "exit status: 0 every device succeeded (or no device), "
    "1 partial, failed or cancelled, or refused, 2 usage error",
    "netraven-tui config search": "exit status: 0 done (with --missing: every device has a "
    "match), 1 with --missing when any device lacks a match or has no configuration, or on an "
    "error (an unknown --tag), 2 usage error or a pattern that is not valid",
    "netraven-tui compliance check": "exit status: 0 evaluated and nothing non-compliant, "
    "1 some device x rule is non-compliant, or an error, 2 usage error",
    "netraven-tui compliance report": "exit status: 0 nothing non-compliant, 1 some device x "
    "rule is non-compliant, or an error, 2 usage error",
    "netraven-tui device import": "exit status: 0 every row imported, 2 some rows skipped "
    "(reported as 'line N: reason') or usage error, 1 failed",
}


# `netraven-tui --help`: the rule for every command, and which commands say more (their --help).
TOP_LEVEL_EXIT_CODES = """\
exit status: 0 done, 1 failed or input refused (one line on standard error),
2 usage error (unknown option, missing argument). Some commands say more, in
their own --help: device backup, job run (1 when a device failed);
config search (with --missing, 1 when a device lacks the line or was never
backed up); compliance check, compliance report (1 when something is
non-compliant); device import (2 when rows were skipped)."""


def document_exit_codes(parser: argparse.ArgumentParser) -> None:
    """Every command's --help ends with what its exit status means."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in dict.fromkeys(action.choices.values()):
            if sub.epilog is None:
                sub.epilog = SPECIAL_EXIT_CODES.get(sub.prog, EXIT_CODES)
            document_exit_codes(sub)
