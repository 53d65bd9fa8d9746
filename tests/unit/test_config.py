"""Settings: defaults, config.toml, environment overrides, and one-line errors for bad values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netraven_tui.backup.masking import mask_secrets
from netraven_tui.config import load_settings, locations
from netraven_tui.domain import ConfigError
from netraven_tui.platforms import BUILTIN_PLATFORMS, RuleFamily, registry


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
        '[platforms.cisco_s300]\ninherit = "cisco_ios"\n'
        'commands = ["show running-config"]\nenable = false\n',
    )
    settings = load_settings(env)
    table = registry(settings.platforms)
    assert table["cisco_ios"].commands == ("show running-config all",)
    # An override of a built-in platform inherits that platform: end marker, enable, family.
    assert table["cisco_ios"].end_marker == r"^end$"
    assert table["cisco_ios"].needs_enable is True
    assert table["cisco_ios"].family is RuleFamily.IOS
    edge = table["cisco_s300"]
    assert edge.family is RuleFamily.IOS and edge.prompt == table["cisco_ios"].prompt
    assert edge.needs_enable is False and edge.end_marker == r"^end$"
    assert edge.label == "cisco_s300"
    # Where each row came from: `platform list` prints it.
    assert (edge.origin, edge.inherits) == (str(home / "config.toml"), "cisco_ios")
    assert (table["cisco_ios"].origin, table["cisco_ios"].inherits) == (edge.origin, "cisco_ios")
    assert (table["arista_eos"].origin, table["arista_eos"].inherits) == ("built-in", None)


def test_inherited_platform_takes_the_family_and_the_defaults(
    home: Path, env: dict[str, str]
) -> None:
    write_config(home, '[platforms.juniper_junos_telnet]\ninherit = "Juniper_Junos"\n')
    spec = registry(load_settings(env).platforms)["juniper_junos_telnet"]
    junos = BUILTIN_PLATFORMS["juniper_junos"]
    assert spec.family is RuleFamily.JUNOS
    assert (spec.commands, spec.end_marker, spec.needs_enable) == (
        junos.commands,
        junos.end_marker,
        junos.needs_enable,
    )
    # ... so it masks with the Junos rules, not the IOS ones
    line = 'set system tacplus-server 10.0.0.12 secret "$9$abc"'
    assert mask_secrets(spec, line) == "set system tacplus-server 10.0.0.12 secret <removed>"


def test_new_platform_without_inherit_is_one_line_naming_file_platform_and_key(
    home: Path, env: dict[str, str]
) -> None:
    path = write_config(home, '[platforms.acme_os]\ncommands = ["show config"]\n')
    settings = load_settings(env)
    with pytest.raises(ConfigError) as caught:
        registry(settings.platforms)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: [platforms.acme_os]: 'inherit' is required")
    assert "cisco_ios" in message and "juniper_junos" in message  # the choices


def test_unknown_inherit_is_rejected(home: Path, env: dict[str, str]) -> None:
    path = write_config(home, '[platforms.acme_os]\ninherit = "acme"\n')
    settings = load_settings(env)
    with pytest.raises(
        ConfigError,
        match=rf"^{re.escape(str(path))}: \[platforms.acme_os\]: 'inherit' = 'acme' is not a "
        r"built-in platform \(one of: .*cisco_ios",
    ):
        registry(settings.platforms)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("inherit = 3", r"\[platforms.foo\]: 'inherit': expected the name of a built-in platform"),
        ('inherit = "cisco_ios"\ncommands = []', r"'commands': expected a non-empty list"),
        ('inherit = "cisco_ios"\nenable = "yes"', r"'enable': expected true or false"),
        ('inherit = "cisco_ios"\nfamily = "ios"', r"unknown key 'family' \(known: inherit,"),
    ],
)
def test_bad_platform_rows_are_one_line(
    home: Path, env: dict[str, str], row: str, expected: str
) -> None:
    write_config(home, f"[platforms.foo]\n{row}\n")
    with pytest.raises(ConfigError, match=expected):
        load_settings(env)
