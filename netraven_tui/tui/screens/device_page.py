"""One device at the centre: its state, last backup and why it failed, versions and last diff.

Opened with Enter on a device in the devices table (and from the drill-downs). `b` backs the
device up now (one run of just this device, shown live in the run view), `t` checks the
connection, `e` edits, `h` opens its versions in the Configs area; `escape`/`q` go back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from netraven_tui.domain import Device, DeviceResult, HostKey
from netraven_tui.runtime.configs import NumberedVersion
from netraven_tui.runtime.events import DeviceDone, RunFinished
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.bridge import RuntimeEvents
from netraven_tui.tui.modals.connection_check import ConnectionCheckModal
from netraven_tui.tui.modals.device_form import device_form
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

MAX_VERSIONS = 100  # the page lists the newest; `h` opens the full history
MAX_DIFF_LINES = 400

VERSION_COLUMNS = (Column("Version", 8), Column("Time", 19), Column("Run", 6), Column("Change"))


@dataclass(frozen=True, slots=True)
class DevicePage:
    """What the page shows, read in one thread worker."""

    device: Device
    last: DeviceResult | None
    failing_since: datetime | None
    versions: list[NumberedVersion]
    last_diff: str  # masked (the repository holds masked text), unified
    host_key: HostKey | None = None  # the pinned SSH host key (None: not pinned yet)


def read_page(screen: AreaScreen, device_id: int) -> DevicePage:
    """Everything the page shows about one device (runs in a thread)."""
    services = screen.services
    device = services.devices.get(device_id)
    last = services.runs.last_result(device_id)
    since = services.runs.failing_since(device_id).get(device_id)
    runtime = screen.host.runtime
    versions: list[NumberedVersion] = []
    diff = ""
    if runtime is not None:
        versions = runtime.configs.history(device_id)[:MAX_VERSIONS]
        if versions:
            diff = runtime.configs.diff(device_id, None, versions[0].number)
    return DevicePage(device, last, since, versions, diff, services.hostkeys.get(device_id))


def summary(page: DevicePage, now: datetime) -> Text:
    """The device's facts as labelled lines."""
    d, last = page.device, page.last
    text = Text()

    def line(label: str, value: str | Text) -> None:
        text.append(f"{label:<14}", style="bold")
        text.append(value)
        text.append("\n")

    line("Address", f"{d.address}:{d.port}  {d.platform}" + ("" if d.enabled else "  (off)"))
    line("Tags", fmt.user_tags(d.tags))
    line("State", Text(*fmt.backup_state(d, now)))
    if last is None:
        line("Last backup", Text("never backed up", style="dim"))
    else:
        result = Text(str(last.status), style="green" if last.status == "success" else "bold red")
        line("Last backup", Text.assemble(fmt.timestamp(d.last_backup_at), "  ", result))
        if last.error_kind is not None:
            line("Error", Text.assemble((str(last.error_kind), "bold red"), "  ", last.message))
        elif last.message:
            line("Message", last.message)
        line(
            "Attempts",
            f"{last.attempts}   credential: {last.credential or d.last_credential or '-'}"
            f"   run #{last.run_id}",
        )
    if page.failing_since is not None:
        line(
            "Failing since",
            Text(
                f"{fmt.timestamp(page.failing_since)} ({fmt.age(page.failing_since, now)})",
                style="bold red",
            ),
        )
    reach = Text(*fmt.reachability(d))
    if d.last_reach_at is not None:
        ago = fmt.age(d.last_reach_at, now)
        reach = Text.assemble(reach, "  checked " + ("just now" if ago == "now" else f"{ago} ago"))
    line("Reachability", reach)
    key = page.host_key
    if key is None:
        line("Host key", Text("not pinned yet (the next backup pins it)", style="dim"))
    else:
        by = f" by {key.trusted_by}" if key.trusted_by else ""
        line(
            "Host key",
            Text.assemble(
                (key.describe(), "bold"), f"  pinned {fmt.timestamp(key.first_seen)}{by}"
            ),
        )
    if d.jump_host:
        line("Jump host", f"{d.jump_host}  credential {d.jump_credential or '-'}")
    return text


def version_row(item: NumberedVersion) -> Row:
    version = item.version
    change = (
        Text("first", style="dim")
        if item.number == 1
        else Text.assemble(
            (f"+{version.lines_added}", "green"), " ", (f"-{version.lines_removed}", "red")
        )
    )
    run = f"#{version.run_id}" if version.run_id else "-"
    return Row(
        item.number,
        (f"v{item.number}", fmt.timestamp(version.created_at), run, change),
        sort_key=-item.number,
        search=f"v{item.number} {version.commit}",
    )


def diff_text(diff: str) -> Text:
    """A unified diff coloured by line (it is already masked)."""
    text = Text("Last change\n", style="bold")
    if not diff:
        return text.append("No change recorded yet.", style="dim")
    lines = diff.splitlines()
    for raw in lines[:MAX_DIFF_LINES]:
        style = ""
        if raw.startswith(("+++", "---")):
            style = "bold"
        elif raw.startswith("+"):
            style = "green"
        elif raw.startswith("-"):
            style = "red"
        elif raw.startswith("@@"):
            style = "cyan"
        text.append(raw + "\n", style=style)
    if len(lines) > MAX_DIFF_LINES:
        text.append(f"… {len(lines) - MAX_DIFF_LINES} more lines (h, then d)\n", style="dim")
    return text


class DevicePageScreen(AreaScreen):
    """A device's page, pushed over the devices table (or any screen that drills down)."""

    AREA = "devices"
    TITLE = "Devices"
    FOLLOWS_RUNTIME = True
    BINDINGS = [
        Binding("b", "backup", "Back up now"),
        Binding("t", "test", "Test"),
        Binding("e", "edit", "Edit"),
        Binding("h", "history", "History"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, device_id: int, hostname: str = "") -> None:
        super().__init__()
        self.device_id = device_id
        self.hostname = hostname
        self.page: DevicePage | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="device-summary")
        yield RecordTable(VERSION_COLUMNS, empty_text="No versions yet.", id="device-versions")
        with VerticalScroll(id="device-diff-scroll"):
            yield Static("", id="device-diff")

    def reload(self) -> None:
        self.set_status("loading…")
        self.read_in_thread(
            lambda: read_page(self, self.device_id), self._show, doing="open the device"
        )

    def set_status(self, text: str) -> None:
        title = f"Devices › {self.hostname}" if self.hostname else "Devices"
        self.query_one("#status", Static).update(f"{title} · {text}" if text else title)

    def _show(self, page: DevicePage) -> None:
        self.page = page
        self.hostname = page.device.hostname
        self.query_one("#device-summary", Static).update(summary(page, self.host.clock()))
        self.query_one("#device-versions", RecordTable).sync(
            version_row(item) for item in page.versions
        )
        self.query_one("#device-diff", Static).update(diff_text(page.last_diff))
        self.set_status(fmt.plural(len(page.versions), "version"))
        self.refresh_bindings()

    def on_runtime_events(self, batch: RuntimeEvents) -> None:
        mine = any(
            isinstance(event, DeviceDone) and event.result.device_id == self.device_id
            for event in batch.events
        )
        if mine or any(isinstance(event, RunFinished) for event in batch.events):
            self.reload()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "backup" and (not self.role.can_edit or self.host.runtime is None):
            return False
        if action == "history" and self.host.runtime is None:
            return False
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_backup(self) -> None:
        runtime = self.host.runtime
        if runtime is None:
            return
        actor = self.actor
        hostname = self.hostname

        def started(run_id: int) -> None:
            from netraven_tui.tui.screens.run_view import RunViewScreen

            self.notify(f"run {run_id}: backing up {hostname}")
            self.app.push_screen(RunViewScreen(run_id, f"backup of {hostname}"))

        self.write_in_thread(
            lambda: runtime.runner.start_devices(
                [self.device_id], "manual", actor.name, actor=actor
            ),
            started,
            doing=f"back up {hostname}",
        )

    def action_test(self) -> None:
        tester = self.host.test_connection
        if self.page is not None and tester is not None:
            trust = self.services.hostkeys.trust if self.role.can_edit else None
            self.app.push_screen(ConnectionCheckModal(self.page.device, tester, trust))

    def action_edit(self) -> None:
        def saved(updated: Device | None) -> None:
            if updated is not None:
                self.notify(f"device {updated.hostname} saved")
                self.reload()

        self.read_in_thread(
            lambda: self.services.devices.get(self.device_id),
            lambda fresh: self.app.push_screen(device_form(self.services, fresh), saved),
            doing="edit",
        )

    def action_history(self) -> None:
        from netraven_tui.tui.screens.config_versions import ConfigVersionsScreen

        if self.hostname:
            self.app.push_screen(ConfigVersionsScreen(self.hostname))


def open_device(screen: AreaScreen, device_id: int, hostname: str = "") -> None:
    """Push the page of a device over ``screen`` (Enter on a device, wherever it is listed)."""
    screen.app.push_screen(DevicePageScreen(device_id, hostname))
