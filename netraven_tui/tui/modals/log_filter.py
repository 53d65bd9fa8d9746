"""The live log's filters (level, kind, job, run, device, text) as a small form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual.suggester import SuggestFromList

from netraven_tui.domain import LogFilter, LogKind, LogLevel, NotFound, ValidationError
from netraven_tui.services import Services
from netraven_tui.tui.modals.form import Field, FormModal, Values

LEVELS = [level.value for level in LogLevel]
KINDS = [kind.value for kind in LogKind]


def log_filter_modal(
    services: Services, current: LogFilter, hostnames: Sequence[str], current_device: str = ""
) -> FormModal[tuple[LogFilter, str]]:
    """A form that dismisses with (the new filter, the device's hostname) or None."""
    fields = [
        Field(
            "level",
            "Level ≥",
            str(current.level or ""),
            placeholder="debug, info, warning, error",
            suggester=SuggestFromList(LEVELS, case_sensitive=False),
        ),
        Field(
            "kind",
            "Kind",
            str(current.kind or ""),
            placeholder="job, connection, system, audit",
            suggester=SuggestFromList(KINDS, case_sensitive=False),
        ),
        Field(
            "device",
            "Device",
            current_device,
            placeholder="hostname (tab completes)",
            suggester=SuggestFromList(hostnames, case_sensitive=False),
        ),
        Field("job", "Job", str(current.job_id or ""), placeholder="job name or id"),
        Field("run", "Run", str(current.run_id or ""), placeholder="run number"),
        Field("text", "Text", current.text or "", placeholder="words in the message"),
    ]

    def save(values: Values) -> tuple[LogFilter, str]:
        return parse_filter(services, values)

    return FormModal("Log filters", fields, save, note="Leave a field empty to show everything.")


def describe_filter(where: LogFilter, device_name: str = "") -> str:
    """'level ≥ warning, device core-sw1, text “timeout”' — what the status line shows."""
    words = []
    if where.level:
        words.append(f"level ≥ {where.level}")
    if where.kind:
        words.append(f"kind {where.kind}")
    if where.device_id:
        words.append(f"device {device_name or where.device_id}")
    if where.job_id:
        words.append(f"job {where.job_id}")
    if where.run_id:
        words.append(f"run {where.run_id}")
    if where.text:
        words.append(f"text “{where.text}”")
    return ", ".join(words)


def parse_filter(services: Services, values: Values) -> tuple[LogFilter, str]:
    """Turn the typed values into a LogFilter; a bad value names its field."""
    text = {name: str(value).strip() for name, value in values.items()}
    level = _choice("level", text["level"], LogLevel)
    kind = _choice("kind", text["kind"], LogKind)
    device_id, hostname = None, ""
    if text["device"]:
        try:
            device = services.devices.get(text["device"])
        except NotFound:
            raise ValidationError("device", f"no device called {text['device']!r}") from None
        device_id, hostname = device.id, device.hostname
    job_id = None
    if text["job"]:
        try:
            job_id = services.jobs.get(
                int(text["job"]) if text["job"].isdigit() else text["job"]
            ).id
        except NotFound:
            raise ValidationError("job", f"no job called {text['job']!r}") from None
    run_id = None
    if text["run"]:
        if not text["run"].lstrip("#").isdigit():
            raise ValidationError("run", "a run is a number, like 42")
        run_id = int(text["run"].lstrip("#"))
    where = replace(
        LogFilter(),
        level=level,
        kind=kind,
        job_id=job_id,
        run_id=run_id,
        device_id=device_id,
        text=text["text"] or None,
    )
    return where, hostname


def _choice(name: str, value: str, enum: type[LogLevel] | type[LogKind]):
    if not value:
        return None
    try:
        return enum(value.lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise ValidationError(name, f"{value!r} is not one of {choices}") from None
