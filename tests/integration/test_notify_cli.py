"""`netraven-tui notify …` as a person or a script uses it: channels stored encrypted and shown
masked, one-line errors, a test message to a real server on loopback, and a `job run` whose
notifications are sent before the command exits (or picked up later by the leader)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netraven_tui.cli import main
from netraven_tui.config import load_settings
from netraven_tui.domain import Actor, Role
from netraven_tui.runtime.notify.notifier import Notifier
from netraven_tui.services import open_services
from netraven_tui.services.runs import this_process
from tests.notify_servers import exec_hook, free_port, hook_calls, http_server

TOKEN = "tok3n-Zq9xVb"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_channels_are_stored_encrypted_and_listed_masked(capsys, home: Path, tmp_path) -> None:
    url = f"json://hooks:{TOKEN}@127.0.0.1:8443/notify/{TOKEN}?token={TOKEN}"
    code, out, err = run(capsys, "notify", "add", "ops", url, "--events", "device_failed")
    assert code == 0, err
    assert out.strip() == (
        "channel ops added: json://…@127.0.0.1:8443/… (events device_failed; tags any)"
    )
    script, _ = exec_hook(tmp_path)
    assert run(capsys, "notify", "add", "hook", f"exec:{script}", "--events", "all")[0] == 0
    code, out, _ = run(capsys, "notify", "list")
    assert code == 0 and "json://…@127.0.0.1:8443/…" in out and f"exec:{script}" in out
    code, out, _ = run(capsys, "notify", "list", "--json")
    listed = {c["name"]: c for c in json.loads(out)}
    assert listed["ops"]["target"] == "json://…@127.0.0.1:8443/…"
    assert len(listed["hook"]["events"]) == 6
    stored = sqlite3.connect(home / "netraven.db").execute(
        "select target_enc, target_masked from notify_channels"
    )
    logged = sqlite3.connect(home / "netraven.db").execute("select message from log_entries")
    everything = repr(stored.fetchall()) + repr(logged.fetchall()) + out
    assert TOKEN not in everything
    assert "notification channel ops added (json://…@127.0.0.1:8443/…" in everything  # audited
    assert run(capsys, "notify", "remove", "ops")[:2] == (0, "channel ops removed\n")
    code, _, err = run(capsys, "notify", "remove", "ops")
    assert (code, err.strip()) == (1, "error: notification channel 'ops' not found")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("bogus://x", "error: target: bogus:// is not a service Apprise knows"),
        ("just-text", "error: target: expected an Apprise URL (service://…"),
        (
            "exec:relative/hook.sh",
            "error: target: exec hook 'relative/hook.sh': expected an absolute path",
        ),
        ("exec:/nonexistent/hook", "error: target: exec hook /nonexistent/hook: no such file"),
        (
            f"mailto://u:{TOKEN}@127.0.0.1:25?from=bad@x.y",
            "error: target: mailto://…@127.0.0.1:25/…: Invalid ~From~ email specified",
        ),
    ],
)
def test_a_bad_target_is_refused_in_one_line_without_its_secrets(capsys, target, message) -> None:
    code, out, err = run(capsys, "notify", "add", "bad", target)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert TOKEN not in err


def test_bad_events_and_tags_are_refused(capsys) -> None:
    code, _, err = run(capsys, "notify", "add", "x", "json://127.0.0.1/", "--events", "oops")
    assert code == 1 and err.startswith("error: events: 'oops' is not an event (known: all,")
    code, _, err = run(capsys, "notify", "add", "x", "json://127.0.0.1/", "--tags", "nope")
    assert (code, err.strip()) == (1, "error: tags: tag 'nope' does not exist")


def test_only_admins_manage_channels(settings, env) -> None:
    from netraven_tui.domain import PermissionDenied

    operator = open_services(settings, Actor("olga", Role.OPERATOR), env=env)
    with pytest.raises(PermissionDenied, match="admins only"):
        operator.notifications.add("x", "json://127.0.0.1/")
    operator.close()


def test_notify_test_sends_now_and_says_when_it_failed(capsys) -> None:
    with http_server() as web:
        assert run(capsys, "notify", "add", "web", web.url)[0] == 0
        code, out, _ = run(capsys, "notify", "test", "web")
        assert (code, out.strip()) == (
            0,
            f"test notification sent to web (json://127.0.0.1:{web.port})",
        )
        assert web.posts[0]["title"] == "NetRaven: test of channel web"
    closed = free_port()
    assert run(capsys, "notify", "add", "down", f"json://127.0.0.1:{closed}/")[0] == 0
    code, _, err = run(capsys, "notify", "test", "down")
    assert code == 1 and err.startswith(f"error: down (json://127.0.0.1:{closed}): ")
    code, out, _ = run(capsys, "notify", "deliveries", "--json")
    deliveries = {d["channel"]: d for d in json.loads(out)}
    assert deliveries["web"]["status"] == "sent" and deliveries["down"]["status"] == "failed"
    assert deliveries["down"]["attempts"] == 1  # a test is one attempt, not retried


def test_job_run_sends_its_notifications_before_it_exits(home: Path, tmp_path: Path) -> None:
    script, calls = exec_hook(tmp_path)
    env = {**os.environ, "NETRAVEN_HOME": str(home)}

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "netraven_tui", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert (
        cli("notify", "add", "hook", f"exec:{script}", "--events", "run_finished").returncode == 0
    )
    assert cli("tag", "add", "empty").returncode == 0
    assert cli("job", "add", "nothing", "--kind", "backup", "--tags", "empty").returncode == 0
    done = cli("job", "run", "nothing", "--json")
    assert done.returncode == 0, done.stderr
    run_id = json.loads(done.stdout)["run_id"]
    [call] = hook_calls(calls)  # written before the command returned
    assert call["env"]["NETRAVEN_RUN"] == str(run_id)
    assert json.loads(call["stdin"])["status"] == "no_devices"


def test_the_leader_sends_what_a_process_left_behind(settings, env, home: Path) -> None:
    with http_server() as web:
        services = open_services(settings, Actor("tester", Role.ADMIN), env=env)
        services.notifications.add("web", web.url)
        # another process queues a message and exits without sending it
        code = (
            "from netraven_tui.config import load_settings; "
            "from netraven_tui.services import open_services; "
            "s = open_services(load_settings()); print(s.notifications.enqueue_test('web'))"
        )
        left = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "NETRAVEN_HOME": str(home)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        delivery_id = int(left.stdout)
        outbox = services.notifications.outbox
        assert outbox.claim_due(this_process(), leftovers=False, hold_seconds=60) == []
        notifier = Notifier(services)
        notifier.pick_up_leftovers(lambda: True)
        try:
            assert web.arrived.wait(30)
            deadline_ok = notifier.drain(30) == 0  # it is ours now, and sent
        finally:
            notifier.stop()
        assert deadline_ok
        assert outbox.get(delivery_id).status == "sent"
        assert web.posts[0]["title"] == "NetRaven: test of channel web"
        services.close()
    assert load_settings(env).notify_attempts == 3  # the defaults


def test_an_exec_hook_sees_a_test_as_event_test(capsys, tmp_path: Path) -> None:
    script, calls = exec_hook(tmp_path)
    assert run(capsys, "notify", "add", "hook", f"exec:{script}")[0] == 0
    assert run(capsys, "notify", "test", "hook")[0] == 0
    [call] = hook_calls(calls)
    assert call["env"]["NETRAVEN_EVENT"] == "test"
    assert json.loads(call["stdin"])["event"] == "test"
    (tmp_path / "broken").mkdir()
    failing, _ = exec_hook(tmp_path / "broken", exit_status=3)
    assert run(capsys, "notify", "add", "broken", f"exec:{failing}")[0] == 0
    code, _, err = run(capsys, "notify", "test", "broken")
    assert code == 1 and f"exec hook {failing} exited with status 3" in err
