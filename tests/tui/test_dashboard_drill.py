"""Enter goes deeper from the dashboard: each count opens the devices it counts (exactly those),
a failing device its page, a run in progress its live view, a recent change its diff; Escape
walks back. Seeded with the snapshot tests' runs (a frozen clock, no runtime)."""

from __future__ import annotations

from netraven_tui.domain import DeviceInput
from netraven_tui.services import Services
from netraven_tui.tui.screens.config_text import ConfigDiffScreen
from netraven_tui.tui.screens.dashboard import DashboardScreen
from netraven_tui.tui.screens.device_page import DevicePageScreen
from netraven_tui.tui.screens.devices import DevicesScreen
from netraven_tui.tui.screens.run_view import RunViewScreen
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.snapshots.conftest import console
from tests.snapshots.test_operations import operations  # noqa: F401 - the seeded runs fixture
from tests.tui.conftest import VIEWER, screen_text, settle

SIZE = (100, 30)


async def focus_row(pilot, table_id: str, key) -> RecordTable:
    """Tab to the dashboard table ``table_id`` (as a user would) and put its cursor on ``key``."""
    screen = pilot.app.screen
    table = screen.query_one(f"#{table_id}", RecordTable)
    for _ in range(6):
        if screen.focused is table:
            break
        await pilot.press("tab")
    assert screen.focused is table, f"tab never reached #{table_id}"
    assert table.move_to(key), f"{key!r} not in #{table_id}: {table.visible_keys}"
    await pilot.pause()
    return table


def shown_hostnames(app) -> set[str]:
    screen = app.screen
    assert isinstance(screen, DevicesScreen)
    return {screen.devices[key].hostname for key in screen.query_one(RecordTable).visible_keys}


async def drill(pilot, count: str) -> set[str]:
    await focus_row(pilot, "backup-counts", count)
    await pilot.press("enter")
    await settle(pilot)
    return shown_hostnames(pilot.app)


async def back_to_dashboard(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DashboardScreen)


async def test_each_count_opens_exactly_its_devices_and_escape_comes_back(
    operations: Services,  # noqa: F811
) -> None:
    # A hostname holding the bare words `failed` and `unreachable` must not sneak into those lists.
    operations.devices.create(DeviceInput("failed-unreachable-1", "10.0.2.1", "cisco_ios"))
    app = console(operations)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # core-sw2 fails (timeout) since 30 h, edge-r2 since 3 h (auth); lab-fw1 never ran
        assert await drill(pilot, "failed") == {"core-sw2", "edge-r2"}
        assert "filter: state:failed  (2 of 6)" in screen_text(app)
        await back_to_dashboard(pilot)
        assert await drill(pilot, "failing") == {"core-sw2"}
        assert "filter: Failing > 1 day  (1 of 6)" in screen_text(app)
        await back_to_dashboard(pilot)
        assert await drill(pilot, "never") == {"lab-fw1", "failed-unreachable-1"}
        await back_to_dashboard(pilot)
        assert await drill(pilot, "ok") == {"core-sw1", "edge-r1"}
        await back_to_dashboard(pilot)
        assert await drill(pilot, "devices") == {
            "core-sw1",
            "core-sw2",
            "edge-r1",
            "edge-r2",
            "lab-fw1",
            "failed-unreachable-1",
        }
        await back_to_dashboard(pilot)
        await pilot.press("2")  # the devices area again: the drill-down's filter is gone
        await settle(pilot)
        assert len(shown_hostnames(app)) == 6 and "filter:" not in screen_text(app)
    assert not app.unexpected_errors


async def test_unreachable_opens_the_devices_whose_last_check_failed(seeded: Services) -> None:
    seeded.devices.create(DeviceInput("unreachable-down-1", "10.0.2.1", "cisco_ios"))
    app = console(seeded)  # the seeded inventory: core-sw2 did not answer its last check
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await drill(pilot, "unreachable") == {"core-sw2"}
        # F (failing only) still works on top of a drill-down and replaces it
        await pilot.press("F")
        await settle(pilot)
        assert shown_hostnames(app) == {"core-sw2"}
        assert "filter: failed" in screen_text(app)
    assert not app.unexpected_errors


async def test_a_failing_device_a_run_and_a_change_open_deeper(
    operations: Services,  # noqa: F811
) -> None:
    app = console(operations, auto_login=VIEWER)  # reading is enough: viewers drill down too
    operations.users.create(VIEWER.name, "correct-horse-battery", "viewer")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        text = screen_text(app)
        assert "core-sw2" in text and "timeout" in text and "edge-r2" in text and "auth" in text
        failing = dashboard.query_one("#failing", RecordTable)
        names = [dashboard.failed[key].hostname for key in failing.visible_keys]
        assert names == ["core-sw2", "edge-r2"], "longest failing first"

        edge_r2 = next(k for k in failing.visible_keys if dashboard.failed[k].hostname == "edge-r2")
        await focus_row(pilot, "failing", edge_r2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DevicePageScreen) and app.screen.hostname == "edge-r2"
        assert "auth" in screen_text(app)
        await back_to_dashboard(pilot)

        (run_id,) = dashboard.running
        await focus_row(pilot, "runs", run_id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunViewScreen) and app.screen.run_id == run_id
        assert "edge-r1" in screen_text(app)
        await back_to_dashboard(pilot)

        change = max(dashboard.changes.values(), key=lambda version: version.id)
        await focus_row(pilot, "recent-changes", change.id)
        await pilot.press("enter")
        await settle(pilot)
        diff = app.screen
        assert isinstance(diff, ConfigDiffScreen)
        assert (diff.hostname, diff.old, diff.new) == (change.hostname, None, change.commit)
        await back_to_dashboard(pilot)
    assert not app.unexpected_errors
