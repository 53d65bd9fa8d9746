"""The argument parser: every sub-command, its options, and the function that runs it."""

from __future__ import annotations

import argparse

from netraven_tui import __version__


def build_parser(lab: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``lab=False`` leaves the lab command's own options out (the
    CLI passes it when the command line does not name the lab)."""
    from netraven_tui.cli import (
        app,
        collector,
        inventory,
        jobs,
        logs,
        platforms,
        runs,
        scheduler,
        users,
    )

    parser = argparse.ArgumentParser(
        prog="netraven-tui",
        description="Back up network device configurations into git, from a terminal console.",
        epilog="Without a command the console (TUI) starts. NETRAVEN_HOME=<dir> keeps everything in one folder.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--user", metavar="NAME", help="pre-fill the login screen with this user name"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    tui = commands.add_parser("tui", help="start the console (the default)")
    tui.add_argument("--user", metavar="NAME", help="pre-fill the login screen")
    tui.add_argument(
        "--no-lease",
        action="store_true",
        help="never compete for the scheduler lease (another process fires the jobs)",
    )
    # Only for the consoles `serve` starts: who is logged in comes over the server's link.
    tui.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    tui.set_defaults(handler=app.cmd_tui)

    commands.add_parser("locate", help="print the folders and files in use").set_defaults(
        handler=app.cmd_locate
    )

    demo = commands.add_parser(
        "demo", help="start a simulated fleet, seed a demo folder and open the console"
    )
    demo.add_argument(
        "--home", metavar="DIR", help="demo folder (default: <data>/demo or $NETRAVEN_HOME)"
    )
    demo.add_argument(
        "--devices", type=int, default=20, help="number of simulated devices (default 20)"
    )
    demo.set_defaults(handler=app.cmd_demo)

    lab_parser = commands.add_parser(
        "lab", help="run a simulated device fleet on loopback in the foreground"
    )
    if lab:
        _add_lab_arguments(lab_parser)

    db = commands.add_parser("db", help="database maintenance").add_subparsers(
        title="db commands", metavar="ACTION"
    )
    db.required = True
    db.add_parser("upgrade", help="migrate the database to the latest schema").set_defaults(
        handler=app.cmd_db_upgrade
    )

    _user_commands(commands, users)
    _tag_commands(commands, inventory)
    _device_commands(commands, inventory)
    _platform_commands(commands, platforms)
    _credential_commands(commands, inventory)
    _job_commands(commands, jobs)
    _run_commands(commands, runs)
    _log_commands(commands, logs)
    _notify_commands(commands)

    sched = commands.add_parser(
        "scheduler",
        help="run the job scheduler in the foreground, without the console (for systemd or tmux)",
        description="Fire scheduled jobs while this process holds the leader lease; stops cleanly "
        "on SIGTERM or SIGINT. Logs go to the log file and standard error.",
    )
    sched.set_defaults(handler=scheduler.cmd_scheduler)
    _serve_command(commands)
    coll = commands.add_parser(
        "collector",
        help="serve the task queues of some sites (PostgreSQL with collectors = true)",
        description="Capture the devices of the given sites for runs started anywhere: log in, "
        "capture, clean and mask, and hand the masked text back to the run's owner, which "
        "commits. Needs only the database URL and the credential key; never the git "
        "repository. Stops cleanly on SIGTERM or SIGINT (running devices finish first).",
    )
    coll.add_argument(
        "--sites",
        metavar="A,B",
        help="comma-separated sites to serve; '-' is the devices without a site "
        "(default: only those)",
    )
    coll.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="devices captured at once (default: the workers setting)",
    )
    coll.set_defaults(handler=collector.cmd_collector)
    _config_commands(commands)
    _compliance_commands(commands)
    _document_exit_codes(parser)
    return parser


def _serve_command(commands) -> None:
    from netraven_tui.cli import serve

    cmd = commands.add_parser(
        "serve",
        help="serve the console over SSH to the app's users (and a web door); runs the scheduler",
        description="One long-running process: the scheduler (a leader candidate, as "
        "`netraven-tui scheduler`), an SSH server where each app user logs in (password or "
        "`user key add`) and gets their own console, and optionally the console in a browser. "
        "Stops cleanly on SIGTERM or SIGINT.",
    )
    cmd.add_argument(
        "--ssh", metavar="HOST:PORT", help="where SSH listens (default: serve_ssh, 127.0.0.1:2222)"
    )
    cmd.add_argument(
        "--web", metavar="HOST:PORT", help="also serve the console in a browser here (default off)"
    )
    cmd.set_defaults(handler=serve.cmd_serve)


EXIT_CODES = (
    "exit status: 0 done, 1 failed or input refused (one line on standard error), "
    "2 usage error (unknown option, missing argument)"
)
# Commands whose exit status says more than done / failed (scripts and cron jobs rely on these).
SPECIAL_EXIT_CODES = {
    "netraven-tui device backup": "exit status: 0 every device succeeded, 1 some device failed "
    "or input refused (one line on standard error), 2 usage error",
    "netraven-tui job run": "exit status: 0 every device succeeded (or no device), "
    "1 partial, failed or cancelled, or refused, 2 usage error",
    "netraven-tui config search": "exit status: 0 done (with --missing: every device has a "
    "match), 1 with --missing when any device lacks a match, or on an error, 2 usage error or "
    "a pattern that is not valid",
    "netraven-tui compliance check": "exit status: 0 evaluated and nothing non-compliant, "
    "1 some device x rule is non-compliant, or an error, 2 usage error",
    "netraven-tui compliance report": "exit status: 0 nothing non-compliant, 1 some device x "
    "rule is non-compliant, or an error, 2 usage error",
    "netraven-tui device import": "exit status: 0 every row imported, 2 some rows skipped "
    "(reported as 'line N: reason') or usage error, 1 failed",
}


def _document_exit_codes(parser: argparse.ArgumentParser) -> None:
    """Every command's --help ends with what its exit status means."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in dict.fromkeys(action.choices.values()):
            if sub.epilog is None:
                sub.epilog = SPECIAL_EXIT_CODES.get(sub.prog, EXIT_CODES)
            _document_exit_codes(sub)


def _group(commands, name: str, help_text: str):
    group = commands.add_parser(name, help=help_text).add_subparsers(
        title=f"{name} commands", metavar="ACTION"
    )
    group.required = True
    return group


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _user_commands(commands, users) -> None:
    group = _group(commands, "user", "console users and roles")
    add = group.add_parser("add", help="add a user (password from a prompt or --password-stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["admin", "operator", "viewer"])
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(handler=users.cmd_add)
    lst = group.add_parser("list", help="list users")
    _json(lst)
    lst.set_defaults(handler=users.cmd_list)
    passwd = group.add_parser("passwd", help="set a user's password")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(handler=users.cmd_passwd)
    role = group.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=["admin", "operator", "viewer"])
    role.set_defaults(handler=users.cmd_role)
    _user_key_commands(group)
    for action, help_text in (
        ("unlock", "clear a lockout"),
        ("disable", "deactivate a user"),
        ("enable", "reactivate a user"),
        ("delete", "delete a user"),
    ):
        sub = group.add_parser(action, help=help_text)
        sub.add_argument("name")
        sub.set_defaults(handler=getattr(users, f"cmd_{action}"))


def _user_key_commands(users_group) -> None:
    from netraven_tui.cli import user_keys

    keys = users_group.add_parser(
        "key", help="SSH public keys that log a user in to `netraven-tui serve`"
    ).add_subparsers(title="user key commands", metavar="ACTION")
    keys.required = True
    add = keys.add_parser("add", help="add a public key (an OpenSSH .pub line) for a user")
    add.add_argument("name")
    add.add_argument("file", help="the .pub file, or - to read the line from standard input")
    add.set_defaults(handler=user_keys.cmd_key_add)
    lst = keys.add_parser("list", help="list a user's keys with their fingerprints")
    lst.add_argument("name")
    _json(lst)
    lst.set_defaults(handler=user_keys.cmd_key_list)
    remove = keys.add_parser("remove", help="remove a user's key by its fingerprint")
    remove.add_argument("name")
    remove.add_argument("fingerprint", help="SHA256:… as `user key list` shows it")
    remove.set_defaults(handler=user_keys.cmd_key_remove)


def _tag_commands(commands, inventory) -> None:
    group = _group(commands, "tag", "tags that group devices")
    add = group.add_parser("add", help="add a tag")
    add.add_argument("name")
    add.add_argument("--description", default="")
    _jump_arguments(add)
    add.set_defaults(handler=inventory.cmd_tag_add)
    edit = group.add_parser("edit", help="change a tag's description or jump host")
    edit.add_argument("name")
    edit.add_argument("--description", help="new description")
    _jump_arguments(edit)
    edit.add_argument(
        "--no-jump-host", action="store_true", help="its devices are reached directly again"
    )
    edit.set_defaults(handler=inventory.cmd_tag_edit)
    lst = group.add_parser("list", help="list tags with device, credential and job counts")
    _json(lst)
    lst.set_defaults(handler=inventory.cmd_tag_list)
    delete = group.add_parser("delete", help="delete a tag")
    delete.add_argument("name")
    delete.set_defaults(handler=inventory.cmd_tag_delete)


def _device_commands(commands, inventory) -> None:
    group = _group(commands, "device", "the device inventory")
    imp = group.add_parser(
        "import", help="import devices from CSV (hostname,address,platform,port,tags,description)"
    )
    imp.add_argument("file", help="the CSV file, or - to read it from standard input")
    imp.add_argument("--update", action="store_true", help="overwrite devices that already exist")
    imp.set_defaults(handler=inventory.cmd_device_import)
    exp = group.add_parser("export", help="write the inventory as CSV (to FILE or standard output)")
    exp.add_argument("file", nargs="?")
    exp.add_argument("--tag", help="only devices with this tag")
    exp.set_defaults(handler=inventory.cmd_device_export)
    lst = group.add_parser("list", help="list devices")
    lst.add_argument("--tag", help="only devices with this tag")
    lst.add_argument("--site", help="only devices of this site ('-': those without a site)")
    _json(lst)
    lst.set_defaults(handler=inventory.cmd_device_list)
    add = group.add_parser("add", help="add one device")
    add.add_argument("hostname")
    add.add_argument("address")
    add.add_argument("--platform", required=True, help="Netmiko device type, e.g. cisco_ios")
    add.add_argument("--port", default="22")
    add.add_argument("--tags", default="", help="comma-separated tags (created if missing)")
    add.add_argument("--description", default="")
    add.add_argument("--site", default="", help="the site whose collector reaches it")
    _jump_arguments(add)
    add.set_defaults(handler=inventory.cmd_device_add)
    edit = group.add_parser("edit", help="change some fields of a device (the others stay)")
    edit.add_argument("hostname")
    edit.add_argument("--hostname", dest="new_hostname", metavar="NAME", help="rename it")
    edit.add_argument("--address")
    edit.add_argument("--platform")
    edit.add_argument("--port")
    edit.add_argument("--tags", help="comma-separated tags, replacing its tags")
    edit.add_argument("--description")
    edit.add_argument("--site", help="its site ('' or '-': no site)")
    edit.set_defaults(handler=inventory.cmd_device_edit)
    delete = group.add_parser("delete", help="delete a device (its history stays in git)")
    delete.add_argument("hostname")
    delete.set_defaults(handler=inventory.cmd_device_delete)
    from netraven_tui.cli import job_run

    backup = group.add_parser(
        "backup", help="back up these devices now, as one run (exit 0 success, 1 partial/failed)"
    )
    backup.add_argument("hostnames", nargs="+", metavar="HOST")
    _json(backup)
    backup.set_defaults(handler=job_run.cmd_device_backup)
    from netraven_tui.cli import hostkeys

    jump = group.add_parser("jump", help="set (or clear) the jump host of one device")
    jump.add_argument("hostname")
    _jump_arguments(jump)
    jump.add_argument(
        "--no-jump-host", action="store_true", help="no jump host of its own (its tags decide)"
    )
    jump.set_defaults(handler=inventory.cmd_device_jump)
    trust = group.add_parser(
        "trust",
        help="pin the SSH host key the device presents now (after a deliberate change)",
        description="Connects (a key exchange, no login), reads the host key the device presents "
        "and pins it, replacing the pinned one; audited. Compare the fingerprint with the one "
        "the device shows on its console (e.g. IOS: show ip ssh), or pass it with --fingerprint.",
    )
    trust.add_argument("hostname")
    trust.add_argument(
        "--fingerprint",
        metavar="SHA256:...",
        help="refuse unless the device presents exactly this key",
    )
    trust.add_argument(
        "--jump-host", action="store_true", help="trust the key of the device's jump host instead"
    )
    trust.set_defaults(handler=hostkeys.cmd_device_trust)
    keys = group.add_parser("hostkey", help="show the SSH host key pinned for a device")
    keys.add_argument("hostname")
    _json(keys)
    keys.set_defaults(handler=hostkeys.cmd_device_hostkey)


def _jump_arguments(parser) -> None:
    parser.add_argument(
        "--jump-host",
        metavar="[USER@]HOST[:PORT]",
        help="reach the devices through this SSH jump host (bastion)",
    )
    parser.add_argument(
        "--jump-credential",
        metavar="NAME",
        default="",
        help="the credential that logs in to the jump host (its SSH key, else its password)",
    )


def _platform_commands(commands, platforms) -> None:
    group = _group(commands, "platform", "the supported platforms (Netmiko device types)")
    lst = group.add_parser(
        "list",
        help="list the platforms: commands, enable, end marker, rule family, where each came from",
        description="The built-in platform table plus the [platforms.*] rows of config.toml.",
    )
    _json(lst)
    lst.set_defaults(handler=platforms.cmd_list)


def _credential_commands(commands, inventory) -> None:
    group = _group(commands, "credential", "device logins attached to tags")
    add = group.add_parser("add", help="add a credential (secrets from prompts or standard input)")
    add.add_argument("name")
    add.add_argument("--username", required=True)
    add.add_argument("--priority", default="100", help="lower is tried first (default 100)")
    add.add_argument("--tags", default="", help="comma-separated tags this credential applies to")
    add.add_argument("--description", default="")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.add_argument(
        "--enable-secret-stdin",
        action="store_true",
        help="read the enable secret from standard input (the line after the password)",
    )
    add.add_argument(
        "--no-enable-secret", action="store_true", help="do not ask for an enable secret"
    )
    add.add_argument(
        "--ssh-key-file",
        metavar="FILE",
        help="an SSH private key (no passphrase) stored encrypted, for key logins to jump "
        "hosts; the password is then optional",
    )
    add.set_defaults(handler=inventory.cmd_credential_add)
    lst = group.add_parser("list", help="list credentials (never shows a secret)")
    _json(lst)
    lst.set_defaults(handler=inventory.cmd_credential_list)
    delete = group.add_parser("delete", help="delete a credential")
    delete.add_argument("name")
    delete.set_defaults(handler=inventory.cmd_credential_delete)


def _job_commands(commands, jobs) -> None:
    group = _group(commands, "job", "backup and reachability jobs")
    add = group.add_parser("add", help="add a job")
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=["backup", "reachability"])
    add.add_argument("--tags", default="", help="comma-separated target tags")
    add.add_argument(
        "--device", action="append", default=[], metavar="HOST", help="a target device (repeatable)"
    )
    when = add.add_mutually_exclusive_group()
    when.add_argument("--interval", metavar="SECONDS", help="run every SECONDS (at least 60)")
    when.add_argument("--cron", metavar="EXPR", help='crontab expression, e.g. "0 2 * * *"')
    when.add_argument(
        "--at", metavar="ISO-TIME", help="run once at this time, e.g. 2026-12-01T02:00"
    )
    add.add_argument("--disabled", action="store_true", help="create it disabled")
    add.add_argument("--description", default="")
    add.set_defaults(handler=jobs.cmd_add)
    lst = group.add_parser("list", help="list jobs")
    _json(lst)
    lst.set_defaults(handler=jobs.cmd_list)
    for action, help_text in (
        ("enable", "enable a job"),
        ("disable", "disable a job"),
        ("delete", "delete a job"),
    ):
        sub = group.add_parser(action, help=help_text)
        sub.add_argument("name")
        sub.set_defaults(handler=getattr(jobs, f"cmd_{action}"))
    from netraven_tui.cli import job_run

    run = group.add_parser(
        "run", help="run a job now in the foreground (exit 0 success, 1 partial/failed)"
    )
    run.add_argument("name")
    _json(run)
    run.set_defaults(handler=job_run.cmd_run)


def _run_commands(commands, runs) -> None:
    group = _group(commands, "run", "job runs and their device results")
    lst = group.add_parser("list", help="list runs, newest first")
    lst.add_argument("--job", metavar="NAME", help="only runs of this job")
    lst.add_argument("--limit", type=int, default=20, help="at most N runs (default 20)")
    _json(lst)
    lst.set_defaults(handler=runs.cmd_list)
    show = group.add_parser("show", help="a run and each device's result (why it failed)")
    show.add_argument("id", help="run id (see run list)")
    _json(show)
    show.set_defaults(handler=runs.cmd_show)


def _log_commands(commands, logs) -> None:
    group = _group(commands, "log", "the log of jobs, connections, the system and changes")
    tail = group.add_parser("tail", help="print the newest log entries (-f: keep following)")
    tail.add_argument("-f", "--follow", action="store_true", help="keep printing new entries")
    tail.add_argument("-n", "--lines", type=int, default=20, help="entries to show (default 20)")
    tail.add_argument(
        "--level", choices=["debug", "info", "warning", "error"], help="this level and above"
    )
    tail.add_argument("--device", metavar="HOST", help="only entries about this device")
    tail.add_argument("--job", metavar="NAME", help="only entries of this job")
    tail.set_defaults(handler=logs.cmd_tail)


def _notify_commands(commands) -> None:
    from netraven_tui.cli import notify

    group = _group(commands, "notify", "notification channels: mail, chat, webhooks, exec hooks")
    add = group.add_parser(
        "add",
        help="add a channel: an Apprise URL (mailto://, slack://, json://, …) or exec:/path",
        description="TARGET is an Apprise URL or exec:/path/to/program ('-' reads it from "
        "standard input, keeping tokens out of the shell history). Events: config_changed, "
        "device_failed, device_recovered, failing_for, run_finished, compliance_changed, or "
        "all (default: all but run_finished).",
    )
    add.add_argument("name")
    add.add_argument("target")
    add.add_argument(
        "--events", default="", metavar="E,…", help="events to send (default: all but run_finished)"
    )
    add.add_argument(
        "--tags", default="", metavar="T,…", help="only devices with one of these tags"
    )
    add.set_defaults(handler=notify.cmd_add)
    lst = group.add_parser("list", help="list channels (targets masked) with their last delivery")
    _json(lst)
    lst.set_defaults(handler=notify.cmd_list)
    remove = group.add_parser("remove", help="remove a channel")
    remove.add_argument("name")
    remove.set_defaults(handler=notify.cmd_remove)
    test = group.add_parser("test", help="send a test notification now (exit 0 sent, 1 failed)")
    test.add_argument("name")
    test.set_defaults(handler=notify.cmd_test)
    deliveries = group.add_parser("deliveries", help="recent deliveries: status, tries, last error")
    deliveries.add_argument("--channel", metavar="NAME", help="only this channel")
    deliveries.add_argument("--limit", type=int, default=20, help="at most N (default 20)")
    _json(deliveries)
    deliveries.set_defaults(handler=notify.cmd_deliveries)


def _add_lab_arguments(parser: argparse.ArgumentParser) -> None:
    try:
        from netraven_tui.lab import command
    except ImportError:
        parser.set_defaults(handler=_lab_missing)
        return
    command.add_arguments(parser)
    parser.set_defaults(handler=command.run)


def _lab_missing(_args) -> int:
    from netraven_tui.domain import NetRavenError

    raise NetRavenError("the lab needs the 'lab' extra: pip install 'netraven-tui[lab]'")


def _config_commands(commands) -> None:
    from netraven_tui.cli import configs

    group = _group(commands, "config", "configuration history from the git repository")
    show = group.add_parser("show", help="print a device's configuration (latest, or --version)")
    show.add_argument("host")
    show.add_argument(
        "--version", metavar="N|COMMIT", help="version number (1 = oldest) or commit id"
    )
    show.set_defaults(handler=configs.cmd_show)
    history = group.add_parser("history", help="list a device's configuration versions")
    history.add_argument("host")
    _json(history)
    history.set_defaults(handler=configs.cmd_history)
    diff = group.add_parser(
        "diff", help="unified diff between two versions (default: the last change)"
    )
    diff.add_argument("host")
    diff.add_argument(
        "old", nargs="?", help="version number or commit (default: the one before NEW)"
    )
    diff.add_argument("new", nargs="?", help="version number or commit (default: latest)")
    diff.add_argument(
        "-U", "--context", type=_context_lines, default=3, help="lines of context (default 3)"
    )
    diff.set_defaults(handler=configs.cmd_diff)
    search = group.add_parser(
        "search", help="search the latest configurations with a regular expression"
    )
    search.add_argument("pattern")
    search.add_argument("--tag", help="only devices with this tag")
    search.add_argument(
        "--missing", action="store_true", help="list devices whose configuration has no match"
    )
    search.add_argument(
        "-C", "--context", type=_context_lines, default=1, help="lines of context (default 1)"
    )
    search.add_argument("-i", "--ignore-case", action="store_true")
    _json(search)
    search.set_defaults(handler=configs.cmd_search)


MAX_CONTEXT_LINES = 10_000


def _context_lines(text: str) -> int:
    """-U/-C: a number of lines from 0 (argparse turns the error into one usage line)."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_CONTEXT_LINES:
        raise argparse.ArgumentTypeError(
            f"expected a number of lines from 0 to {MAX_CONTEXT_LINES}, got {text!r}"
        )
    return number


def _compliance_commands(commands) -> None:
    from netraven_tui.cli import compliance

    group = _group(commands, "compliance", "compliance policies (TOML) and their results")
    imp = group.add_parser(
        "import",
        help="create or replace (by name) the policies of a TOML file, then evaluate them",
        description="A bad file is refused whole with FILE:LINE: reason. See README "
        "'Compliance policies' for the format.",
    )
    imp.add_argument("file")
    imp.set_defaults(handler=compliance.cmd_import)
    exp = group.add_parser("export", help="write the policies as TOML (to FILE or standard output)")
    exp.add_argument("file", nargs="?")
    exp.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="NAME",
        help="only this policy (repeatable)",
    )
    exp.set_defaults(handler=compliance.cmd_export)
    lst = group.add_parser("list", help="policies with their result counts")
    _json(lst)
    lst.set_defaults(handler=compliance.cmd_list)
    check = group.add_parser("check", help="evaluate the policies now on the latest configurations")
    check.add_argument("--policy", metavar="NAME", help="only this policy")
    check.set_defaults(handler=compliance.cmd_check)
    report = group.add_parser(
        "report", help="the stored results per device x rule (exit 1 when any is non-compliant)"
    )
    report.add_argument("--policy", metavar="NAME", help="only this policy")
    _json(report)
    report.set_defaults(handler=compliance.cmd_report)
    delete = group.add_parser("delete", help="delete a policy and its results (history stays)")
    delete.add_argument("name")
    delete.set_defaults(handler=compliance.cmd_delete)
