"""Live logs and configuration history against a lab fleet: backups run for real (twice, so the
drifting device has a change), then the operator reads diffs, searches and follows the log."""

from __future__ import annotations

import asyncio
import difflib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from netraven_tui.config import load_settings
from netraven_tui.domain import Actor, CredentialInput, JobInput, LogKind, LogLevel
from netraven_tui.lab import LabFleet
from netraven_tui.runtime.console import ConsoleRuntime, start_console_runtime
from netraven_tui.services import Services, open_services
from netraven_tui.tui.app import NetRavenApp, build_app
from netraven_tui.tui.modals.form import FormModal
from netraven_tui.tui.modals.log_entry import LogEntryModal
from netraven_tui.tui.screens.config_search import ConfigSearchScreen
from netraven_tui.tui.screens.config_text import ConfigDiffScreen, ConfigViewScreen
from netraven_tui.tui.screens.config_versions import ConfigVersionsScreen
from netraven_tui.tui.screens.configs import ConfigsScreen
from netraven_tui.tui.screens.logs import PAGE, LogsScreen
from netraven_tui.tui.widgets.config_view import ConfigView
from netraven_tui.tui.widgets.log_view import LogView
from netraven_tui.tui.widgets.record_table import RecordTable
from tests.tui.conftest import ADMIN, screen_text, settle

pytestmark = pytest.mark.lab

PLATFORMS = ["cisco_ios", "arista_eos", "juniper_junos", "cisco_nxos"]
FAST = {
    "connect_timeout": 3.0,
    "command_timeout": 15.0,
    "attempts": 2,
    "backoff_seconds": 0.1,
    "workers": 4,
}


@dataclass
class Lab:
    fleet: LabFleet
    services: Services
    runtime: ConsoleRuntime
    drifting: str
    old_line: str
    new_line: str
    section: str  # the parent line of the changed one, found by indentation here

    def app(self, actor: Actor = ADMIN) -> NetRavenApp:
        return build_app(self.services, auto_login=actor, runtime=self.runtime, cursor_blink=False)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """Four lab devices (one drifting) imported, backed up twice; a runtime without scheduler."""
    home = tmp_path_factory.mktemp("home")
    env = {"NETRAVEN_HOME": str(home)}
    with LabFleet(devices=4, platforms=PLATFORMS, seed=21, faults="drift:1") as fleet:
        services = open_services(load_settings(env).with_(**FAST), Actor.system("tester"), env=env)
        services.devices.import_csv(fleet.write_inventory(home / "inventory.csv"))
        services.credentials.create(
            CredentialInput(
                "lab", fleet.username, fleet.password, fleet.enable_secret, 10, ("lab",)
            )
        )
        services.jobs.create(JobInput("backup-lab", "backup", tags=("lab",)))
        runtime = start_console_runtime(services, scheduler=False)
        try:
            runtime.runner.run("backup-lab")
            runtime.runner.run("backup-lab")
            [drifting] = [d.hostname for d in fleet.devices if d.fault == "drift"]
            old, new, section = _drift(fleet, drifting)
            yield Lab(fleet, services, runtime, drifting, old, new, section)
        finally:
            runtime.stop(5)
            services.close()


def _drift(fleet: LabFleet, hostname: str) -> tuple[str, str, str]:
    """The line the first drift step changed, before and after (from the lab's own plan), and
    the line it is nested in (the nearest line above it that is indented less)."""
    before = fleet.expected_config(hostname, 0).splitlines()
    after = fleet.expected_config(hostname, 1).splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "-+" and line[:3] not in ("---", "+++")
    ]
    [old, new] = changed
    at = after.index(new[1:])
    depth = len(new[1:]) - len(new[1:].lstrip())
    assert depth > 0, "the seed's drift should change a nested line (a section to name)"
    parent = next(
        line
        for line in reversed(after[:at])
        if line.strip() and len(line) - len(line.lstrip()) < depth
    )
    return old[1:].strip(), new[1:].strip(), parent.strip()


async def open_configs(pilot, lab: Lab) -> RecordTable:
    await settle(pilot)
    await pilot.press("7")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfigsScreen)
    table = pilot.app.screen.query_one(RecordTable)
    assert table.move_to(lab.services.devices.get(lab.drifting).id)
    return table


def line_with(text: str, needle: str) -> str:
    for line in text.splitlines():
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} is not on the screen:\n{text}")


async def test_the_drift_shows_as_a_diff(lab: Lab) -> None:
    app = lab.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_configs(pilot, lab)
        text = screen_text(app)
        assert lab.drifting in text and "4 devices" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfigVersionsScreen)
        assert "v2" in screen_text(app) and "v1" in screen_text(app)
        await pilot.press("d")  # the newest version against the one before
        await settle(pilot)
        assert isinstance(app.screen, ConfigDiffScreen)
        text = screen_text(app)
        assert "+1 -1 in 1 change" in text and "unified" in text
        assert line_with(text, lab.old_line).split(lab.old_line)[0].rstrip().endswith("-")
        assert line_with(text, lab.new_line).split(lab.new_line)[0].rstrip().endswith("+")
        assert line_with(text, "@@ ").rstrip().endswith(f"@@ {lab.section}")  # the hunk's section
        await pilot.press("s")  # side by side: both lines on one row (cut to half the width)
        row = line_with(screen_text(app), lab.old_line[:20])
        assert "│" in row and lab.new_line[:20] in row.split("│")[1]
        tail = lab.new_line[-12:]
        if tail not in row.split("│")[1]:  # cut at this width: → scrolls both halves to it
            for _ in range(len(lab.new_line) // 8 + 1):
                await pilot.press("right")
            row = line_with(screen_text(app), lab.old_line[-12:])
            assert tail in row.split("│")[1]
            await pilot.press("home")
        await pilot.press("escape", "j", "space", "k", "space", "d")  # mark v1 and v2, diff
        await settle(pilot)
        assert isinstance(app.screen, ConfigDiffScreen)
        assert lab.new_line in screen_text(app)
        await pilot.press("q", "q")
        assert isinstance(app.screen, ConfigsScreen)
        assert app.unexpected_errors == []


async def test_a_version_reads_with_colours_and_find(lab: Lab) -> None:
    app = lab.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_configs(pilot, lab)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfigViewScreen)
        view = app.screen.query_one(ConfigView)
        assert view.line_count > 300
        await pilot.press("G")
        assert view.cursor == view.line_count - 1
        await pilot.press("slash", *lab.new_line.split()[4], "enter")  # its address
        await settle(pilot)
        assert view.matches and view.cursor in view.matches
        assert lab.new_line in screen_text(app)
        assert app.unexpected_errors == []


async def test_search_hits_grouped_by_device_and_the_missing_ones(lab: Lab) -> None:
    app = lab.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_configs(pilot, lab)
        await pilot.press("s", *"^ntp server", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfigSearchScreen)
        text = screen_text(app)
        assert "ios-0001 · 3 matches" in text and "on 3/4 devices" in text
        assert "1 missing" in text
        await pilot.press("m")
        text = screen_text(app)
        assert "✗ junos-0003" in text and "ios-0001" not in text.split("missing on")[1]
        await pilot.press("m", "enter")  # back to the hits; open the first one
        await settle(pilot)
        assert isinstance(app.screen, ConfigViewScreen)
        assert "ntp server" in line_with(screen_text(app), "ntp server")
        await pilot.press("escape", "escape", "m", *"(", "enter")  # a bad regex is refused
        await settle(pilot)
        assert isinstance(app.screen, ConfigSearchScreen)
        assert "not a valid regular expression" in screen_text(app)
        assert any("not a valid" in note.message for note in app._notifications)
        assert app.unexpected_errors == []


async def test_the_live_log_follows_filters_pauses_and_pages_back(lab: Lab) -> None:
    for index in range(PAGE + 100):  # more than one page, so there is history to page back to
        lab.services.logs.write(LogLevel.DEBUG, LogKind.SYSTEM, f"history line {index}")
    app = lab.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LogsScreen)
        view = screen.query_one(LogView)
        assert view.line_count == PAGE and "history line 599" in screen_text(app)

        # a job run in this process (a worker thread) appears without a key press
        await asyncio.to_thread(lab.runtime.runner.run, "reachability")
        await wait_for(pilot, lambda: "reachability" in screen_text(app))

        # filter by device (hostname, with completion in the form)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await pilot.press("enter", "enter", *lab.drifting[:6], "right", "ctrl+s")
        await settle(pilot)
        device_id = lab.services.devices.get(lab.drifting).id
        await wait_for(
            pilot, lambda: view.entries and all(e.device_id == device_id for e in view.entries)
        )
        assert f"device {lab.drifting}" in screen_text(app)
        await pilot.press("x")  # clear the filters
        await wait_for(pilot, lambda: any(e.device_id != device_id for e in view.entries))

        # paused: new entries are counted, not shown; following shows them
        await pilot.press("f")
        for index in range(3):
            lab.services.logs.write(LogLevel.ERROR, LogKind.SYSTEM, f"while paused {index}")
        await wait_for(pilot, lambda: view.pending_count == 3)
        assert "while paused" not in screen_text(app) and "paused, 3 new" in screen_text(app)
        await pilot.press("space")
        await wait_for(pilot, lambda: "while paused 2" in screen_text(app))

        # k within the last page keeps following; leaving it pauses; G follows again
        await pilot.press("k")
        assert view.following and view.cursor == view.line_count - 2
        await pilot.press("pageup", "pageup")
        assert not view.following and "paused" in screen_text(app)
        await pilot.press("G")
        assert view.following and view.cursor == view.line_count - 1

        # moving above the first line loads the page before it
        first = view.entries[0].id
        await pilot.press("g")
        await wait_for(pilot, lambda: view.entries[0].id < first)
        assert not view.following and view.line_count > PAGE
        assert app.unexpected_errors == []


async def wait_for(pilot, condition, timeout: float = 30.0) -> None:
    """Pause until ``condition()`` holds (the log poll runs every half second; the bound is for
    a loaded machine)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting for the screen"
        await pilot.pause(0.05)


async def test_a_row_committed_late_with_a_smaller_id_still_appears(lab: Lab) -> None:
    # On PostgreSQL ids are handed out at insert and seen at commit: a row with a smaller id can
    # become visible after a larger one. SQLite lets the test write rows with chosen ids.
    from netraven_tui.db.models import LogEntryRow

    def write(row_id: int, message: str) -> None:
        with lab.services.ctx.transaction() as session:
            session.add(
                LogEntryRow(
                    id=row_id,
                    ts=lab.services.ctx.now(),
                    level="info",
                    kind="system",
                    message=message,
                )
            )

    app = lab.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        view = app.screen.query_one(LogView)
        base = lab.services.logs.newest_id()
        write(base + 10, "committed first")
        await wait_for(pilot, lambda: "committed first" in screen_text(app))
        write(base + 5, "committed late")  # a smaller id, visible only now
        await wait_for(pilot, lambda: "committed late" in screen_text(app))
        assert [e.message for e in view.entries].count("committed first") == 1


async def test_enter_shows_a_long_log_line_in_full_at_80x24(lab: Lab) -> None:
    # issue 13 point 7: a line wider than the screen is cut; enter opens it, wrapped
    tail = "the end of a long line"
    long = "device said: " + " ".join(f"word{index}" for index in range(60)) + " " + tail
    lab.services.logs.write(LogLevel.ERROR, LogKind.SYSTEM, long)
    app = lab.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        view = app.screen.query_one(LogView)
        await wait_for(pilot, lambda: bool(view.entries) and view.entries[-1].message == long)
        assert tail not in screen_text(app)  # cut at the width
        await pilot.press("G", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LogEntryModal)
        text = screen_text(app)
        assert tail in text and "ERROR" in text  # the whole message, wrapped, and its fields
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LogsScreen)
        assert app.unexpected_errors == []


def test_the_configs_overview_counts_versions_per_device(lab: Lab) -> None:
    overview = {item.hostname: item for item in lab.services.configs.overview()}
    counts = lab.services.configs.counts()
    latest = lab.services.configs.latest()
    assert set(overview) == {device.hostname for device in lab.services.devices.list()}
    for item in overview.values():
        assert item.versions == counts.get(item.device_id, 0)
        newest = latest.get(item.device_id)
        assert item.last_change_at == (newest.created_at if newest else None)
        assert "lab" in item.tags
