"""How events read: a digest (title, text body, severity) for Apprise channels, and the JSON and
environment an exec hook gets. Pure functions of the events; only masked text goes in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC

from netraven_tui.domain import JobRun, NotifyEvent, NotifyEventKind

K = NotifyEventKind
MAX_DIGEST_DIFF_LINES = 10_000  # past this a digest names the changed devices without diffs

_SECTIONS = (
    (K.DEVICE_FAILED, "Backups failing (first failure)"),
    (K.FAILING_FOR, "Still failing"),
    (K.DEVICE_RECOVERED, "Recovered"),
    (K.COMPLIANCE_CHANGED, "Compliance changes"),
    (K.CONFIG_CHANGED, "Configuration changed"),
)


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    severity: str  # Apprise's notify types: info, success, warning, failure


def digest(run: JobRun | None, events: Sequence[NotifyEvent]) -> Message:
    """One message holding every event of a run for one channel."""
    counts = {kind: sum(1 for e in events if e.kind is kind) for kind in K}
    parts = [
        f"{counts[kind]} {label}"
        for kind, label in (
            (K.CONFIG_CHANGED, "changed"),
            (K.DEVICE_FAILED, "failed"),
            (K.FAILING_FOR, "still failing"),
            (K.DEVICE_RECOVERED, "recovered"),
            (K.COMPLIANCE_CHANGED, "compliance changes"),
        )
        if counts[kind]
    ]
    if run is not None:
        title = f"NetRaven: {run.job_name} run {run.id} {run.status}"
    else:
        title = "NetRaven: compliance"
    title += f": {', '.join(parts)}" if parts else ""
    lines: list[str] = []
    if run is not None:
        lines += [_run_line(run), ""]
    budget = MAX_DIGEST_DIFF_LINES
    for kind, label in _SECTIONS:
        chosen = [e for e in events if e.kind is kind]
        if not chosen:
            continue
        lines.append(label)
        for event in chosen:
            lines.append(f"  {_one_line(event)}")
            if kind is K.CONFIG_CHANGED and event.diff:
                diff = event.diff.splitlines()
                if len(diff) <= budget:
                    lines += [*diff, ""]
                    budget -= len(diff)
                else:
                    lines.append(
                        f"  (diff left out: see `netraven-tui config diff {event.hostname}`)"
                    )
        lines.append("")
    return Message(title, "\n".join(lines).rstrip() + "\n", _severity(run, events))


def event_json(event: NotifyEvent) -> dict[str, object]:
    """The event as an exec hook reads it on standard input (keys are stable, values may be null)."""
    change = event.compliance
    return {
        "event": event.kind.value,
        "job": event.job or None,
        "run": event.run_id,
        "hostname": event.hostname or None,
        "commit": event.commit,
        "status": event.status or None,
        "error_kind": event.error_kind,
        "message": event.message or None,
        "diff": event.diff or None,
        "first_version": event.first_version,
        "failing_since": event.failing_since.astimezone(UTC).isoformat()
        if event.failing_since
        else None,
        "counts": dict(event.counts) or None,
        "failed": [
            {"hostname": f.hostname, "kind": f.kind, "message": f.message} for f in event.failed
        ],
        "compliance": {
            "policy": change.policy,
            "rule": change.rule,
            "old_status": change.old_status,
            "new_status": change.new_status,
            "detail": change.detail,
        }
        if change
        else None,
    }


def event_env(event: NotifyEvent) -> dict[str, str]:
    """The NETRAVEN_* variables an exec hook gets (empty strings where they do not apply)."""
    return {
        "NETRAVEN_EVENT": event.kind.value,
        "NETRAVEN_DEVICE": event.hostname,
        "NETRAVEN_JOB": event.job,
        "NETRAVEN_RUN": "" if event.run_id is None else str(event.run_id),
        "NETRAVEN_COMMIT": event.commit or "",
        "NETRAVEN_STATUS": event.status,
    }


def summary(events: Sequence[NotifyEvent]) -> str:
    """A short line for the deliveries list: what a message is about."""
    if len(events) == 1:
        return _one_line(events[0])
    kinds: dict[str, int] = {}
    for event in events:
        kinds[event.kind.value] = kinds.get(event.kind.value, 0) + 1
    return ", ".join(f"{count} {kind}" for kind, count in kinds.items())


def _run_line(run: JobRun) -> str:
    line = (
        f"Job {run.job_name}, run {run.id} ({run.status}): "
        f"{run.total} device{'' if run.total == 1 else 's'}, "
        f"{run.succeeded} ok, {run.failed} failed, {run.changed} changed"
    )
    return line + (f"; commit {run.commit[:10]}" if run.commit else "")


def _one_line(event: NotifyEvent) -> str:
    kind = event.kind
    if kind is K.CONFIG_CHANGED:
        what = "new configuration" if event.first_version else event.message
        commit = f", commit {event.commit[:10]}" if event.commit else ""
        return f"{event.hostname}: {what}{commit}"
    if kind in (K.DEVICE_FAILED, K.FAILING_FOR):
        since = (
            f" since {event.failing_since.astimezone(UTC).strftime('%Y-%m-%d %H:%M')} UTC"
            if event.failing_since
            else ""
        )
        return f"{event.hostname}:{since} {event.error_kind}: {event.message}"
    if kind is K.DEVICE_RECOVERED:
        return f"{event.hostname}: backed up again"
    if kind is K.COMPLIANCE_CHANGED and event.compliance is not None:
        c = event.compliance
        detail = f": {c.detail}" if c.detail else ""
        return f"{c.policy}/{c.rule} on {c.hostname}: {c.old_status or 'new'} -> {c.new_status}{detail}"
    if kind is K.RUN_FINISHED:
        counts = dict(event.counts)
        return (
            f"run {event.run_id} of {event.job} {event.status}: {counts.get('succeeded', 0)} ok, "
            f"{counts.get('failed', 0)} failed, {counts.get('changed', 0)} changed"
        )
    return f"{kind.value} {event.hostname}".strip()


def _severity(run: JobRun | None, events: Sequence[NotifyEvent]) -> str:
    kinds = {e.kind for e in events}
    if kinds & {K.DEVICE_FAILED, K.FAILING_FOR} or (run is not None and run.failed):
        return "failure"
    if K.CONFIG_CHANGED in kinds or any(
        e.compliance is not None and e.compliance.new_status != "compliant" for e in events
    ):
        return "warning"
    if K.DEVICE_RECOVERED in kinds or (run is not None and run.status == "success"):
        return "success"
    return "info"
