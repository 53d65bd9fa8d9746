"""git_remote: main is pushed after each commit; a failed push is reported and nothing is lost."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from netraven_tui.backup.git_remote import push_main, redact
from netraven_tui.cli import main
from netraven_tui.domain import DeviceInput, RunStatus
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.factory import make_runner
from netraven_tui.tui.widgets.run_panels import SchedulerState, scheduler_panel
from tests.integration.test_engine import FAST, add_credential, engine_services

pytestmark = pytest.mark.lab


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()


def bare(path: Path) -> Path:
    git("init", "--bare", "--initial-branch=main", str(path))
    return path


def rename(services, hostname: str) -> None:
    """A renamed device makes the next run commit (its file moves)."""
    device = services.devices.get(hostname)
    services.devices.update(
        device.id,
        DeviceInput(f"{hostname}-new", device.address, device.platform, device.port, device.tags),
    )


def test_each_commit_is_pushed_to_a_bare_repository(settings, clock, env, tmp_path: Path) -> None:
    remote = bare(tmp_path / "remote.git")
    with LabFleet(devices=3, seed=8) as fleet:
        services = engine_services(
            settings, clock, env, fleet, tmp_path, git_remote=remote.as_uri()
        )
        add_credential(services, fleet)
        runner = make_runner(services)
        first = runner.run("backup-lab")
        assert first.status is RunStatus.SUCCESS and first.commit
        assert git("-C", str(remote), "rev-parse", "main") == first.commit
        pushed = services.pushes.last()
        assert pushed is not None and pushed.ok and pushed.run_id == first.id
        assert runner.run("backup-lab").commit is None  # no commit, no push
        assert services.pushes.last() == pushed
        rename(services, fleet.devices[0].hostname)
        second = runner.run("backup-lab")
        assert second.commit and git("-C", str(remote), "rev-parse", "main") == second.commit
        services.close()


def test_a_failed_push_is_reported_then_sent_with_the_next_commit(
    settings, clock, env, tmp_path: Path, capsys, monkeypatch
) -> None:
    remote = tmp_path / "later.git"  # not there yet: the first push fails
    with LabFleet(devices=3, seed=9) as fleet:
        services = engine_services(settings, clock, env, fleet, tmp_path)
        add_credential(services, fleet)
        monkeypatch.setenv("NETRAVEN_GIT_REMOTE", remote.as_uri())
        for key, value in FAST.items():
            monkeypatch.setenv(f"NETRAVEN_{key.upper()}", str(value))
        assert main(["job", "run", "backup-lab"]) == 0
        out = capsys.readouterr().out
        assert "git push: push to file://" in out and "failed" in out
        assert "retried after the next commit" in out
        failed = services.pushes.last()
        assert failed is not None and not failed.ok
        warnings = [e.message for e in services.logs.recent(limit=50) if "git push" in e.message]
        assert warnings and "nothing is lost" in warnings[0]
        panel = scheduler_panel(SchedulerState(push=failed), clock.now)
        assert "git push failed" in "".join(str(line) for line in panel.lines(40))

        bare(remote)  # the remote is fixed; the next commit's push sends both commits
        rename(services, fleet.devices[1].hostname)
        assert main(["job", "run", "backup-lab"]) == 0
        assert "git push: pushed main" in capsys.readouterr().out
        local = services.ctx.settings.locations.repo
        assert git("-C", str(remote), "rev-parse", "main") == git(
            "-C", str(local), "rev-parse", "HEAD"
        )
        assert git("-C", str(remote), "rev-list", "--count", "main") == "2"
        assert services.pushes.last().ok
        services.close()


def test_https_credentials_never_show_in_the_message(tmp_path: Path) -> None:
    repo = bare(tmp_path / "local.git")
    url = "https://netops:Sup3r-Token@127.0.0.1:9/configs.git"  # nobody listens on port 9
    outcome = push_main(repo, url, timeout=30, env={"NETRAVEN_GIT_PASSWORD": "Env-Secret-1"})
    assert not outcome.ok
    assert "Sup3r-Token" not in outcome.message and "Env-Secret-1" not in outcome.message
    assert "https://127.0.0.1:9/configs.git" in outcome.message
    assert redact("ssh://git:pw@host/x and https://u@h/y") == "ssh://host/x and https://h/y"
    missing = push_main(repo, "ssh://git@127.0.0.1:9/x.git", key_file=str(tmp_path / "no-key"))
    assert not missing.ok and "is not a file" in missing.message
