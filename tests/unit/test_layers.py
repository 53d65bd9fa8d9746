"""Layers: nothing below tui/ loads Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "netraven_tui.services",
        "netraven_tui.config",
        "netraven_tui.domain",
        "netraven_tui.db.models",
        "netraven_tui.cli.parser",
    ],
)
def test_module_does_not_load_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules, 'netmiko' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "False", f"{module} loads textual"
    if module != "netraven_tui.cli.parser":
        assert out[1] == "False", f"{module} loads netmiko"


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
