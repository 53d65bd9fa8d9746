"""The collector command: capture the devices of some sites for runs started anywhere."""

from __future__ import annotations

from netraven_tui.cli import collector


def add_commands(commands) -> None:
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
