"""Users: hashed passwords, lockout after repeated failures, last-admin protection, roles."""

from __future__ import annotations

import pytest

from netraven_tui.domain import (
    AccountLocked,
    Actor,
    AuthenticationFailed,
    Conflict,
    DeviceInput,
    PermissionDenied,
    Role,
    ValidationError,
)
from netraven_tui.services import Services
from tests.conftest import FrozenClock

PASSWORD = "correct-horse-battery"


def test_password_is_hashed_and_checked(services: Services) -> None:
    services.users.create("Alice", PASSWORD, "admin")
    assert services.users.authenticate("alice", PASSWORD).username == "alice"
    from netraven_tui.db.models import UserRow

    with services.ctx.read() as session:
        stored = session.query(UserRow).one().password_hash
    assert PASSWORD not in stored and stored.startswith("$argon2")


def test_wrong_password_and_unknown_user_give_the_same_message(services: Services) -> None:
    services.users.create("alice", PASSWORD, "admin")
    with pytest.raises(AuthenticationFailed) as wrong:
        services.users.authenticate("alice", "nope")
    with pytest.raises(AuthenticationFailed) as unknown:
        services.users.authenticate("mallory", "nope")
    assert str(wrong.value) == str(unknown.value) == "wrong user name or password"


def test_lockout_after_five_failures_for_fifteen_minutes(
    services: Services, clock: FrozenClock
) -> None:
    services.users.create("alice", PASSWORD, "admin")
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as caught:
            services.users.authenticate("alice", "bad")
        assert not isinstance(caught.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        services.users.authenticate("alice", "bad")
    assert "locked until" in str(locked.value)
    with pytest.raises(AccountLocked):  # even the right password is refused while locked
        services.users.authenticate("alice", PASSWORD)
    clock.advance(minutes=15, seconds=1)
    assert services.users.authenticate("alice", PASSWORD).failed_logins == 0


def test_admin_can_unlock(services: Services) -> None:
    services.users.create("bob", PASSWORD, "operator")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            services.users.authenticate("bob", "bad")
    services.users.unlock("bob")
    assert services.users.authenticate("bob", PASSWORD).username == "bob"


def test_success_resets_the_failure_count(services: Services) -> None:
    services.users.create("alice", PASSWORD, "admin")
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            services.users.authenticate("alice", "bad")
    services.users.authenticate("alice", PASSWORD)
    with pytest.raises(AuthenticationFailed) as caught:
        services.users.authenticate("alice", "bad")
    assert not isinstance(caught.value, AccountLocked)


def test_last_active_admin_is_protected(services: Services) -> None:
    services.users.create("alice", PASSWORD, "admin")
    with pytest.raises(Conflict, match="last active admin"):
        services.users.delete("alice")
    with pytest.raises(Conflict, match="last active admin"):
        services.users.set_role("alice", "viewer")
    with pytest.raises(Conflict, match="last active admin"):
        services.users.set_active("alice", False)
    services.users.create("carol", PASSWORD, "admin")
    services.users.set_role("alice", "viewer")
    assert services.users.get("alice").role is Role.VIEWER


def test_deactivated_user_cannot_log_in(services: Services) -> None:
    services.users.create("alice", PASSWORD, "admin")
    services.users.create("bob", PASSWORD, "viewer")
    services.users.set_active("bob", False)
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        services.users.authenticate("bob", PASSWORD)


def test_validation(services: Services) -> None:
    with pytest.raises(ValidationError, match="at least 8 characters"):
        services.users.create("alice", "short", "admin")
    with pytest.raises(ValidationError, match="not a role"):
        services.users.create("alice", PASSWORD, "root")
    services.users.create("alice", PASSWORD, "admin")
    with pytest.raises(Conflict):
        services.users.create("ALICE", PASSWORD, "viewer")


def test_roles_limit_what_services_allow(services: Services) -> None:
    viewer = services.as_actor(Actor("vic", Role.VIEWER))
    operator = services.as_actor(Actor("olga", Role.OPERATOR))
    with pytest.raises(PermissionDenied, match="viewer 'vic' may not add devices"):
        viewer.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    assert operator.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios")).hostname == "r1"
    with pytest.raises(PermissionDenied, match="admins only"):
        operator.users.create("x", PASSWORD, "viewer")
    assert [d.hostname for d in viewer.devices.list()] == ["r1"]


def test_logins_are_logged_without_passwords(services: Services) -> None:
    services.users.create("alice", PASSWORD, "admin")
    with pytest.raises(AuthenticationFailed):
        services.users.authenticate("alice", "Typo-" + PASSWORD)
    services.users.authenticate("alice", PASSWORD)
    messages = [e.message for e in services.logs.recent()]
    assert "user alice logged in" in messages
    assert any("failed login for user alice" in m for m in messages)
    assert not any(PASSWORD in m for m in messages)


def test_the_demos_automatic_sign_in_is_recorded_as_a_login(
    services: Services, clock: FrozenClock
) -> None:
    from netraven_tui.demo import DEMO_PASSWORD, DEMO_USER, sign_in_demo_user

    services.users.create(DEMO_USER, DEMO_PASSWORD, "admin")
    assert services.users.get(DEMO_USER).last_login_at is None
    actor = sign_in_demo_user(services)  # what `netraven-tui demo` does before the console opens
    assert (actor.name, actor.role) == (DEMO_USER, Role.ADMIN)
    assert services.users.get(DEMO_USER).last_login_at == clock.now
    [line] = [e for e in services.logs.recent() if "logged in" in e.message]
    assert line.message == "user demo logged in automatically (netraven-tui demo)"
    assert line.actor == "demo"  # the user, not the program
    # nobody but the program may claim a sign-in for someone
    admin = services.as_actor(Actor("root", Role.ADMIN))
    with pytest.raises(PermissionDenied, match="only the program itself"):
        admin.users.record_automatic_login(DEMO_USER, "forged")
