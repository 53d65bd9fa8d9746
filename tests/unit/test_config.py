"""Settings: defaults, config.toml, environment overrides, and one-line errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from netraven_tui.config import load_settings, locations
from netraven_tui.domain import ConfigError


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text)
    return path


def test_netraven_home_puts_everything_in_one_folder(home: Path) -> None:
    loc = locations({"NETRAVEN_HOME": str(home)})
    for path in (loc.database, loc.repo, loc.secret_key, loc.config_file, loc.log_file):
        assert path.is_relative_to(home.resolve())


def test_without_home_platform_folders_are_used() -> None:
    loc = locations({})
    assert "netraven-tui" in str(loc.data_dir)
    assert loc.database.name == "netraven.db"


def test_defaults_without_a_config_file(env: dict[str, str]) -> None:
    settings = load_settings(env)
    assert settings.workers == 50
    assert settings.mask_secrets is True
    assert settings.db_url.startswith("sqlite:///") and settings.db_url.endswith("netraven.db")


def test_config_file_values_and_environment_override(home: Path, env: dict[str, str]) -> None:
    write_config(home, "workers = 20\nconnect_timeout = 5.5\nmask_secrets = false\n")
    settings = load_settings({**env, "NETRAVEN_WORKERS": "80"})
    assert settings.workers == 80
    assert settings.connect_timeout == 5.5
    assert settings.mask_secrets is False


def test_bad_value_names_file_key_and_expectation(home: Path, env: dict[str, str]) -> None:
    path = write_config(home, 'workers = "fifty"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    message = str(caught.value)
    assert (
        str(path) in message
        and "'workers'" in message
        and "expected an integer from 1 to 1000" in message
    )
    assert "\n" not in message


def test_out_of_range_value(home: Path, env: dict[str, str]) -> None:
    write_config(home, "workers = 0\n")
    with pytest.raises(ConfigError, match="0 is out of range 1 to 1000"):
        load_settings(env)


def test_bad_environment_variable_is_named(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="NETRAVEN_MASK_SECRETS: expected true or false"):
        load_settings({**env, "NETRAVEN_MASK_SECRETS": "maybe"})


def test_unknown_key_lists_known_keys(home: Path, env: dict[str, str]) -> None:
    write_config(home, "worker = 3\n")
    with pytest.raises(ConfigError, match="unknown key 'worker'.*workers"):
        load_settings(env)


def test_invalid_toml_syntax(home: Path, env: dict[str, str]) -> None:
    path = write_config(home, "workers = \n")
    with pytest.raises(ConfigError, match=f"{path}: not valid TOML"):
        load_settings(env)


def test_platform_overrides(home: Path, env: dict[str, str]) -> None:
    write_config(
        home,
        '[platforms.cisco_ios]\ncommands = ["show running-config all"]\n'
        '[platforms.ubiquiti_edgeswitch]\ncommands = ["show running-config"]\nenable = true\n',
    )
    settings = load_settings(env)
    from netraven_tui.platforms import registry

    table = registry(settings.platforms)
    assert table["cisco_ios"].commands == ("show running-config all",)
    assert table["cisco_ios"].end_marker == r"^end$"  # kept from the built-in entry
    assert table["ubiquiti_edgeswitch"].needs_enable is True


def test_platform_without_commands_is_rejected(home: Path, env: dict[str, str]) -> None:
    write_config(home, "[platforms.foo]\nenable = true\n")
    with pytest.raises(ConfigError, match=r"platforms.foo'.commands: expected a non-empty list"):
        load_settings(env)
