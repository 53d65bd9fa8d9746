"""Layers: nothing below tui/ loads Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["netraven_tui.services", "netraven_tui.config", "netraven_tui.domain",
                                    "netraven_tui.db.models", "netraven_tui.cli.parser"])
def test_module_does_not_load_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules, 'netmiko' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False", f"{module} loads textual"
    if module != "netraven_tui.cli.parser":
        assert out[1] == "False", f"{module} loads netmiko"
