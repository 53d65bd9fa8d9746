"""The CLI's --help and argument errors start instantly: no heavy import before a command runs.

(The layer rules themselves are import-linter contracts in pyproject.toml, run by `make test`.)
"""

from __future__ import annotations

import subprocess
import sys


def test_help_starts_without_the_database_layer() -> None:
    # `netraven-tui --help` and argument errors must be instant: no SQLAlchemy, Netmiko or Textual.
    code = (
        "import sys; from netraven_tui.cli.parser import build_parser; build_parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'netmiko', 'textual', 'asyncssh') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_every_command_documents_its_exit_status() -> None:
    import argparse

    from netraven_tui.cli.parser import build_parser

    def walk(parser: argparse.ArgumentParser):
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in dict.fromkeys(action.choices.values()):
                    yield from walk(sub)

    commands = list(walk(build_parser()))
    assert len(commands) > 40
    undocumented = [p.prog for p in commands if "exit status: 0" not in p.format_help()]
    assert undocumented == []  # the top level (`netraven-tui --help`) too
    [job_run] = [p for p in commands if p.prog == "netraven-tui job run"]
    assert "1 partial" in job_run.format_help()


def test_the_top_level_help_names_the_commands_whose_exit_status_says_more() -> None:
    from netraven_tui.cli.parser import SPECIAL_EXIT_CODES, build_parser

    text = build_parser().format_help()
    assert "exit status: 0 done, 1 failed or input refused" in text
    assert "2 usage error" in text and "Without a command the console (TUI) starts" in text
    flat = " ".join(text.split())
    for prog in SPECIAL_EXIT_CODES:
        command = prog.removeprefix("netraven-tui ")
        assert command in flat, command
