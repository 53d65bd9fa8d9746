"""`netraven-tui run list|show`: what ran, when, and why each device failed."""

from __future__ import annotations

from netraven_tui.cli.common import as_json, open_cli_services, print_json, print_table
from netraven_tui.domain import DeviceResult, JobRun, ValidationError


def cmd_list(args) -> int:
    services = open_cli_services()
    if args.limit < 1:
        raise ValidationError("--limit", f"must be at least 1, got {args.limit}")
    job_id = services.jobs.get(args.job).id if args.job else None
    runs = services.runs.list(job_id=job_id, limit=args.limit)
    if args.json:
        print_json([as_json(run) for run in runs])
        return 0
    print_table(
        ("id", "job", "status", "trigger", "started", "devices", "ok", "failed", "changed"),
        (
            (
                r.id,
                r.job_name,
                r.status,
                r.trigger,
                r.started_at or r.queued_at,
                r.total,
                r.succeeded,
                r.failed,
                r.changed,
            )
            for r in runs
        ),
    )
    return 0


def cmd_show(args) -> int:
    services = open_cli_services()
    run = services.runs.get(_run_id(args.id))
    results = services.runs.results(run.id)
    if args.json:
        print_json({"run": as_json(run), "results": [result_json(r) for r in results]})
        return 0
    print(describe_run(run))
    print_table(
        ("device", "status", "kind", "attempts", "seconds", "changed", "message"),
        (
            (r.hostname, r.status, r.error_kind, r.attempts, _seconds(r), r.changed, r.message)
            for r in results
        ),
    )
    return 0


def result_json(result: DeviceResult) -> dict[str, object]:
    """One device result as the CLI's JSON prints it."""
    return {
        "hostname": result.hostname,
        "status": result.status.value,
        "kind": result.error_kind.value if result.error_kind else None,
        "message": result.message,
        "attempts": result.attempts,
        "duration_s": _seconds(result),
        "changed": result.changed,
    }


def describe_run(run: JobRun) -> str:
    """A run in one line: job, status, counts, commit, reason."""
    parts = [f"run {run.id} of {run.job_name}: {run.status}", f"{run.succeeded}/{run.total} ok"]
    if run.failed:
        parts.append(f"{run.failed} failed")
    if run.kind == "backup":
        parts.append(f"{run.changed} changed, {run.unchanged} unchanged")
    message = run.message
    if run.commit:
        parts.append(f"commit {run.commit[:10]}")
        # the run's own message starts with the same words: say them once
        message = message.removeprefix(f"commit {run.commit[:10]}").lstrip("; ")
    if message:
        parts.append(message)
    return ", ".join(parts)


def _seconds(result: DeviceResult) -> float | None:
    return round(result.duration_ms / 1000, 3) if result.duration_ms is not None else None


def _run_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValidationError("run", f"expected a run id (a number), got {text!r}") from None
    if value < 1:
        raise ValidationError("run", f"expected a run id (a positive number), got {text!r}")
    return value
