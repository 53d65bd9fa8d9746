"""CSV import: good rows land, bad and duplicate rows are reported by line and skipped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from netraven_tui.domain import DeviceInput, ValidationError
from netraven_tui.services import Services
from netraven_tui.services.device_csv import write_device_csv

GOOD_AND_BAD = """hostname,address,platform,port,tags,description
r1,10.0.0.1,cisco_ios,22,core;dc1,first router
r2,10.0.0.2,arista_eos,,core,
bad1,10.0.0.300,cisco_ios,22,core,
r3,10.0.0.3,cisco_nope,22,,
R1,10.0.0.4,cisco_ios,22,,
r4,10.0.0.1,juniper_junos,22,,
r5,10.0.0.5,cisco_ios,99999,,
"""


def import_text(services: Services, text: str, update: bool = False):
    return services.devices.import_csv(io.StringIO(text, newline=""), update=update)


def test_valid_rows_are_imported_and_bad_rows_reported_by_line(services: Services) -> None:
    report = import_text(services, GOOD_AND_BAD)
    assert report.created == ("r1", "r2")
    reasons = {p.line: p.reason for p in report.problems}
    assert set(reasons) == {4, 5, 6, 7, 8}
    assert "address" in reasons[4] and "10.0.0.300" in reasons[4]
    assert "platform" in reasons[5]
    assert "duplicate hostname 'R1' (also on line 2)" == reasons[6]
    assert "address 10.0.0.1 port 22 is already used by 'r1'" in reasons[7]
    assert "port" in reasons[8]
    assert report.tags_created == ("core", "dc1")
    r1 = services.devices.get("r1")
    assert r1.tags == ("all", "core", "dc1") and r1.description == "first router"
    assert services.devices.get("r2").port == 22


def test_existing_devices_are_reported_not_overwritten(services: Services) -> None:
    import_text(services, "hostname,address,platform\nr1,10.0.0.1,cisco_ios\n")
    report = import_text(
        services, "hostname,address,platform,description\nr1,10.0.0.1,arista_eos,changed\n"
    )
    assert report.created == () and [str(p) for p in report.problems] == [
        "line 2: device 'r1' already exists (use --update to overwrite)"
    ]
    assert services.devices.get("r1").platform == "cisco_ios"


def test_update_overwrites_existing_devices(services: Services) -> None:
    import_text(services, "hostname,address,platform\nr1,10.0.0.1,cisco_ios\n")
    report = import_text(
        services, "hostname,address,platform\nr1,10.0.0.1,arista_eos\n", update=True
    )
    assert report.updated == ("r1",) and report.skipped == 0
    assert services.devices.get("r1").platform == "arista_eos"


def test_header_problems_stop_the_import(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "inv.csv"
    path.write_text("name,ip\nr1,10.0.0.1\n")
    with pytest.raises(ValidationError, match="header lacks column 'hostname'"):
        services.devices.import_csv(path)
    with pytest.raises(ValidationError, match="does not exist"):
        services.devices.import_csv(tmp_path / "missing.csv")
    with pytest.raises(ValidationError, match="is a directory"):
        services.devices.import_csv(tmp_path)
    path.write_bytes(b"hostname,address,platform\nr\xe9,10.0.0.1,cisco_ios\n")
    with pytest.raises(ValidationError, match="line 2: not UTF-8 text"):
        services.devices.import_csv(path)
    assert services.devices.count() == 0


def test_row_with_too_many_fields(services: Services) -> None:
    report = import_text(services, "hostname,address,platform\nr1,10.0.0.1,cisco_ios,extra\n")
    assert [str(p) for p in report.problems] == ["line 2: 4 fields, the header has 3"]


def test_export_writes_the_import_format(services: Services) -> None:
    services.devices.create(
        DeviceInput("r1", "10.0.0.1", "cisco_ios", 2222, ("core",), "x, y", site="Paris"),
        create_missing_tags=True,
    )
    buffer = io.StringIO()
    write_device_csv(services.devices.list(), buffer)
    assert (
        buffer.getvalue()
        == "hostname,address,platform,port,tags,description,site,jump_host,jump_credential\n"
        'r1,10.0.0.1,cisco_ios,2222,core,"x, y",paris,,\n'
    )
    services.devices.delete("r1")
    report = import_text(services, buffer.getvalue())
    assert report.created == ("r1",) and services.devices.get("r1").tags == ("all", "core")
    assert services.devices.get("r1").site == "paris"


def test_a_huge_field_is_one_problem_naming_its_line(services: Services) -> None:
    text = (
        "hostname,address,platform,description\n"
        f"r1,10.0.0.1,cisco_ios,{'x' * 2_000_000}\n"
        "r2,10.0.0.2,cisco_ios,fine\n"
    )
    report = import_text(services, text)
    assert [str(p) for p in report.problems] == ["line 2: a field is longer than 131072 characters"]
    assert report.created == ("r2",)


def test_multi_line_descriptions_are_refused(services: Services) -> None:
    report = import_text(
        services, 'hostname,address,platform,description\nr1,10.0.0.1,cisco_ios,"two\nlines"\n'
    )
    assert [str(p) for p in report.problems] == ["line 3: description: must be one line"]
    assert services.devices.count() == 0


def test_updates_may_free_an_address_that_a_later_row_takes(services: Services) -> None:
    import_text(services, "hostname,address,platform,tags\nr1,10.0.0.1,cisco_ios,old\n")
    report = import_text(
        services,
        "hostname,address,platform,tags\nr1,10.0.0.9,cisco_ios,new\nr2,10.0.0.1,cisco_ios,new\n",
        update=True,
    )
    assert report.updated == ("r1",) and report.created == ("r2",) and report.skipped == 0
    assert services.devices.get("r1").address == "10.0.0.9"
    assert services.devices.get("r1").tags == ("all", "new")
    assert services.devices.get("r2").tags == ("all", "new")


def test_a_big_import_is_written_in_batches(services: Services) -> None:
    from netraven_tui.services.device_import import BATCH

    count = BATCH * 2 + 7
    rows = "".join(f"r{i},10.1.{i // 250}.{i % 250 + 1},cisco_ios,t{i % 3}\n" for i in range(count))
    report = import_text(services, "hostname,address,platform,tags\n" + rows)
    assert len(report.created) == count and report.skipped == 0
    assert report.tags_created == ("t0", "t1", "t2")
    devices = services.devices.list(tag="t1")
    assert len(devices) == len([i for i in range(count) if i % 3 == 1])
    again = import_text(services, "hostname,address,platform,tags\n" + rows, update=True)
    assert len(again.updated) == count and services.devices.count() == count
