"""`netraven-tui config show|history|diff|search`"""

from __future__ import annotations

import sys

from netraven_tui.cli.common import open_cli_services, print_json, print_table


def _browser():
    from netraven_tui.backup.gitstore import GitStore
    from netraven_tui.runtime.configs import ConfigBrowser

    services = open_cli_services()
    return ConfigBrowser(services, GitStore(services.ctx.settings.locations.repo))


def cmd_show(args) -> int:
    _, text = _browser().show(args.host, args.version)
    print(text, end="" if text.endswith("\n") else "\n")
    return 0


def cmd_history(args) -> int:
    history = _browser().history(args.host)
    if args.json:
        print_json(
            [
                {
                    "version": h.number,
                    "commit": h.version.commit,
                    "time": h.version.created_at.isoformat(),
                    "run_id": h.version.run_id,
                    "size": h.version.size,
                    "lines": h.version.lines,
                    "added": h.version.lines_added,
                    "removed": h.version.lines_removed,
                }
                for h in history
            ]
        )
        return 0
    print_table(
        ("version", "time", "commit", "run", "lines", "+", "-"),
        (
            (
                h.number,
                h.version.created_at,
                h.version.commit[:10],
                h.version.run_id,
                h.version.lines,
                h.version.lines_added,
                h.version.lines_removed,
            )
            for h in history
        ),
    )
    return 0


def cmd_diff(args) -> int:
    text = _browser().diff(args.host, args.old, args.new, context=args.context)
    if text:
        print(text)
    return 0


def cmd_search(args) -> int:
    result = _browser().search(
        args.pattern, tag=args.tag, context=args.context, ignore_case=args.ignore_case
    )
    if args.json:
        print_json(
            {
                "pattern": result.pattern,
                "searched": result.searched,
                "matched": list(result.matched),
                "missing": list(result.missing),
                "unconfigured": list(result.unconfigured),
                "hits": [
                    {"hostname": h.hostname, "line": h.line_number, "text": h.line}
                    for h in result.hits
                ],
            }
        )
        return 1 if args.missing and (result.missing or result.unconfigured) else 0
    if args.missing:
        for hostname in result.missing:
            print(hostname)
        # never backed up: nothing shows the line is there, so they count as missing
        for hostname in result.unconfigured:
            print(f"{hostname} (no configuration)")
        summary = f"{len(result.missing)} of {result.searched} configurations have no match"
        if result.unconfigured:
            summary += f"; {_devices_have(len(result.unconfigured))} no configuration"
        print(summary, file=sys.stderr)
        # a compliance check in cron or CI fails when any device lacks the line
        return 1 if result.missing or result.unconfigured else 0
    if not result.hits:
        print(f"no match in {result.searched} configurations", file=sys.stderr)
    for hit in result.hits:
        for offset, line in enumerate(hit.before, start=hit.line_number - len(hit.before)):
            print(f"{hit.hostname}-{offset}-{line}")
        print(f"{hit.hostname}:{hit.line_number}:{hit.line}")
        for offset, line in enumerate(hit.after, start=hit.line_number + 1):
            print(f"{hit.hostname}-{offset}-{line}")
        if hit.before or hit.after:
            print("--")
    return 0


def _devices_have(count: int) -> str:
    return f"{count} device has" if count == 1 else f"{count} devices have"
