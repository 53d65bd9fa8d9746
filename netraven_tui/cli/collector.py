"""`netraven-tui collector`: serve the task queues of some sites (PostgreSQL only).

Needs the database URL and the credential key (NETRAVEN_DATABASE_URL, NETRAVEN_SECRET_KEY or
the key file), nothing else. Logs go to the log file and standard error. SIGTERM or SIGINT:
stop taking devices, finish those running, exit 0.
"""

from __future__ import annotations

import logging


def cmd_collector(args) -> int:
    from netraven_tui.cli.common import print_warnings, split_list
    from netraven_tui.cli.scheduler import _log_to_stderr
    from netraven_tui.config import load_settings
    from netraven_tui.domain import Actor, ConfigError, ValidationError
    from netraven_tui.logs import setup_logging
    from netraven_tui.runtime.collector import Collector
    from netraven_tui.services import open_services
    from netraven_tui.services.task_queue import require_procrastinate
    from netraven_tui.services.validation import sites

    settings = load_settings()
    if not settings.db_url.startswith("postgresql"):
        raise ConfigError(
            "a collector needs the installation's PostgreSQL database_url "
            "(NETRAVEN_DATABASE_URL=postgresql+psycopg://...); SQLite has no task queue"
        )
    if args.concurrency is not None and not 1 <= args.concurrency <= 1000:
        raise ValidationError("arguments", f"--concurrency {args.concurrency}: expected 1 to 1000")
    names = [("" if name == "-" else name) for name in split_list(args.sites or "")]
    chosen = sites(names) if names else ("",)
    require_procrastinate()
    setup_logging(settings.locations, settings.log_level)
    _log_to_stderr()
    if settings.log_level != "debug":  # procrastinate logs every job with its arguments
        logging.getLogger("procrastinate").setLevel(logging.WARNING)
    services = open_services(settings, Actor.system("collector"))
    print_warnings(services)
    try:
        Collector(services, chosen, args.concurrency or settings.workers).serve()
    finally:
        services.close()
    return 0
