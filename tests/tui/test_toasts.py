"""Notifications (Textual toasts) sit at the bottom right and never cover a table's first columns."""

from __future__ import annotations

from textual.widgets._toast import Toast

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.screens.devices import DevicesScreen
from tests.tui.conftest import OPERATOR, screen_text, settle

FIRST_COLUMNS = 39  # hostname (up to 27) and the start of the address, at 80x24


async def test_toasts_at_80x24_leave_the_first_columns_readable(seeded: Services) -> None:
    app = build_app(seeded, auto_login=OPERATOR)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        for n in range(6):
            app.notify(f"notification {n}: " + "a long message that has to wrap " * 2)
        app.notify("backup failed", severity="error", title="Backup")
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 7
        shown = [toast for toast in toasts if toast.region.height]
        assert shown, "no toast was laid out"
        for toast in shown:
            region = toast.region
            assert region.x >= FIRST_COLUMNS and region.right <= 80, region
            assert region.width <= 40, region
        assert min(t.region.y for t in shown) >= 24 // 2 - 1  # the lower half only
        for line in screen_text(app).splitlines()[3:7]:
            assert line[:FIRST_COLUMNS].strip(), "a table row's first columns went missing"
        assert "core-sw1" in screen_text(app)
