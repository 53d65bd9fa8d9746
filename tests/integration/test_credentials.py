"""Credentials: encrypted at rest, never shown, tried in the right order."""

from __future__ import annotations

import os
import stat

import pytest
from cryptography.fernet import Fernet

from netraven_tui.domain import (
    Conflict,
    CredentialInput,
    DeviceInput,
    SecretKeyError,
    ValidationError,
)
from netraven_tui.services import Services, open_services

PASSWORD = "Pl4intext-Passw0rd-xyz"
ENABLE = "En4ble-S3cret-abc"


def make(services: Services, name: str = "lab", priority: int = 10, tags=("all",), enable=ENABLE):
    return services.credentials.create(
        CredentialInput(name, "netops", PASSWORD, enable, priority, tags)
    )


def db_bytes(services: Services) -> bytes:
    folder = services.ctx.settings.locations.data_dir
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("netraven.db"))


def test_round_trip_and_plaintext_never_in_the_database_file(services: Services) -> None:
    credential = make(services)
    services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    [secret] = services.credentials.login_order(services.devices.get("r1").id)
    assert (secret.password, secret.enable_secret) == (PASSWORD, ENABLE)
    assert credential.has_enable_secret
    data = db_bytes(services)
    assert PASSWORD.encode() not in data and ENABLE.encode() not in data
    assert PASSWORD not in repr(secret) and PASSWORD not in repr(credential)


def test_audit_log_never_holds_secrets(services: Services) -> None:
    make(services)
    services.credentials.update(
        "lab", CredentialInput("lab", "netops2", "N3w-" + PASSWORD, None, 5, ("all",))
    )
    messages = [e.message for e in services.logs.recent()]
    assert any("credential lab updated" in m and "password changed" in m for m in messages)
    assert not any(PASSWORD in m or ENABLE in m for m in messages)


def test_key_file_is_created_private(services: Services) -> None:
    key = services.ctx.settings.locations.secret_key
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600


def test_wrong_key_is_a_clear_error(services: Services, env: dict[str, str]) -> None:
    make(services)
    device = services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    wrong = {**env, "NETRAVEN_SECRET_KEY": Fernet.generate_key().decode()}
    with pytest.raises(SecretKeyError) as refused:  # what needs the key does not even start
        open_services(services.ctx.settings, env=wrong)
    other = open_services(services.ctx.settings, env=wrong, require_key=False)
    with pytest.raises(SecretKeyError) as caught:  # the rest runs; a secret used is one line
        other.credentials.login_order(device.id)
    for message in (str(refused.value), str(caught.value)):
        assert "does not decrypt 1 of the 1 credential in the database (e.g. 'lab')" in message
        assert PASSWORD not in message and "\n" not in message
    assert [d.hostname for d in other.devices.list()] == ["r1"]
    other.close()


def test_malformed_key_in_environment(services: Services, env: dict[str, str]) -> None:
    with pytest.raises(SecretKeyError, match="NETRAVEN_SECRET_KEY is not a valid Fernet key"):
        open_services(services.ctx.settings, env={**env, "NETRAVEN_SECRET_KEY": "not-a-key"})


def test_login_order_is_priority_then_last_success_first(services: Services) -> None:
    services.tags.create("core")
    make(services, "wrong", priority=1, tags=("core",))
    make(services, "right", priority=5, tags=("core",))
    device = services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios", tags=("core",)))
    assert [c.name for c in services.credentials.login_order(device.id)] == ["wrong", "right"]
    from netraven_tui.db.models import DeviceRow

    with services.ctx.transaction() as session:
        session.get(DeviceRow, device.id).last_credential_id = services.credentials.get("right").id
    assert [c.name for c in services.credentials.login_order(device.id)] == ["right", "wrong"]


def test_credentials_only_apply_to_devices_sharing_a_tag(services: Services) -> None:
    services.tags.create("edge")
    make(services, "edge-only", tags=("edge",))
    device = services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    assert services.credentials.login_order(device.id) == []


def test_validation(services: Services) -> None:
    with pytest.raises(ValidationError, match="password: is required"):
        services.credentials.create(CredentialInput("x", "netops", "", None))
    with pytest.raises(ValidationError, match="priority"):
        services.credentials.create(CredentialInput("x", "netops", "pw", None, "high"))
    make(services)
    with pytest.raises(Conflict, match="already exists"):
        make(services)


def test_update_without_password_keeps_it(services: Services) -> None:
    make(services)
    services.credentials.update("lab", CredentialInput("lab", "netops", None, None, 3, ("all",)))
    device = services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios"))
    [secret] = services.credentials.login_order(device.id)
    assert secret.password == PASSWORD and secret.enable_secret == ENABLE and secret.priority == 3


def test_bulk_login_orders_match_one_by_one(services: Services) -> None:
    services.tags.create("core")
    services.tags.create("edge")
    make(services, "a-core", priority=5, tags=("core",))
    make(services, "b-edge", priority=1, tags=("edge",))
    make(services, "c-all", priority=9, tags=("all",))
    ids = [
        services.devices.create(DeviceInput(f"r{i}", f"10.0.0.{i}", "cisco_ios", tags=tags)).id
        for i, tags in enumerate([("core",), ("edge",), ("core", "edge"), ()], start=1)
    ]
    bulk = services.credentials.login_orders(ids)
    for device_id in ids:
        assert [c.name for c in bulk[device_id]] == [
            c.name for c in services.credentials.login_order(device_id)
        ]
    assert [c.name for c in bulk[ids[2]]] == ["b-edge", "a-core", "c-all"]
