"""Notifications (admins only): channels with their last delivery, add / remove / test, and the
recent deliveries with their tries and last error. Targets are only ever shown masked."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from netraven_tui.domain import Channel, Delivery, DeliveryStatus, NetRavenError
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.form import Field, FormModal, Values
from netraven_tui.tui.screens.base import AreaScreen
from netraven_tui.tui.widgets.record_table import Column, RecordTable, Row

REFRESH_SECONDS = 5.0
DELIVERIES_SHOWN = 200
ALL_EVENTS = 6

CHANNEL_COLUMNS = (
    Column("Channel", 14),
    Column("Target"),
    Column("Events", 16),
    Column("Tags", 10),
    Column("Last delivery", 22),
)
DELIVERY_COLUMNS = (
    Column("When", 16),
    Column("Channel", 12),
    Column("Event", 16),
    Column("Status", 8),
    Column("Tries", 5),
    Column("About / last error"),
)
_STYLE = {DeliveryStatus.SENT: "green", DeliveryStatus.FAILED: "bold red"}


def channel_row(channel: Channel, now: datetime) -> Row:
    if channel.last_status is None:
        last = Text("never", style="dim")
    else:
        style = "yellow" if channel.last_error and channel.last_status == "pending" else ""
        last = Text(
            f"{channel.last_status} {fmt.age(channel.last_attempt_at, now)}",
            style=style or _STYLE.get(channel.last_status, ""),
        )
    events = "all" if len(channel.events) == ALL_EVENTS else ",".join(channel.events)
    return Row(
        channel.name,
        (channel.name, channel.target, events, ",".join(channel.tags) or "any", last),
        sort_key=channel.name,
        search=f"{channel.name} {channel.target} {events}".lower(),
        stamp=(channel, last.plain),
    )


def delivery_row(delivery: Delivery) -> Row:
    status = Text(str(delivery.status), style=_STYLE.get(delivery.status, "yellow"))
    about = delivery.last_error or delivery.summary
    return Row(
        delivery.id,
        (
            fmt.timestamp(delivery.last_attempt_at or delivery.created_at),
            delivery.channel,
            delivery.event,
            status,
            str(delivery.attempts),
            about,
        ),
        sort_key=-delivery.id,
        search=f"{delivery.channel} {delivery.event} {delivery.status} {about}".lower(),
        stamp=delivery,
    )


class TestSent(Message):
    """A test notification was tried (worker thread -> screen)."""

    def __init__(self, channel: str, delivery: Delivery | None, error: str = "") -> None:
        super().__init__()
        self.channel = channel
        self.delivery = delivery
        self.error = error


class NotificationsScreen(AreaScreen):
    AREA = "notifications"
    TITLE = "Notifications"
    ADMIN_ACTIONS = frozenset({"add", "delete", "send_test"})
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("d", "delete", "Remove"),
        Binding("t", "send_test", "Test"),
        Binding("tab", "switch_table", "Channels/deliveries", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.channels: dict[str, Channel] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("Channels", classes="section-title")
        yield RecordTable(
            CHANNEL_COLUMNS,
            empty_text="No channels. Press a to add one (an Apprise URL or exec:/path).",
            id="channels-table",
        )
        yield Static("Recent deliveries", classes="section-title")
        yield RecordTable(DELIVERY_COLUMNS, empty_text="Nothing sent yet.", id="deliveries-table")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(REFRESH_SECONDS, self._refresh)

    def _refresh(self) -> None:
        if self.is_current:
            self.reload()

    def reload(self) -> None:
        notifications = self.services.notifications

        def read() -> tuple[list[Channel], list[Delivery]]:
            return notifications.list(), notifications.outbox.recent(DELIVERIES_SHOWN)

        self.read_in_thread(read, self._show, doing="load notifications")

    def _show(self, loaded: tuple[list[Channel], list[Delivery]]) -> None:
        channels, deliveries = loaded
        self.channels = {c.name: c for c in channels}
        now = self.host.clock()
        self.query_one("#channels-table", RecordTable).sync(channel_row(c, now) for c in channels)
        self.query_one("#deliveries-table", RecordTable).sync(delivery_row(d) for d in deliveries)
        self.set_status(self.status_text())

    def status_text(self) -> str:
        failing = sum(1 for c in self.channels.values() if c.last_error)
        text = fmt.plural(len(self.channels), "channel")
        return text + (f", {failing} failing" if failing else "")

    @property
    def current(self) -> Channel | None:
        key = self.query_one("#channels-table", RecordTable).cursor_key
        return self.channels.get(key) if isinstance(key, str) else None

    def action_switch_table(self) -> None:
        tables = list(self.query(RecordTable))
        focused = next((i for i, t in enumerate(tables) if t.has_focus), -1)
        tables[(focused + 1) % len(tables)].focus()

    def action_add(self) -> None:
        def save(values: Values) -> Channel:
            split = [v.strip() for v in str(values["events"]).split(",")]
            tags = [t.strip() for t in str(values["tags"]).split(",")]
            return self.services.notifications.add(
                str(values["name"]), str(values["target"]), split, tags
            )

        def saved(channel: Channel | None) -> None:
            if channel is not None:
                self.reload()
                self.query_one("#channels-table", RecordTable).move_to(channel.name)
                self.notify(f"channel {channel.name} added: {channel.target}")

        self.app.push_screen(
            FormModal(
                "Add notification channel",
                [
                    Field("name", "Name", placeholder="e.g. ops-mail"),
                    Field(
                        "target",
                        "Target",
                        password=True,  # URLs carry tokens: never on the screen
                        placeholder="mailto://…, slack://…, json://… or exec:/path",
                    ),
                    Field("events", "Events", placeholder="default: all but run_finished; or all"),
                    Field("tags", "Tags", placeholder="any device; or core,edge"),
                ],
                save,
                note="Apprise URLs: mail, Slack, Teams, Matrix, ntfy, webhooks and 100+ more.",
            ),
            saved,
        )

    def action_delete(self) -> None:
        channel = self.current
        if channel is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:

                def removed(_result: object) -> None:
                    self.notify(f"channel {channel.name} removed")
                    self.reload()

                self.write_in_thread(
                    lambda: self.services.notifications.remove(channel.name),
                    removed,
                    doing="remove",
                )

        self.app.push_screen(
            ConfirmModal(
                f"Remove channel {channel.name}?",
                f"{channel.target}: its delivery history goes too.",
                yes="Remove",
            ),
            confirmed,
        )

    def action_send_test(self) -> None:
        channel = self.current
        if channel is not None:
            self.notify(f"sending a test to {channel.name}…")
            self._send_test(channel.name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="notify-test")
    def _send_test(self, name: str) -> None:
        try:
            delivery_id = self.services.notifications.enqueue_test(name)
            delivery = self._notifier().send_now(delivery_id)
        except NetRavenError as error:
            self.post_message(TestSent(name, None, str(error)))
            return
        self.post_message(TestSent(name, delivery))

    def on_test_sent(self, message: TestSent) -> None:
        delivery = message.delivery
        if delivery is not None and delivery.status is DeliveryStatus.SENT:
            self.notify(f"test notification sent to {message.channel}")
        else:
            error = message.error or (delivery.last_error if delivery else "not sent")
            self.notify(f"{message.channel}: {error}", severity="error", timeout=10)
        self.reload()

    def _notifier(self):
        runtime = self.host.runtime
        if runtime is not None and runtime.notifier is not None:
            return runtime.notifier
        from netraven_tui.runtime.notify.notifier import Notifier

        return Notifier(self.services)
