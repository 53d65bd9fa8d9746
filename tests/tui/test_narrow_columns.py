"""At 80 columns no table cuts a hostname below 16 characters (issue 13, console 7): the other
columns give way. A table at 80 columns is 76-78 cells wide (borders, padding, scrollbar)."""

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
        (DEVICE_TABLE_COLUMNS, 76),
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
