"""The data folder is private: under a 022 umask, after a real backup run, nothing in it is
readable by group or others (folders 0700, files 0600: database, WAL, key, repository, logs)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.config import load_settings
from netraven_tui.lab import LabFleet
from netraven_tui.services import open_services

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    with LabFleet(devices=2, platforms=("cisco_ios", "arista_eos"), seed=3) as lab:
        yield lab


def cli_022(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """The CLI as a user with the common 022 umask starts it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    env.update({"NETRAVEN_HOME": str(home), "NETRAVEN_CONNECT_TIMEOUT": "10"})
    result = subprocess.run(
        [sys.executable, "-m", "netraven_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert result.returncode == 0, result.stderr
    return result


def too_open(home: Path) -> list[str]:
    found = []
    for folder, _names, files in os.walk(home):
        for path in [Path(folder), *(Path(folder) / name for name in files)]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & 0o077:
                found.append(f"{path.relative_to(home.parent)} {mode:04o}")
    return sorted(set(found))


def test_nothing_in_the_data_folder_is_readable_by_others_after_a_backup(
    fleet: LabFleet, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)  # made by hand, world-readable, before the first start
    (home / "config.toml").write_text("workers = 4\n")
    os.chmod(home / "config.toml", 0o644)
    inventory = fleet.write_inventory(tmp_path / "lab.csv")
    cli_022(home, "device", "import", str(inventory))
    cli_022(
        home,
        "credential", "add", "lab", "--username", fleet.username, "--tags", "lab",
        "--password-stdin", "--enable-secret-stdin",
        stdin=f"{fleet.password}\n{fleet.enable_secret}\n",
    )  # fmt: skip
    cli_022(home, "job", "add", "lab-backup", "--kind", "backup", "--tags", "lab")
    run = cli_022(home, "job", "run", "lab-backup")
    assert "2/2 ok" in run.stdout and "commit" in run.stdout
    objects = [p for p in (home / "configs.git" / "objects").rglob("*") if p.is_file()]
    assert len(objects) >= 4  # two blobs, a tree, a commit: the walk below really sees them
    assert (home / "logs" / "netraven.log").exists()
    assert too_open(home) == []

    # A second process keeps the database open: SQLite's -wal/-shm files take the DB's mode.
    services = open_services(load_settings({"NETRAVEN_HOME": str(home)}))
    try:
        services.devices.list()
        services.tags.create("written-while-open")
        companions = [home / "netraven.db-wal", home / "netraven.db-shm"]
        assert all(path.exists() for path in companions)
        assert too_open(home) == []
    finally:
        services.close()
