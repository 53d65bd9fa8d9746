"""Devices through the service, on a real migrated SQLite file."""

from __future__ import annotations

import pytest

from netraven_tui.domain import Conflict, DeviceInput, DeviceListing, NotFound, ValidationError
from netraven_tui.services import Services


def add(services: Services, hostname: str = "r1", address: str = "10.0.0.1", **kw) -> object:
    data = DeviceInput(
        hostname=hostname, address=address, platform=kw.pop("platform", "cisco_ios"), **kw
    )
    return services.devices.create(data, create_missing_tags=True)


def test_a_new_device_carries_the_system_tag(services: Services) -> None:
    device = add(services, tags=("core",))
    assert device.tags == ("all", "core")
    assert services.devices.get("R1").id == device.id


def test_hostname_is_unique_case_insensitively(services: Services) -> None:
    add(services, "Core-1", "10.0.0.1")
    with pytest.raises(Conflict) as caught:
        add(services, "core-1", "10.0.0.2")
    assert caught.value.field == "hostname"
    assert "'Core-1' already exists" in str(caught.value)


def test_address_is_unique_after_normalisation(services: Services) -> None:
    add(services, "r1", "2001:db8::1")
    with pytest.raises(Conflict) as caught:
        add(services, "r2", "2001:DB8:0::1")
    assert caught.value.field == "address" and "'r1'" in str(caught.value)


def test_one_address_may_serve_several_ports(services: Services) -> None:
    # NAT, console servers and the lab put several devices behind one address.
    add(services, "r1", "127.0.0.1", port=2201)
    add(services, "r2", "127.0.0.1", port=2202)
    with pytest.raises(Conflict, match="address 127.0.0.1 port 2201 is already used by 'r1'"):
        add(services, "r3", "127.0.0.1", port=2201)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("address", {"address": "999.1.1.1"}),
        ("platform", {"platform": "nokia_foo"}),
        ("port", {"port": 70000}),
        ("hostname", {"hostname": "bad name"}),
    ],
)
def test_bad_fields_are_named_and_nothing_is_saved(
    services: Services, field: str, kwargs: dict
) -> None:
    with pytest.raises(ValidationError) as caught:
        add(services, **kwargs)
    assert caught.value.field == field
    assert services.devices.count() == 0


def test_unknown_tags_are_refused_unless_asked_to_create(services: Services) -> None:
    with pytest.raises(ValidationError, match="unknown tag 'edge'"):
        services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios", tags=("edge",)))
    assert services.devices.count() == 0
    assert [t.name for t in services.tags.list()] == ["all"]


def test_system_tag_cannot_be_removed_or_deleted(services: Services) -> None:
    device = add(services, tags=("core",))
    updated = services.devices.update(
        device.id, DeviceInput("r1", "10.0.0.1", "cisco_ios", tags=("core",))
    )
    assert "all" in updated.tags
    with pytest.raises(Conflict, match="system tag"):
        services.tags.delete("all")


def test_update_renames_and_keeps_the_id(services: Services) -> None:
    device = add(services)
    renamed = services.devices.update(
        "r1", DeviceInput("r1-new", "10.0.0.9", "arista_eos", port=2222)
    )
    assert (renamed.id, renamed.hostname, renamed.address, renamed.port) == (
        device.id,
        "r1-new",
        "10.0.0.9",
        2222,
    )
    with pytest.raises(NotFound):
        services.devices.get("r1")


def test_update_to_a_taken_hostname_is_a_conflict_and_changes_nothing(services: Services) -> None:
    add(services, "r1", "10.0.0.1")
    add(services, "r2", "10.0.0.2")
    with pytest.raises(Conflict):
        services.devices.update("r2", DeviceInput("R1", "10.0.0.2", "cisco_ios"))
    assert services.devices.get("r2").hostname == "r2"


def test_delete(services: Services) -> None:
    add(services)
    services.devices.delete("r1")
    assert services.devices.count() == 0
    with pytest.raises(NotFound):
        services.devices.delete("r1")


def test_list_filters_by_tag_and_text(services: Services) -> None:
    add(services, "core1", "10.0.0.1", tags=("core",))
    add(services, "edge1", "10.0.0.2", tags=("edge",))
    assert [d.hostname for d in services.devices.list(tag="core")] == ["core1"]
    assert [d.hostname for d in services.devices.list(search="EDGE")] == ["edge1"]
    assert [d.hostname for d in services.devices.list(tag="all")] == ["core1", "edge1"]


def test_tag_counts(services: Services) -> None:
    add(services, "core1", "10.0.0.1", tags=("core",))
    counts = {t.name: (t.device_count, t.job_count) for t in services.tags.list()}
    assert counts == {"all": (1, 1), "core": (1, 0)}


def test_list_by_ids_and_the_first_page(services: Services) -> None:
    for index, hostname in enumerate(("c1", "a1", "b1", "d1")):
        add(services, hostname, f"10.0.0.{index + 1}", tags=("core", "edge"))
    ids = {d.hostname: d.id for d in services.devices.list()}
    picked = services.devices.list(ids=[ids["d1"], ids["a1"], 99_999])
    assert [d.hostname for d in picked] == ["a1", "d1"]  # unknown ids are just absent
    assert picked[0].tags == ("all", "core", "edge")  # sorted, as list() gives them
    assert [d.hostname for d in services.devices.list(first=2)] == ["a1", "b1"]
    assert [d.tags for d in services.devices.list(first=2)] == [("all", "core", "edge")] * 2


def test_the_listing_holds_what_the_table_shows_as_the_full_read_has_it(
    services: Services,
) -> None:
    for index, hostname in enumerate(("c1", "A1", "b1", "d1")):
        add(services, hostname, f"10.0.0.{index + 1}", tags=("edge", "core"), port=2200 + index)
    add(services, "e1", "10.0.0.9", tags=())
    from netraven_tui.db import models as m

    with services.ctx.transaction() as session:  # a backup history, as a run's close writes it
        row = session.query(m.DeviceRow).filter_by(hostname="b1").one()
        row.last_backup_at = services.ctx.now()
        row.last_backup_status, row.last_backup_error = "failed", "auth: refused"
        row.last_reach_ok, row.last_reach_latency_ms = True, 4.5
    full = services.devices.list()
    listed = services.devices.listing()
    assert [d.hostname for d in listed] == ["A1", "b1", "c1", "d1", "e1"]
    assert listed[0].tags == ("all", "core", "edge") and listed[-1].tags == ("all",)
    for device, item in zip(full, listed, strict=True):  # every field it has, as get() has it
        assert item == DeviceListing.of(device)
    assert listed[1].last_backup_at is not None and listed[1].last_backup_at.utcoffset() == (
        services.ctx.now().utcoffset()
    )  # aware UTC, as on Device
    ids = {d.hostname: d.id for d in listed}
    picked = services.devices.listing(ids=[ids["d1"], ids["A1"], 99_999])
    assert [d.hostname for d in picked] == ["A1", "d1"]  # unknown ids are just absent
    assert [d.hostname for d in services.devices.listing(first=2)] == ["A1", "b1"]


def test_backup_counts_and_the_failed_listing_agree_with_the_devices_one_by_one(
    services: Services,
) -> None:
    """The dashboard's figures come from the database; here they are counted device by device
    from the full read (every state: ok, failed with and without a status, never, down)."""
    from netraven_tui.db import models as m

    states = {
        "ok1": ("success", None, True),
        "ok2": ("success", None, False),  # backed up, then unreachable
        "bad1": ("failed", "auth: refused", None),
        "bad2": (None, "timeout: no answer", False),  # a failure stored without a status
        "new1": None,  # never backed up
    }
    for index, hostname in enumerate(states):
        add(services, hostname, f"10.0.1.{index + 1}")
    with services.ctx.transaction() as session:
        for hostname, state in states.items():
            if state is None:
                continue
            row = session.query(m.DeviceRow).filter_by(hostname=hostname).one()
            row.last_backup_at = services.ctx.now()
            row.last_backup_status, row.last_backup_error, row.last_reach_ok = state
    devices = services.devices.list()
    never = [d for d in devices if d.last_backup_at is None]
    ok = [d for d in devices if d.last_backup_at is not None and d.last_backup_status == "success"]
    failed = [d for d in devices if d.last_backup_at is not None and d not in ok]
    counts = services.devices.backup_counts()
    assert counts == (len(devices), len(ok), len(failed), len(never), 2)
    assert counts.failed == 2 and counts.never == 1
    listed = services.devices.listing(failed_only=True)
    assert [d.hostname for d in listed] == sorted(d.hostname for d in failed)
