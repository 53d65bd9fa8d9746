"""The job form: kind and schedule chosen from lists, only the fields the schedule needs shown,
interval / cron / one-time checked as they are typed (the service's own messages), target tags
and devices completed from the inventory (read when the form opens)."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from netraven_tui.domain import Job, JobInput, ScheduleKind, ValidationError
from netraven_tui.services import Services
from netraven_tui.services import schedules as sched
from netraven_tui.tui.modals.form import Choices, Field, FormModal, Values, field_input
from netraven_tui.tui.widgets.suggesters import split_list

KINDS = [
    ("backup (fetch the configuration)", "backup"),
    ("reachability (TCP check)", "reachability"),
]
SCHEDULES = [
    ("manual (r runs it)", "manual"),
    ("every N seconds", "interval"),
    ("cron expression", "cron"),
    ("once at a time", "once"),
]
SCHEDULE_FIELDS = {"interval": "interval", "cron": "cron", "once": "run_at"}
FOCUSABLE = ".form-fields Input, .form-fields Checkbox, .form-fields Select"


class JobFormModal(FormModal[Job]):
    """Add or edit a job; dismisses with the saved Job."""

    def __init__(
        self, services: Services, job: Job | None = None, now: datetime | None = None
    ) -> None:
        self.services = services
        self.job = job
        self.now = now or services.now()
        j = job
        fields = [
            Field("name", "Name", j.name if j else "", placeholder="e.g. nightly-core"),
            Field("kind", "Kind", str(j.kind) if j else "backup"),
            Field(
                "schedule",
                "Schedule",
                str(j.schedule_kind) if j else "manual",
                aliases=("schedule_kind",),
            ),
            Field(
                "interval",
                "Every (s)",
                str(j.interval_seconds or "") if j else "3600",
                placeholder=f"seconds, at least {sched.MIN_INTERVAL_SECONDS}",
                aliases=("interval_seconds",),
            ),
            Field(
                "cron",
                "Cron",
                (j.cron or "") if j else "",  # empty: the example is the placeholder
                placeholder="e.g. 0 2 * * * (minute hour day month weekday)",
            ),
            Field(
                "run_at", "Run at", _iso(j.run_at) if j else "", placeholder="e.g. 2026-12-01T02:00"
            ),
            Field(
                "tags",
                "Target tags",
                ", ".join(j.tags) if j else "",
                placeholder="tags, comma separated",
                examples=True,
            ),
            Field(
                "devices",
                "Devices",
                ", ".join(j.devices) if j else "",
                placeholder="single devices by hostname (→ completes)",
            ),
            Field("description", "Description", j.description if j else ""),
            Field("enabled", "Enabled", j.enabled if j else True),
        ]
        title = f"Edit job {job.name}" if job else "Add job"
        note = "The system job's name and kind are fixed." if job and job.is_system else ""
        super().__init__(title, fields, self._save, note=note, choices=self._choices)

    def _choices(self) -> Choices:
        """The tags and hostnames the target fields complete from (worker thread)."""
        return {
            "tags": [tag.name for tag in self.services.tags.list()],
            "devices": [device.hostname for device in self.services.devices.list()],
        }

    def compose_field(self, field: Field) -> ComposeResult:
        fixed = self.job is not None and self.job.is_system and field.name in ("name", "kind")
        schedule_field = field.name in SCHEDULE_FIELDS.values()
        with Vertical(
            id=f"row-{field.name}",
            classes="job-field" + (" schedule-field" if schedule_field else ""),
        ):
            with Horizontal(classes="form-row"):
                yield Label("" if field.checkbox else field.label, classes="form-label")
                if field.name in ("kind", "schedule"):
                    yield Select(
                        KINDS if field.name == "kind" else SCHEDULES,
                        value=str(field.value),
                        allow_blank=False,
                        compact=True,
                        id=f"field-{field.name}",
                        disabled=fixed,
                    )
                else:
                    yield field_input(field, disabled=fixed)
            yield Static("", id=f"error-{field.name}", classes="field-error")
            if schedule_field:
                yield Static("", id=f"hint-{field.name}", classes="field-hint")

    def on_mount(self) -> None:  # adds to FormModal.on_mount, which Textual calls after this
        self._show_schedule_fields()
        name = SCHEDULE_FIELDS.get(self._schedule())
        if name:
            self._check(name, str(self.query_one(f"#field-{name}", Input).value))

    def _schedule(self) -> str:
        return str(self.query_one("#field-schedule", Select).value)

    def _show_schedule_fields(self) -> None:
        wanted = SCHEDULE_FIELDS.get(self._schedule())
        for name in SCHEDULE_FIELDS.values():
            self.query_one(f"#row-{name}").display = name == wanted

    @on(Select.Changed, "#field-schedule")
    def _schedule_changed(self) -> None:
        self._show_schedule_fields()
        name = SCHEDULE_FIELDS.get(self._schedule())
        if name:
            self._check(name, str(self.query_one(f"#field-{name}", Input).value))

    @on(Input.Changed, "#field-interval, #field-cron, #field-run_at")
    def _schedule_typed(self, event: Input.Changed) -> None:
        self._check(str(event.input.id).removeprefix("field-"), event.value)

    def _check(self, name: str, value: str) -> None:
        """Validate a schedule field as it is typed: the service's message, or what it means."""
        error = self.query_one(f"#error-{name}", Static)
        hint = self.query_one(f"#hint-{name}", Static)
        if not value.strip():  # not typed yet: the placeholder says what goes here
            error.remove_class("-shown")
            error.update("")
            hint.display = False
            return
        try:
            meaning = self._meaning(name, value)
        except ValidationError as problem:
            error.update(f"✗ {problem.message}")
            error.add_class("-shown")
            hint.display = False
            return
        error.remove_class("-shown")
        error.update("")
        hint.update(meaning)
        hint.display = bool(meaning)

    def _meaning(self, name: str, value: str) -> str:
        if name == "interval":
            seconds = sched.validate_interval(value)
            return sched.describe(ScheduleKind.INTERVAL, seconds, None, None)
        if name == "cron":
            expression = sched.validate_cron(value)
            upcoming = sched.cron_trigger(
                expression, self.now.astimezone().tzinfo
            ).get_next_fire_time(None, self.now)
            return f"next at {upcoming:%Y-%m-%d %H:%M %Z}" if upcoming else ""
        when = sched.validate_once(sched.parse_iso_time(value), self.now)
        return f"at {when.astimezone():%Y-%m-%d %H:%M %Z}"

    def fields_in_order(self) -> list[Widget]:
        """Enter moves to the next field that is shown."""
        return [w for w in self.query(FOCUSABLE) if _shown(w) and not w.disabled]

    def _save(self, values: Values) -> Job:
        schedule = str(values["schedule"])
        data = JobInput(
            name=str(values["name"]),
            kind=str(values["kind"]),
            schedule_kind=schedule,
            interval_seconds=str(values["interval"]) if schedule == "interval" else None,
            cron=str(values["cron"]) if schedule == "cron" else None,
            run_at=(str(values["run_at"]).strip() or None) if schedule == "once" else None,
            tags=split_list(str(values["tags"])),
            devices=split_list(str(values["devices"])),
            description=str(values["description"]),
            enabled=bool(values["enabled"]),
        )
        if schedule == "once" and data.run_at is None:
            raise ValidationError(
                "run_at", "is required for a one-time job (ISO time, e.g. 2026-12-01T02:00)"
            )
        if self.job is None:
            return self.services.jobs.create(data)
        return self.services.jobs.update(self.job.id, data)


def job_form(
    services: Services, job: Job | None = None, now: datetime | None = None
) -> JobFormModal:
    """A form that creates a job, or updates ``job``."""
    return JobFormModal(services, job, now)


def _iso(value: datetime | None) -> str:
    return value.astimezone().isoformat(timespec="minutes") if value is not None else ""


def _shown(widget: Widget) -> bool:
    """False when the field's row is hidden (a schedule field the schedule does not use)."""
    row = widget.parent.parent if widget.parent is not None else None
    return widget.display and (row is None or row.display)
