"""The Notifications area (admins only) and the dashboard's failing-channel line, by keys."""

from __future__ import annotations

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.screens.notifications import NotificationsScreen
from tests.notify_servers import free_port, http_server
from tests.tui.conftest import ADMIN, VIEWER, screen_text, settle

TOKEN = "Zq9-tok3n-xVb"


async def test_admin_adds_tests_and_removes_a_channel_and_never_sees_its_token(
    seeded: Services,
) -> None:
    with http_server() as web:
        app = build_app(seeded, auto_login=ADMIN)
        async with app.run_test(size=(110, 30)) as pilot:
            await settle(pilot)
            await pilot.press("0")
            await settle(pilot)
            assert isinstance(app.screen, NotificationsScreen)
            assert "No channels" in screen_text(app)
            url = f"json://hook:{TOKEN}@127.0.0.1:{web.port}/"
            await pilot.press("a", *"ops", "enter", *url, "enter", *"all", "enter", *"core")
            assert TOKEN not in screen_text(app)  # typed into a password field
            await pilot.press("ctrl+s")
            await settle(pilot)
            [channel] = seeded.notifications.list()
            assert (channel.name, channel.tags, len(channel.events)) == ("ops", ("core",), 6)
            text = screen_text(app)
            assert f"json://…@127.0.0.1:{web.port}" in text and "never" in text
            await pilot.press("t")
            await settle(pilot)
            assert web.posts[0]["title"] == "NetRaven: test of channel ops"
            text = screen_text(app)
            assert "sent" in text and "NetRaven: test of channel ops" in text
            assert TOKEN not in text
            await pilot.press("d")
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")
            await settle(pilot)
            assert seeded.notifications.list() == []


async def test_a_bad_target_is_shown_by_its_field(seeded: Services) -> None:
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)
        await pilot.press("a", *"ops", "enter", *"bogus://x", "ctrl+s")
        await settle(pilot)
        assert "bogus:// is not a service Apprise knows" in screen_text(app)
        assert type(app.screen).__name__ == "FormModal"


async def test_viewers_cannot_open_it_and_the_dashboard_reports_a_failing_channel(
    seeded: Services,
) -> None:
    seeded.notifications.add("pager", f"json://127.0.0.1:{free_port()}/")
    from netraven_tui.runtime.notify.notifier import Notifier

    failed = Notifier(seeded).send_now(seeded.notifications.enqueue_test("pager"))
    assert failed.status == "failed"
    app = build_app(seeded, auto_login=VIEWER)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Notifications failing: pager (" in screen_text(app)
        await pilot.press("0")
        await settle(pilot)
        assert not isinstance(app.screen, NotificationsScreen)
