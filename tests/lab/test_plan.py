"""Fleet plans, the --faults grammar and the inventory CSV."""

from __future__ import annotations

import csv

import pytest

from netraven_tui.lab import Fault, build_plan, parse_faults
from netraven_tui.lab.inventory import write_inventory
from netraven_tui.lab.plan import DEFAULT_PLATFORMS


def test_fault_spec_counts_kinds() -> None:
    assert parse_faults("auth:2, hang ,drop:0,auth:1") == {Fault.AUTH: 3, Fault.HANG: 1}
    assert parse_faults("") == {}
    assert parse_faults(None) == {}


@pytest.mark.parametrize("spec", ["boom:1", "auth:x", "auth:-1"])
def test_bad_fault_spec_is_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_faults(spec)


def test_more_faults_than_devices_is_refused() -> None:
    with pytest.raises(ValueError, match="fleet has 2"):
        build_plan(2, faults="auth:2,hang:1")


def test_a_plain_fleet_mixes_platforms_and_has_no_faults() -> None:
    plan = build_plan(12, seed=1)
    assert {d.platform for d in plan} == set(DEFAULT_PLATFORMS)
    assert all(d.fault is None for d in plan)
    assert all(d.tags[:2] == ("lab", d.platform) for d in plan)
    assert len({d.hostname for d in plan}) == 12


def test_faulty_devices_are_recognisable_and_deterministic() -> None:
    spec = "auth:2,refused:1,hang:1,drop:1,slow:1,enable:1,drift:3"
    plan = build_plan(30, seed=4, faults=spec)
    again = build_plan(30, seed=4, faults=spec)
    assert plan == again
    faulty = [d for d in plan if d.fault]
    assert len(faulty) == 10
    for device in faulty:
        assert f"fault-{device.fault}" in device.tags
        assert device.hostname.endswith(f"-{device.fault}")
    assert all(d.platform == "cisco_ios" for d in plan if d.fault is Fault.ENABLE)


def test_port_base_numbers_ports() -> None:
    plan = build_plan(3, port_base=40100)
    assert [d.port for d in plan] == [40100, 40101, 40102]


def test_unknown_platform_is_refused() -> None:
    with pytest.raises(ValueError, match="does not simulate"):
        build_plan(1, platforms=["cisco_ios", "nokia_sros"])


def test_inventory_csv_has_the_import_format(tmp_path) -> None:
    plan = build_plan(4, seed=1, port_base=40000)
    path = write_inventory(plan, tmp_path / "inv.csv")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "hostname,address,platform,port,tags,description"
    rows = list(csv.DictReader(text.splitlines()))
    assert rows[0]["hostname"] == plan[0].hostname
    assert rows[0]["address"] == "127.0.0.1"
    assert rows[0]["port"] == "40000"
    assert rows[0]["tags"] == ";".join(plan[0].tags)
    assert rows[0]["platform"] == plan[0].platform


def test_realistic_kinds_pick_their_platform_and_settings() -> None:
    spec = "enable:1,paging:1,preamble:1,master:1,banner:1,huge:1"
    plan = build_plan(
        12, seed=2, faults=spec, enable_reject="bad-secrets", preamble_seconds=2.5, huge_bytes=1234
    )
    by_fault = {d.fault: d for d in plan if d.fault}
    assert {k: d.platform for k, d in by_fault.items() if k != "banner" and k != "huge"} == {
        Fault.ENABLE: "cisco_ios",
        Fault.PAGING: "cisco_ios",
        Fault.PREAMBLE: "cisco_ios",
        Fault.MASTER: "juniper_junos",
    }
    assert by_fault[Fault.ENABLE].enable_reject == "bad-secrets"
    assert by_fault[Fault.PAGING].paging == "forced"
    assert by_fault[Fault.PREAMBLE].preamble_s == 2.5
    assert by_fault[Fault.HUGE].config_bytes == 1234
    assert by_fault[Fault.MASTER].vc_master
    banner = by_fault[Fault.BANNER]
    assert f"{banner.hostname}#" in banner.motd and f"{banner.hostname}>" in banner.motd
    healthy = [d for d in plan if not d.fault]
    assert all(
        (d.enable_reject, d.motd, d.paging, d.preamble_s, d.config_bytes, d.vc_master)
        == ("bad-secrets", "", "", 0.0, 0, False)
        for d in healthy
    )


def test_paging_option_and_new_platforms() -> None:
    plan = build_plan(6, platforms=["cisco_xr", "hp_comware"], paging=True)
    assert {d.platform for d in plan} == {"cisco_xr", "hp_comware"}
    assert all(d.paging == "default" for d in plan)
    assert plan[1].hostname.startswith("cmw-") and "HPE Comware" in plan[1].description


@pytest.mark.parametrize(
    ("option", "message"),
    [({"enable_reject": "maybe"}, "enable_reject"), ({"huge_bytes": -1}, ">= 0")],
)
def test_bad_plan_options_are_refused(option: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_plan(2, **option)


def test_a_devices_json_round_trip_keeps_the_new_fields() -> None:
    from netraven_tui.lab.plan import LabDevice

    (device,) = [d for d in build_plan(4, seed=1, faults="banner:1,huge:1") if d.fault == "huge"]
    assert LabDevice.from_json(device.to_json()) == device
