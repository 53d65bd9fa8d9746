"""CSV import: good rows land, bad and duplicate rows are reported by line and skipped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from netraven_tui.domain import DeviceInput, ValidationError
from netraven_tui.services import Services
from netraven_tui.services.device_csv import parse_device_csv, read_device_csv, write_device_csv

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
    rows, problems = parse_device_csv(text)
    return services.devices.import_rows(rows, update=update, problems=problems)


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


def test_header_problems_stop_the_import(tmp_path: Path) -> None:
    path = tmp_path / "inv.csv"
    path.write_text("name,ip\nr1,10.0.0.1\n")
    with pytest.raises(ValidationError, match="header lacks column 'hostname'"):
        read_device_csv(path)
    with pytest.raises(ValidationError, match="does not exist"):
        read_device_csv(tmp_path / "missing.csv")


def test_row_with_too_many_fields(services: Services) -> None:
    report = import_text(services, "hostname,address,platform\nr1,10.0.0.1,cisco_ios,extra\n")
    assert [str(p) for p in report.problems] == ["line 2: 4 fields, the header has 3"]


def test_export_writes_the_import_format(services: Services) -> None:
    services.devices.create(
        DeviceInput("r1", "10.0.0.1", "cisco_ios", 2222, ("core",), "x, y"),
        create_missing_tags=True,
    )
    buffer = io.StringIO()
    write_device_csv(services.devices.list(), buffer)
    assert (
        buffer.getvalue()
        == 'hostname,address,platform,port,tags,description\nr1,10.0.0.1,cisco_ios,2222,core,"x, y"\n'
    )
    rows, problems = parse_device_csv(buffer.getvalue())
    assert not problems and rows[0][1].tags == ("core",)
