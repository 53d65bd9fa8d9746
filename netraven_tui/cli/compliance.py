"""`netraven-tui compliance import|export|list|check|report|delete`"""

from __future__ import annotations

import sys
from pathlib import Path

from netraven_tui.cli.common import open_cli_services, print_json, print_table
from netraven_tui.domain import ComplianceStatus, ValidationError

EXIT_OK = 0
EXIT_NON_COMPLIANT = 1


def _evaluator(services):
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.runtime.compliance import ComplianceEvaluator

    return ComplianceEvaluator(services, GitStore(services.ctx.settings.locations.repo))


def cmd_import(args) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(str(path), f"cannot read the policy file: {error}") from None
    services = open_cli_services()
    imported, changes = _evaluator(services).import_text(text, str(path))
    parts = []
    if imported.created:
        parts.append(f"created {', '.join(imported.created)}")
    if imported.updated:
        parts.append(f"replaced {', '.join(imported.updated)}")
    print(f"{path}: {'; '.join(parts)}")
    if changes is not None:
        print(_summary_line(changes))
    return EXIT_OK


def cmd_export(args) -> int:
    compliance = open_cli_services().compliance
    if not args.file or args.file == "-":
        compliance.export(sys.stdout, args.policy or None)
        return EXIT_OK
    count = compliance.export(Path(args.file), args.policy or None)
    print(f"wrote {count} {'policy' if count == 1 else 'policies'} to {args.file}", file=sys.stderr)
    return EXIT_OK


def cmd_list(args) -> int:
    summaries = open_cli_services().compliance.summaries()
    if args.json:
        print_json(
            [
                {
                    "name": s.policy.name,
                    "description": s.policy.description,
                    "tags": list(s.policy.tags),
                    "platforms": list(s.policy.platforms),
                    "rules": [r.name for r in s.policy.rules],
                    "devices": s.devices,
                    "evaluated_at": s.evaluated_at,
                    "summary": {status.value: s.count(status) for status in ComplianceStatus},
                }
                for s in summaries
            ]
        )
        return EXIT_OK
    print_table(
        ("policy", "rules", "tags", "platforms", "devices", "ok", "failing", "no config", "error"),
        (
            (
                s.policy.name,
                len(s.policy.rules),
                s.policy.tags or "(all)",
                s.policy.platforms or "(all)",
                s.devices,
                s.count(ComplianceStatus.COMPLIANT),
                s.count(ComplianceStatus.NON_COMPLIANT),
                s.count(ComplianceStatus.NO_CONFIG),
                s.count(ComplianceStatus.ERROR),
            )
            for s in summaries
        ),
    )
    return EXIT_OK


def cmd_check(args) -> int:
    services = open_cli_services()
    changes = _evaluator(services).evaluate(policy=args.policy)
    print(_summary_line(changes))
    for change in changes.changes:
        old = change.old_status.value if change.old_status else "new"
        print(f"{change.hostname}  {change.policy}/{change.rule}  {old} -> {change.new_status}")
    return EXIT_NON_COMPLIANT if changes.count(ComplianceStatus.NON_COMPLIANT) else EXIT_OK


def cmd_report(args) -> int:
    services = open_cli_services()
    if args.policy:
        services.compliance.get(args.policy)  # NotFound: one line, exit 1
    results = services.compliance.results(policy=args.policy)
    counts = {status: 0 for status in ComplianceStatus}
    for result in results:
        counts[result.status] += 1
    if args.json:
        print_json(
            {
                "results": [
                    {
                        "policy": r.policy,
                        "rule": r.rule,
                        "hostname": r.hostname,
                        "status": r.status.value,
                        "detail": r.detail,
                    }
                    for r in results
                ],
                "summary": {status.value: count for status, count in counts.items()},
            }
        )
    else:
        print_table(
            ("policy", "rule", "hostname", "status", "detail"),
            (
                (r.policy, r.rule, r.hostname, r.status.value, _first_line(r.detail))
                for r in results
            ),
        )
        print(
            ", ".join(f"{count} {status.value}" for status, count in counts.items()),
            file=sys.stderr,
        )
    return EXIT_NON_COMPLIANT if counts[ComplianceStatus.NON_COMPLIANT] else EXIT_OK


def cmd_delete(args) -> int:
    open_cli_services().compliance.delete(args.name)
    print(f"policy {args.name} deleted")
    return EXIT_OK


def _summary_line(changes) -> str:
    counts = ", ".join(
        f"{changes.count(status)} {status.value}"
        for status in ComplianceStatus
        if changes.count(status)
    )
    return (
        f"evaluated {changes.evaluated} device x rule pairs on {changes.devices} devices"
        f"{': ' + counts if counts else ''}; {len(changes.changes)} status change(s)"
    )


def _first_line(text: str) -> str:
    first, _, rest = text.partition("\n")
    return first + (" …" if rest else "")
