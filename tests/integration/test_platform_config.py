"""A config.toml platform row without a rule family stops the program with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_platform_without_inherit_stops_the_cli_with_one_line(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.toml").write_text('[platforms.acme_os]\ncommands = ["show config"]\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    env["NETRAVEN_HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "netraven_tui", "device", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "config.toml: [platforms.acme_os]: 'inherit' is required" in result.stderr
