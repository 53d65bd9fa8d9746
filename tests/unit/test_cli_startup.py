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
