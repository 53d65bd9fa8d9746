"""Settings and locations.

Locations come from platformdirs, or all sit under one folder when ``NETRAVEN_HOME`` is set.
Tunables come from ``config.toml`` and are overridden by ``NETRAVEN_<KEY>`` environment variables.
A bad value raises :class:`ConfigError` with one line naming the file (or variable), the key and
what was expected.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from netraven_tui.domain import ConfigError

APP_NAME = "netraven-tui"
ENV_PREFIX = "NETRAVEN_"


@dataclass(frozen=True, slots=True)
class Locations:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "netraven.db"

    @property
    def repo(self) -> Path:
        return self.data_dir / "configs.git"

    @property
    def secret_key(self) -> Path:
        return self.data_dir / "secret.key"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "netraven.log"

    def ensure(self) -> None:
        """Create the data, config and log folders, private (0700), and make what is in them so."""
        for folder in (self.data_dir, self.config_dir, self.log_dir):
            make_private_dir(folder)
        # The key file is checked by the key loader, which also warns if it was readable.
        for path in (self.config_file, self.log_file):
            make_private_file(path)


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_umask() -> int:
    """Make every file this process creates private (0600/0700), whatever the caller's umask.

    Git objects (GitPython and git itself) and SQLite's -wal/-shm files take their modes from the
    umask, so a chmod after the fact would leave a window; returns the previous umask.
    """
    return os.umask(0o077)


def make_private_dir(folder: Path) -> None:
    """``folder`` exists with mode 0700; a shared folder such as /tmp is refused, not changed."""
    try:
        folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        mode = folder.stat().st_mode
    except OSError as error:
        raise ConfigError(f"folder {folder} cannot be created: {error.strerror}") from None
    if mode & stat.S_ISVTX:
        raise ConfigError(
            f"folder {folder} is shared (sticky bit, like /tmp): give NetRaven a folder of its own"
        )
    if stat.S_IMODE(mode) & 0o077:
        _chmod(folder, PRIVATE_DIR_MODE)


def make_private_file(path: Path) -> None:
    """If ``path`` exists and others may read or write it, make it 0600."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and stat.S_IMODE(mode) & 0o077:
        _chmod(path, PRIVATE_FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as error:
        raise ConfigError(
            f"{path} is readable by others and cannot be made private: {error.strerror}"
        ) from None


def locations(env: Mapping[str, str] | None = None) -> Locations:
    """Where everything lives: ``NETRAVEN_HOME`` if set, else the platform's usual folders."""
    env = os.environ if env is None else env
    home = env.get("NETRAVEN_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return Locations(data_dir=root, config_dir=root, log_dir=root / "logs")
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return Locations(
        data_dir=Path(dirs.user_data_dir),
        config_dir=Path(dirs.user_config_dir),
        log_dir=Path(dirs.user_log_dir),
    )


@dataclass(frozen=True, slots=True)
class PlatformOverride:
    """A platform added or changed in config.toml (``[platforms.<device_type>]``).

    ``None`` means "not given": the value comes from the built-in platform named in
    ``inherit`` (or, for a built-in device type, from that platform itself). Checking that
    ``inherit`` names a built-in platform is ``platforms.registry``'s job: this module does
    not know the table.
    """

    source: str  # the file, for error messages
    inherit: str | None = None
    commands: tuple[str, ...] | None = None
    enable: bool | None = None
    end_marker: str | None = None


# Each tunable: (type, minimum, maximum, help). Min/max apply to numbers only.
_TUNABLES: dict[str, tuple[type, float | None, float | None, str]] = {
    "workers": (int, 1, 1000, "device tasks run at once by a job run"),
    "connect_timeout": (float, 1, 600, "seconds to open a device session"),
    "command_timeout": (float, 1, 3600, "seconds to wait for a command's output"),
    "attempts": (int, 1, 10, "tries per device for timeout/unreachable/disconnected errors"),
    "backoff_seconds": (float, 0, 600, "first wait between tries, doubled each time"),
    "backoff_max_seconds": (float, 0, 3600, "longest wait between tries"),
    "mask_secrets": (bool, None, None, "replace secret values in stored configs"),
    "reachability_timeout": (
        float,
        0.1,
        120,
        "seconds for the TCP connect of a reachability check",
    ),
    "lockout_attempts": (int, 1, 100, "failed logins before an account is locked"),
    "lockout_minutes": (int, 1, 10080, "how long a locked account stays locked"),
    "misfire_grace_seconds": (int, 1, 86400, "how late a scheduled run may still start"),
    "shutdown_grace_seconds": (int, 0, 3600, "how long running device tasks may finish on stop"),
    "retention_days": (int, 1, 36500, "age after which logs and run records are pruned"),
    "lease_seconds": (int, 5, 3600, "scheduler leader lease duration"),
    "busy_timeout_seconds": (
        float,
        0.01,
        3600,
        "how long one SQLite write waits for another writer's lock (runs retry past it)",
    ),
    "notify_timeout": (
        float,
        1,
        600,
        "seconds one notification attempt may take (exec hooks are killed)",
    ),
    "notify_attempts": (int, 1, 20, "tries per notification before it is reported failed"),
    "notify_backoff_seconds": (
        float,
        0,
        3600,
        "first wait between notification tries, doubled each time",
    ),
    "failing_alert_hours": (
        float,
        0,
        8760,
        "hours a device may fail before `failing_for` is sent (0: never)",
    ),
    "database_url": (
        str,
        None,
        None,
        "SQLAlchemy URL; empty means the SQLite file in the data folder",
    ),
    "log_level": (str, None, None, "debug, info, warning or error"),
    "serve_ssh": (str, None, None, "HOST:PORT the `serve` SSH console listens on"),
    "serve_web": (str, None, None, "HOST:PORT of the `serve` web door; empty: no web door"),
    "serve_max_sessions": (int, 1, 1000, "console and command sessions `serve` runs at once"),
    "serve_idle_minutes": (int, 1, 10080, "a `serve` session without a key press ends after this"),
    "processes": (
        int,
        1,
        256,
        "worker processes for a backup's captures (default: the number of cores; 1: none)",
    ),
    "collectors": (
        bool,
        None,
        None,
        "PostgreSQL only: device tasks go to the site collectors' queues",
    ),
    "collector_wait_seconds": (
        float,
        1,
        86400,
        "how long a site may have no live collector before its devices fail (no_collector)",
    ),
    "collector_stall_seconds": (
        float,
        2,
        3600,
        "a collector silent this long is dead: its tasks go to another collector of its site",
    ),
    "git_remote": (str, None, None, "URL the repository's main is pushed to after each commit"),
    "git_remote_key": (
        str,
        None,
        None,
        "SSH private key file for git_remote (https: NETRAVEN_GIT_USERNAME/_PASSWORD)",
    ),
    "host_key_policy": (
        str,
        None,
        None,
        "SSH host keys: tofu (pin the first, refuse a change), strict (only trusted keys), "
        "accept (any key, a warning each run)",
    ),
}

_LOG_LEVELS = ("debug", "info", "warning", "error")
_ADDRESSES = ("serve_ssh", "serve_web")  # HOST:PORT strings
_HOST_KEY_POLICIES = ("tofu", "strict", "accept")


@dataclass(frozen=True, slots=True)
class Settings:
    locations: Locations
    workers: int = 50
    connect_timeout: float = 10.0
    command_timeout: float = 60.0
    attempts: int = 3
    backoff_seconds: float = 1.0
    backoff_max_seconds: float = 30.0
    mask_secrets: bool = True
    reachability_timeout: float = 3.0
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    misfire_grace_seconds: int = 300
    shutdown_grace_seconds: int = 30
    retention_days: int = 90
    lease_seconds: int = 30
    busy_timeout_seconds: float = 30.0
    notify_timeout: float = 10.0
    notify_attempts: int = 3
    notify_backoff_seconds: float = 5.0
    failing_alert_hours: float = 24.0
    database_url: str = ""
    log_level: str = "info"
    serve_ssh: str = "127.0.0.1:2222"
    serve_web: str = ""
    serve_max_sessions: int = 20
    serve_idle_minutes: int = 60
    processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    collectors: bool = False
    collector_wait_seconds: float = 60.0
    collector_stall_seconds: float = 30.0
    git_remote: str = ""
    git_remote_key: str = ""
    host_key_policy: str = "tofu"
    platforms: Mapping[str, PlatformOverride] = field(default_factory=dict)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.locations.database}"

    @property
    def uses_collectors(self) -> bool:
        """Device tasks go to the site collectors (``collectors`` on a PostgreSQL database)."""
        return self.collectors and self.db_url.startswith("postgresql")

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read config.toml (if present) then the environment; raise ConfigError on a bad value."""
    env = os.environ if env is None else env
    locs = locations(env)
    values: dict[str, Any] = {}
    platforms: dict[str, PlatformOverride] = {}
    path = locs.config_file
    if path.is_file():
        raw = _read_toml(path)
        for key, value in raw.items():
            if key == "platforms":
                platforms = _parse_platforms(path, value)
                continue
            if key not in _TUNABLES:
                known = ", ".join(sorted([*_TUNABLES, "platforms"]))
                raise ConfigError(f"{path}: unknown key {key!r} (known keys: {known})")
            values[key] = _coerce(f"{path}: key {key!r}", key, value)
    for key in _TUNABLES:
        name = ENV_PREFIX + key.upper()
        if name in env:
            values[key] = _coerce(f"environment variable {name}", key, env[name])
    if values.get("log_level", "info") not in _LOG_LEVELS:
        raise ConfigError(
            f"log_level: expected one of {', '.join(_LOG_LEVELS)}, got {values['log_level']!r}"
        )
    if values.get("collectors") and not values.get("database_url", "").startswith("postgresql"):
        raise ConfigError(
            "collectors: true needs a PostgreSQL database_url (postgresql+psycopg://...); "
            "SQLite installs run device tasks in their own process"
        )
    if values.get("host_key_policy", "tofu") not in _HOST_KEY_POLICIES:
        raise ConfigError(
            f"host_key_policy: expected one of {', '.join(_HOST_KEY_POLICIES)}, "
            f"got {values['host_key_policy']!r}"
        )
    return Settings(locations=locs, platforms=platforms, **values)


def parse_host_port(text: str, where: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:2222`` for IPv6) as (host, port); ConfigError naming ``where``."""
    value = (text or "").strip()
    host, sep, port = value.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not sep or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ConfigError(
            f"{where}: expected HOST:PORT (e.g. 127.0.0.1:2222, [::1]:2222), got {value!r}"
        )
    return host, int(port)


def describe_tunables() -> list[tuple[str, str]]:
    """(key, help) for every tunable, for `locate` and the README."""
    return [(key, spec[3]) for key, spec in _TUNABLES.items()]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror}") from None


def _coerce(where: str, key: str, value: Any) -> Any:
    kind, low, high, _ = _TUNABLES[key]
    from_env = isinstance(value, str) and kind is not str
    if kind is bool:
        if isinstance(value, bool):
            return value
        if from_env and value.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if from_env and value.strip().lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        if key in _ADDRESSES and value.strip():
            parse_host_port(value, where)
        lowered = key in ("log_level", "host_key_policy")
        return value.strip().lower() if lowered else value.strip()
    try:
        if isinstance(value, bool):
            raise ValueError
        number = kind(value.strip()) if from_env else value
        if not isinstance(number, int | float) or (kind is int and not isinstance(number, int)):
            raise ValueError
        number = kind(number)
    except (TypeError, ValueError):
        noun = "an integer" if kind is int else "a number"
        raise ConfigError(
            f"{where}: expected {noun} from {_fmt(low)} to {_fmt(high)}, got {value!r}"
        ) from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise ConfigError(f"{where}: {number} is out of range {_fmt(low)} to {_fmt(high)}")
    return number


def _fmt(number: float | None) -> str:
    return str(int(number)) if number is not None and float(number).is_integer() else str(number)


def _parse_platforms(path: Path, table: Any) -> dict[str, PlatformOverride]:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: key 'platforms': expected a table of [platforms.<device_type>]")
    result: dict[str, PlatformOverride] = {}
    known = ("inherit", "commands", "enable", "end_marker")
    for name, spec in table.items():
        where = f"{path}: [platforms.{name}]"
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: expected a table with 'inherit' and 'commands'")
        unknown = set(spec) - set(known)
        if unknown:
            raise ConfigError(
                f"{where}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(known)})"
            )
        inherit = spec.get("inherit")
        if inherit is not None and (not isinstance(inherit, str) or not inherit.strip()):
            raise ConfigError(
                f"{where}: 'inherit': expected the name of a built-in platform, got {inherit!r}"
            )
        commands = spec.get("commands")
        if commands is not None and (
            not isinstance(commands, list)
            or not commands
            or not all(isinstance(c, str) and c.strip() for c in commands)
        ):
            raise ConfigError(f"{where}: 'commands': expected a non-empty list of command strings")
        enable = spec.get("enable")
        if enable is not None and not isinstance(enable, bool):
            raise ConfigError(f"{where}: 'enable': expected true or false, got {enable!r}")
        end_marker = spec.get("end_marker")
        if end_marker is not None and not isinstance(end_marker, str):
            raise ConfigError(f"{where}: 'end_marker': expected a string, got {end_marker!r}")
        result[name.strip().lower()] = PlatformOverride(
            source=str(path),
            inherit=inherit.strip().lower() if inherit is not None else None,
            commands=tuple(c.strip() for c in commands) if commands is not None else None,
            enable=enable,
            end_marker=end_marker,
        )
    return result
