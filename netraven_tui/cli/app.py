"""`netraven-tui` (the console), `locate`, `db upgrade` and `demo`."""

from __future__ import annotations

from netraven_tui.cli.common import open_cli_services


def cmd_tui(args) -> int:
    if getattr(args, "served", False):
        from netraven_tui.cli.served import run_served_console

        return run_served_console(args)
    from netraven_tui.cli.common import print_warnings
    from netraven_tui.config import load_settings
    from netraven_tui.logs import setup_logging
    from netraven_tui.runtime.console import start_console_runtime
    from netraven_tui.services import open_services
    from netraven_tui.tui.app import run_app

    settings = load_settings()
    setup_logging(settings.locations, settings.log_level)
    services = open_services(settings)
    print_warnings(services)
    runtime = start_console_runtime(services, scheduler=not getattr(args, "no_lease", False))
    try:
        return run_app(services, username=getattr(args, "user", None), runtime=runtime)
    finally:
        runtime.stop()


def cmd_locate(_args) -> int:
    from netraven_tui.config import load_settings

    settings = load_settings()
    loc = settings.locations
    rows = [
        ("data folder", loc.data_dir),
        ("database", settings.database_url or loc.database),
        ("git repository", loc.repo),
        ("secret key", loc.secret_key),
        (
            "config file",
            f"{loc.config_file}{'' if loc.config_file.exists() else ' (not present: defaults)'}",
        ),
        ("log file", loc.log_file),
        ("ssh host key", _host_key_line(loc)),
        ("demo folder", _demo_line(loc)),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    return 0


def cmd_db_upgrade(_args) -> int:
    from netraven_tui.db.migrate import current_revision

    services = open_cli_services()
    print(f"database at revision {current_revision(services.ctx.engine)} (latest)")
    return 0


def cmd_demo(args) -> int:
    from netraven_tui.demo import run_demo

    return run_demo(home=args.home, devices=args.devices)


def _host_key_line(locations) -> str:
    from netraven_tui.serve.host_key import host_key_fingerprint, host_key_path

    fingerprint = host_key_fingerprint(locations)
    path = host_key_path(locations)
    return f"{path} ({fingerprint})" if fingerprint else f"{path} (made by the first `serve`)"


def _demo_line(locations) -> str:
    from netraven_tui.demo import demo_home

    folder = demo_home(None)
    if folder == locations.data_dir.resolve():
        return f"{folder} (the data folder itself: NETRAVEN_HOME is set)"
    return f"{folder} (made by `netraven-tui demo`)"
