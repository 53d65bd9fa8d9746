"""At 80 columns no table cuts a hostname below 16 characters (issue 13, console 7): the other
columns give way. A full-width table at 80 columns draws its rows in 79 cells (the vertical
scrollbar takes one: measured in the app below); the others are given a little less still."""

from __future__ import annotations

import pytest

from netraven_tui.tui.screens.compliance_results import COLUMNS as COMPLIANCE_RESULT_COLUMNS
from netraven_tui.tui.screens.configs import COLUMNS as CONFIG_COLUMNS
from netraven_tui.tui.screens.devices import COLUMNS as DEVICE_TABLE_COLUMNS
from netraven_tui.tui.widgets.dashboard_rows import FAILING_COLUMNS
from netraven_tui.tui.widgets.record_table import RecordTable
from netraven_tui.tui.widgets.run_panels import CHANGE_COLUMNS
from netraven_tui.tui.widgets.run_rows import DEVICE_COLUMNS as RUN_DEVICE_COLUMNS

HOSTNAME = 16


@pytest.mark.parametrize(
    ("columns", "width"),
    [
        (RUN_DEVICE_COLUMNS, 76),
        (DEVICE_TABLE_COLUMNS, 79),
        (CONFIG_COLUMNS, 76),
        (COMPLIANCE_RESULT_COLUMNS, 76),
        (CHANGE_COLUMNS, 76),
        (FAILING_COLUMNS, 30),  # the dashboard's middle panel at 80 columns
    ],
    ids=["run view", "devices", "configs", "compliance results", "recent changes", "failing"],
)
def test_the_hostname_column_keeps_16_characters_at_80_columns(columns, width: int) -> None:
    widths = RecordTable(columns)._column_widths(width)
    assert widths[0] >= HOSTNAME, dict(zip((c.title for c in columns), widths, strict=True))


async def test_the_devices_table_at_80x24_with_a_scrollbar_keeps_16(seeded) -> None:
    """The width the static check above uses for the devices table, as the app really has it."""
    from netraven_tui.domain import DeviceInput
    from netraven_tui.tui.app import build_app
    from tests.tui.conftest import OPERATOR, settle

    for index in range(40):  # more rows than the screen: the scrollbar is drawn
        seeded.devices.create(DeviceInput(f"wide-{index:02d}", f"10.9.0.{index + 1}", "cisco_ios"))
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        width = table.scrollable_content_region.width
        assert width == 79
        assert table._column_widths(width)[0] >= HOSTNAME
