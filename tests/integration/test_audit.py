"""Every change made through a service leaves an audit entry: who, what, when — never a secret."""

from __future__ import annotations

import pytest

from netraven_tui.domain import (
    CredentialInput,
    DeviceInput,
    JobInput,
    LogFilter,
    LogKind,
    ValidationError,
)
from netraven_tui.services import Services
from tests.conftest import FrozenClock

SECRET = "Audit-Secr3t-Value"


def test_changes_across_services_are_audited(services: Services, clock: FrozenClock) -> None:
    services.tags.create("core")
    services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios", tags=("core",)))
    services.devices.update("r1", DeviceInput("r1b", "10.0.0.1", "cisco_ios", tags=("core",)))
    services.credentials.create(CredentialInput("lab", "netops", SECRET, SECRET, 10, ("core",)))
    services.jobs.create(
        JobInput("daily", "backup", "interval", interval_seconds=3600, tags=("core",))
    )
    services.users.create("alice", "alice-password", "viewer")
    services.users.set_role("alice", "operator")
    services.devices.delete("r1b")
    services.credentials.delete("lab")
    services.tags.delete("core")

    entries = services.logs.recent(where=LogFilter(kind=LogKind.AUDIT))
    messages = [e.message for e in reversed(entries)]
    expected = [
        "tag core created",
        "device r1 created",
        "device r1b updated (renamed from r1)",
        "credential lab created",
        "job daily created",
        "user alice created with role viewer",
        "user alice role set to operator",
        "device r1b deleted",
        "credential lab deleted",
        "tag core deleted",
    ]
    for want in expected:
        assert any(m.startswith(want) for m in messages), f"no audit entry starting {want!r}"
    assert all(
        e.actor == "tester" and e.ts == clock.now
        for e in entries
        if not e.message.startswith("system job")
    )
    assert not any(SECRET in m for m in messages)


def test_a_failed_change_leaves_no_audit_entry_and_no_row(services: Services) -> None:
    before = len(services.logs.recent())
    with pytest.raises(ValidationError):
        services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios", tags=("missing",)))
    assert services.devices.count() == 0
    assert len(services.logs.recent()) == before
