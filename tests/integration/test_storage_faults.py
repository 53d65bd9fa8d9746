"""A full disk and a read-only repository: one line, the run failed with that reason, nothing half
written, and the next run fine once the fault is gone.

The repository sits on a real 2 MB tmpfs mounted for the test (root only: where mounting is not
allowed the test is skipped with that reason). Read-only is a real read-only remount of it —
as root, chmod alone would not stop a write, so it is not used.
"""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.config import load_settings
from netraven_tui.domain import RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.services import open_services

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def fleet() -> Iterator[LabFleet]:
    # One device drifts (a new blob at every read), the other does not (its blob is written once).
    with LabFleet(
        devices=2, platforms=("cisco_ios", "arista_eos"), seed=4, faults="drift:1"
    ) as lab:
        yield lab


@pytest.fixture
def small_repo(tmp_path: Path) -> Iterator[Path]:
    """<home>/configs.git on its own 2 MB tmpfs."""
    repo = tmp_path / "home" / "configs.git"
    repo.mkdir(parents=True, mode=0o700)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(repo)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); needs root")
    try:
        yield repo
    finally:
        subprocess.run(["umount", "-l", str(repo)], check=False)


def cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETRAVEN_")}
    env.update({"NETRAVEN_HOME": str(home), "NETRAVEN_ATTEMPTS": "1"})
    return subprocess.run(
        [sys.executable, "-m", "netraven_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def setup_inventory(home: Path, fleet: LabFleet, tmp_path: Path) -> None:
    for args, stdin in (
        (("device", "import", str(fleet.write_inventory(tmp_path / "lab.csv"))), ""),
        (
            ("credential", "add", "lab", "--username", fleet.username, "--tags", "lab",
             "--password-stdin", "--enable-secret-stdin"),
            f"{fleet.password}\n{fleet.enable_secret}\n",
        ),
        (("job", "add", "lab-backup", "--kind", "backup", "--tags", "lab"), ""),
    ):  # fmt: skip
        result = cli(home, *args, stdin=stdin)
        assert result.returncode == 0, result.stderr


def fill(folder: Path) -> Path:
    """Write a file until the filesystem is full; returns it (delete it to free the space)."""
    filler = folder / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def last_run(home: Path):
    services = open_services(load_settings({"NETRAVEN_HOME": str(home)}))
    try:
        run = services.runs.list()[0]
        return run, services.runs.results(run.id)
    finally:
        services.close()


def assert_readable_failure(result: subprocess.CompletedProcess, words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and "unexpected" not in output
    assert words in output
    # The summary, the reasons and the per-device progress lines, each one short line.
    assert len(output.splitlines()) <= 8 and all(len(line) < 300 for line in output.splitlines())


def head(repo: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "-q", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()


def fsck(repo: Path) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "fsck", "--no-dangling"], check=True, capture_output=True
    )


def test_a_full_disk_fails_the_run_in_one_line_and_the_next_run_recovers(
    fleet: LabFleet, small_repo: Path, tmp_path: Path
) -> None:
    home = small_repo.parent
    setup_inventory(home, fleet, tmp_path)
    first = cli(home, "job", "run", "lab-backup")  # creates the repository: 2/2 changed
    assert first.returncode == 0, first.stdout + first.stderr
    committed = head(small_repo)
    # Forget the versions so the steady device counts as changed too: its blob exists, but the
    # run's commit (index, tree, commit, ref) still needs space. The drifting one needs a blob.
    filler = fill(small_repo)
    services = open_services(load_settings({"NETRAVEN_HOME": str(home)}))
    with services.ctx.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM config_versions")
    services.close()

    full = cli(home, "job", "run", "lab-backup")
    assert_readable_failure(full, f"no space left on device writing {small_repo}")
    run, results = last_run(home)
    assert run.status is RunStatus.FAILED
    assert run.message.startswith(f"no space left on device writing {small_repo}")
    [drifting] = [r for r in results if r.hostname.endswith("drift")]
    assert drifting.message == f"no space left on device writing {small_repo / 'objects'}"
    assert head(small_repo) == committed  # nothing half written: HEAD is the last good commit

    filler.unlink()
    again = cli(home, "job", "run", "lab-backup")
    assert again.returncode == 0, again.stdout + again.stderr
    run, _ = last_run(home)
    assert run.status is RunStatus.SUCCESS and run.succeeded == 2
    fsck(small_repo)


def test_a_full_disk_before_any_commit_is_the_runs_reason_too(
    fleet: LabFleet, small_repo: Path, tmp_path: Path
) -> None:
    # Only the drifting device changes, and its blob cannot be written: no commit is tried, and
    # the run itself still says why it failed (not only the device's result).
    home = small_repo.parent
    setup_inventory(home, fleet, tmp_path)
    assert cli(home, "job", "run", "lab-backup").returncode == 0
    filler = fill(small_repo)
    full = cli(home, "job", "run", "lab-backup")
    assert_readable_failure(full, "no space left on device writing")
    run, results = last_run(home)
    [drifting] = [r for r in results if r.hostname.endswith("drift")]
    assert drifting.status == "failed" and "no space left on device" in drifting.message
    assert f"no space left on device writing {small_repo}" in run.message
    filler.unlink()
    assert cli(home, "job", "run", "lab-backup").returncode == 0


def test_a_read_only_repository_fails_the_run_in_one_line_and_recovers(
    fleet: LabFleet, small_repo: Path, tmp_path: Path
) -> None:
    home = small_repo.parent
    setup_inventory(home, fleet, tmp_path)
    # An empty repository made before the run, then the filesystem under it turned read-only.
    assert cli(home, "config", "search", "x").returncode == 0  # opens (and creates) the repo
    subprocess.run(["mount", "-o", "remount,ro", str(small_repo)], check=True)
    try:
        readonly = cli(home, "job", "run", "lab-backup")
        assert_readable_failure(readonly, f"repository {small_repo} is read-only")
        run, _ = last_run(home)
        assert run.status is RunStatus.FAILED
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_repo)], check=True)
    assert head(small_repo) == ""
    again = cli(home, "job", "run", "lab-backup")
    assert again.returncode == 0, again.stdout + again.stderr
    fsck(small_repo)


def test_a_log_file_that_cannot_be_written_warns_once(capfd) -> None:
    from netraven_tui.logs import _QuietRotatingFileHandler

    handler = _QuietRotatingFileHandler("/dev/full", encoding="utf-8")  # every write: ENOSPC
    logger = logging.getLogger("netraven_tui.test_full_log")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for index in range(200):
            logger.error("record %d", index)
    finally:
        logger.removeHandler(handler)
        handler.close()
    err = capfd.readouterr().err
    assert err == "warning: cannot write the log file /dev/full: No space left on device\n"
