"""Logging in to `netraven-tui serve`: the app's users, their passwords and keys, the same
lockout as the console's login, audit lines with the source address, a per-source limit."""

from __future__ import annotations

from collections.abc import Iterator

import asyncssh
import pytest

from netraven_tui.domain import AccountLocked, AuthenticationFailed, LogKind
from tests.serve.conftest import PASSWORDS, Served, Terminal, connect, start_server

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start_server(tmp_path_factory.mktemp("auth") / "home")
    yield served
    assert served.stop() == 0


def audit_lines(served: Served) -> list[str]:
    services = served.services()
    try:
        return [e.message for e in services.logs.recent(500) if e.kind == LogKind.AUDIT]
    finally:
        services.close()


async def test_key_login_lands_on_the_dashboard_and_is_audited(server: Served, tmp_path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="olga@laptop")
    services = server.services()
    try:
        added = services.user_keys.add("olga", key.export_public_key().decode())
    finally:
        services.close()
    conn, _ = await connect(server, "olga", keys=[key])
    async with conn:
        term = await Terminal.open(conn, 100, 30)
        await term.wait_for("signed in as olga (operator)")
    assert any(
        f"user olga logged in with ssh key {added.fingerprint} from ssh 127.0.0.1" in line
        for line in audit_lines(server)
    )
    other = asyncssh.generate_private_key("ssh-ed25519")
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, "olga", keys=[other])  # a key nobody added
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, "alice", keys=[key])  # olga's key is not alice's


async def test_five_wrong_passwords_lock_the_account_for_ssh_and_console_alike(
    server: Served,
) -> None:
    banners: list[str] = []
    for _ in range(5):
        with pytest.raises(asyncssh.PermissionDenied):
            await _connect_collecting(server, "bob", "wrong-password", banners)
    assert banners[0] == "netraven-tui serve: wrong user name or password"
    assert "locked until" in banners[-1] and "after repeated failed logins" in banners[-1]
    # The right password now fails too, with the same message the console's login shows.
    right: list[str] = []
    with pytest.raises(asyncssh.PermissionDenied):
        await _connect_collecting(server, "bob", PASSWORDS["bob"], right)
    services = server.services()
    try:
        with pytest.raises(AccountLocked) as locked:
            services.users.authenticate("bob", PASSWORDS["bob"])  # what the login screen calls
        assert right == [f"netraven-tui serve: {locked.value}"]
        services.users.unlock("bob")
    finally:
        services.close()
    lines = audit_lines(server)
    assert any("failed login for user bob from ssh 127.0.0.1 (1 in a row)" in x for x in lines)
    assert any("locked for 15 min" in x and "bob" in x for x in lines)


async def test_deactivated_users_are_refused_with_password_and_key(server: Served) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    services = server.services()
    try:
        services.users.create("dora", "dora-Passw0rd", "viewer")
        services.user_keys.add("dora", key.export_public_key().decode())
        services.users.set_active("dora", False)
    finally:
        services.close()
    banners: list[str] = []
    with pytest.raises(asyncssh.PermissionDenied):
        await _connect_collecting(server, "dora", "dora-Passw0rd", banners)
    assert banners == ["netraven-tui serve: account 'dora' is deactivated; ask an admin"]
    client_banners: list[str] = []
    with pytest.raises(asyncssh.PermissionDenied):
        await _connect_collecting(server, "dora", None, client_banners, keys=[key])
    assert "deactivated" in " ".join(client_banners)
    assert any("login refused for deactivated user dora" in x for x in audit_lines(server))


async def test_a_source_with_many_failures_gets_no_more_tries(tmp_path) -> None:
    served = start_server(tmp_path / "home")
    try:
        for number in range(10):  # ten different unknown users: no account gets locked
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(served, f"ghost{number}", "guess-guess")
        banners: list[str] = []
        with pytest.raises(asyncssh.PermissionDenied):
            await _connect_collecting(served, "alice", PASSWORDS["alice"], banners)
        assert any("too many failed logins from 127.0.0.1" in b for b in banners)
        services = served.services()
        try:
            assert services.users.get("alice").failed_logins == 0  # never even checked
            with pytest.raises(AuthenticationFailed):
                services.users.authenticate("ghost0", "guess-guess")
        finally:
            services.close()
        assert any(
            "ssh login from 127.0.0.1 refused: too many failed logins" in x
            for x in audit_lines(served)
        )
    finally:
        assert served.stop() == 0


async def _connect_collecting(served: Served, user, password, banners: list[str], keys=None):
    conn, _ = await connect(served, user, password, keys=keys, banners=banners)
    conn.close()
