"""SSH public keys of console users, on a real migrated database."""

from __future__ import annotations

import pytest

from netraven_tui.domain import (
    AccountLocked,
    Actor,
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    Role,
)
from netraven_tui.services import Services
from netraven_tui.services.ssh_keys import parse_public_key

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEs9pDBb9ufp7ZYTZMTMcSAf3Om2uGZ8JUSwypdQLu5a me@host"


@pytest.fixture
def with_users(services: Services) -> Services:
    services.users.create("alice", "alice-Passw0rd", "admin")
    services.users.create("bob", "bob-Passw0rd", "viewer")
    return services


def test_keys_are_added_listed_and_removed_with_an_audit_line(with_users: Services) -> None:
    added = with_users.user_keys.add("bob", KEY)
    assert (added.username, added.algorithm, added.comment) == ("bob", "ssh-ed25519", "me@host")
    assert [k.fingerprint for k in with_users.user_keys.list("bob")] == [added.fingerprint]
    with pytest.raises(Conflict, match="already has the key"):
        with_users.user_keys.add("bob", KEY)
    with_users.user_keys.remove("bob", added.fingerprint.removeprefix("SHA256:"))
    assert with_users.user_keys.list("bob") == []
    with pytest.raises(NotFound):
        with_users.user_keys.remove("bob", added.fingerprint)
    audit = [e.message for e in with_users.logs.recent(20)]
    assert f"ssh key {added.fingerprint} added for user bob" in audit
    assert f"ssh key {added.fingerprint} removed from user bob" in audit


def test_users_manage_their_own_keys_and_only_admins_everyones(with_users: Services) -> None:
    bob = with_users.as_actor(Actor("bob", Role.VIEWER))
    bob.user_keys.add("bob", KEY)  # a viewer may add a key for himself
    with pytest.raises(PermissionDenied, match="of other users; admins only"):
        bob.user_keys.add("alice", KEY)
    with pytest.raises(PermissionDenied):
        bob.user_keys.list("alice")
    alice = with_users.as_actor(Actor("alice", Role.ADMIN))
    assert len(alice.user_keys.list("bob")) == 1


def test_a_key_logs_in_only_an_active_unlocked_user_and_goes_with_its_user(
    with_users: Services, clock
) -> None:
    blob = parse_public_key(KEY).blob
    assert with_users.user_keys.refusal("bob", blob) == "no such key"
    with_users.user_keys.add("bob", KEY)
    assert with_users.user_keys.refusal("bob", blob) is None
    assert with_users.user_keys.refusal("alice", blob) == "no such key"
    user = with_users.user_keys.login("bob", blob, "ssh 192.0.2.7")
    assert user.last_login_at == clock.now
    assert with_users.user_keys.list("bob")[0].last_used_at == clock.now
    [line] = [e for e in with_users.logs.recent() if "logged in with ssh key" in e.message]
    assert line.actor == "bob"  # the user who logged in, not the program
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            with_users.users.authenticate("bob", "wrong", "ssh 192.0.2.7")
    assert "is locked until" in (with_users.user_keys.refusal("bob", blob) or "")
    with pytest.raises(AccountLocked):
        with_users.user_keys.login("bob", blob)
    with_users.users.unlock("bob")
    with_users.users.set_active("bob", False)
    assert "deactivated" in (with_users.user_keys.refusal("bob", blob) or "")
    with_users.users.delete("bob")
    with_users.users.create("bob", "bob-Passw0rd", "viewer")
    assert with_users.user_keys.list("bob") == []  # a new bob does not inherit the old keys


def test_a_viewer_may_not_run_jobs(with_users: Services) -> None:
    bob = with_users.as_actor(Actor("bob", Role.VIEWER))
    job = bob.jobs.get("reachability")
    with pytest.raises(PermissionDenied, match="viewer 'bob' may not run jobs"):
        bob.runs.create(job.id, "manual", "bob")
