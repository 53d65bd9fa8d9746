"""How every screen, modal and the help look (pytest-textual-snapshot; SVGs in __snapshots__).

Fixed terminal size, frozen clock (the services' FrozenClock drives every age), seeded data,
no cursor blink, no animations. Update with `pytest tests/snapshots --snapshot-update` after
looking at the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.connection import ConnectionStep
from tests.snapshots.conftest import console, keys
from tests.tui.conftest import OPERATOR

SIZE = (100, 30)


@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5", "6", "7", "8"])
def test_area(snap_compare, seeded: Services, key: str) -> None:
    assert snap_compare(console(seeded), run_before=keys(key), terminal_size=SIZE)


@pytest.mark.parametrize("key", ["1", "2"])
def test_area_at_80x24(snap_compare, seeded: Services, key: str) -> None:
    assert snap_compare(console(seeded), run_before=keys(key), terminal_size=(80, 24))


def test_login(snap_compare, seeded: Services) -> None:
    app = build_app(seeded, username="otto", cursor_blink=False)
    assert snap_compare(app, run_before=keys(*"wrong", "enter"), terminal_size=SIZE)


def test_login_without_users(snap_compare, services: Services) -> None:
    assert snap_compare(build_app(services, cursor_blink=False), terminal_size=(80, 24))


def test_help(snap_compare, seeded: Services) -> None:
    assert snap_compare(
        console(seeded, auto_login=OPERATOR),
        run_before=keys("2", "question_mark"),
        terminal_size=(100, 40),
    )


def test_devices_viewer_footer(snap_compare, seeded: Services) -> None:
    from tests.tui.conftest import VIEWER

    assert snap_compare(
        console(seeded, auto_login=VIEWER), run_before=keys("2"), terminal_size=SIZE
    )


def test_devices_filtered(snap_compare, seeded: Services) -> None:
    assert snap_compare(console(seeded), run_before=keys("2", "slash", *"core"), terminal_size=SIZE)


def test_device_form_with_error(snap_compare, seeded: Services) -> None:
    run = keys("2", "a", *"dist-sw9", "enter", *"10.0.0.999", "enter", *"cisco_ios", "ctrl+s")
    assert snap_compare(console(seeded), run_before=run, terminal_size=SIZE)


def test_device_form_at_80x24(snap_compare, seeded: Services) -> None:
    assert snap_compare(console(seeded), run_before=keys("2", "e"), terminal_size=(80, 24))


def test_delete_confirm(snap_compare, seeded: Services) -> None:
    assert snap_compare(console(seeded), run_before=keys("2", "d"), terminal_size=SIZE)


def test_import_prompt(snap_compare, seeded: Services) -> None:
    assert snap_compare(console(seeded), run_before=keys("2", "i"), terminal_size=SIZE)


def test_import_result(
    snap_compare, seeded: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "more.csv").write_text(
        "hostname,address,platform,port,tags,description\n"
        "acc-sw1,10.2.0.1,cisco_ios,22,access,\n"
        "acc-sw2,999.1.1.1,cisco_ios,22,access,\n"
        "core-sw1,10.2.0.3,cisco_ios,22,,\n"
    )
    monkeypatch.chdir(tmp_path)
    run = keys("2", "i", *"more.csv", "enter")
    assert snap_compare(console(seeded), run_before=run, terminal_size=SIZE)


def test_credential_form(snap_compare, seeded: Services) -> None:
    run = keys("4", "a", *"lab-admin", "enter", *"netbackup", "enter", *"typed-secret")
    assert snap_compare(console(seeded), run_before=run, terminal_size=SIZE)


def test_tag_form(snap_compare, seeded: Services) -> None:
    assert snap_compare(console(seeded), run_before=keys("3", "a"), terminal_size=SIZE)


def test_user_password_form(snap_compare, seeded: Services) -> None:
    assert snap_compare(console(seeded), run_before=keys("8", "p"), terminal_size=SIZE)


def test_connection_test(snap_compare, seeded: Services) -> None:
    def tester(device_id: int) -> Iterator[ConnectionStep]:
        yield ConnectionStep("TCP connect 10.0.0.1:22", True, "3 ms")
        yield ConnectionStep("SSH login as backup (netops)", True, "prompt core-sw1#")
        yield ConnectionStep("show version", False, "timed out after 30 s")

    app = console(seeded, test_connection=tester)
    assert snap_compare(app, run_before=keys("2", "t"), terminal_size=SIZE)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["100x30", "80x24"])
def test_quit_question(snap_compare, seeded: Services, size: tuple[int, int]) -> None:
    """What `q` asks with two runs in progress (the Pilot test drives the real runs)."""
    from netraven_tui.tui.app import quit_question

    async def ask(pilot) -> None:
        await pilot.press("1")
        await pilot.pause()
        pilot.app.push_screen(quit_question([41, 42], 30))
        await pilot.pause()

    assert snap_compare(console(seeded), run_before=ask, terminal_size=size)
