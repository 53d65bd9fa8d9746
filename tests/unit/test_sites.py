"""Sites and the device work sent to collectors: names, settings, and the task payload's form."""

from __future__ import annotations

import json
import os
import pickle
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netraven_tui.backup.pipeline import BackupOptions, RetryPolicy
from netraven_tui.backup.session import SessionTimeouts
from netraven_tui.config import load_settings
from netraven_tui.domain import (
    ConfigError,
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    JobKind,
    ResultStatus,
    ValidationError,
)
from netraven_tui.platforms import BUILTIN_PLATFORMS
from netraven_tui.runtime.device_work import DeviceWork
from netraven_tui.services.collectors import outcome_from_json, outcome_to_json
from netraven_tui.services.task_queue import libpq_url, queue_for, site_of
from netraven_tui.services.validation import site, sites


def test_site_names_are_short_lower_case_queue_names() -> None:
    assert site(" Paris-1 ") == "paris-1" and site("") == "" and site(None) == ""
    for bad in ("a b", "-x", "x" * 33, "ümlaut", "a/b"):
        with pytest.raises(ValidationError) as caught:
            site(bad)
        assert caught.value.field == "site" and "up to 32" in str(caught.value)
    assert sites(["b", "a", "B", ""]) == ("b", "a", "")
    assert queue_for("paris") == "site-paris" and queue_for("") == "default"
    assert site_of("site-paris") == "paris" and site_of("default") == ""


def test_collectors_need_postgresql(tmp_path: Path) -> None:
    env = {"NETRAVEN_HOME": str(tmp_path), "NETRAVEN_COLLECTORS": "true"}
    with pytest.raises(ConfigError, match="needs a PostgreSQL database_url"):
        load_settings(env)
    url = "postgresql+psycopg://nr:pw@127.0.0.1:5432/netraven"
    settings = load_settings({**env, "NETRAVEN_DATABASE_URL": url})
    assert settings.uses_collectors and settings.collector_wait_seconds == 60
    assert libpq_url(url) == "postgresql://nr:pw@127.0.0.1:5432/netraven"
    with pytest.raises(ConfigError):
        libpq_url("sqlite:///x.db")


def test_processes_default_to_the_cores_and_are_bounded(tmp_path: Path) -> None:
    env = {"NETRAVEN_HOME": str(tmp_path)}
    assert load_settings(env).processes == (os.cpu_count() or 1)
    assert load_settings({**env, "NETRAVEN_PROCESSES": "1"}).processes == 1
    with pytest.raises(ConfigError, match="NETRAVEN_PROCESSES"):
        load_settings({**env, "NETRAVEN_PROCESSES": "0"})


def test_device_work_survives_json_and_pickle_without_secrets() -> None:
    device = DeviceTarget(7, "r7", "127.0.0.1", 2222, "cisco_ios", "paris")
    options = BackupOptions(SessionTimeouts(5, 30), RetryPolicy(2, 0.5, 4), mask=True)
    work = DeviceWork(JobKind.BACKUP, device, BUILTIN_PLATFORMS["cisco_ios"], options)
    data = json.loads(json.dumps(work.to_json()))
    assert DeviceWork.from_json(data) == work
    assert pickle.loads(pickle.dumps(work)) == work
    assert "password" not in json.dumps(data) and work.needs_credentials
    reach = DeviceWork(JobKind.REACHABILITY, device, reach_timeout=1.5)
    assert DeviceWork.from_json(reach.to_json()) == reach and not reach.needs_credentials


def test_outcomes_round_trip_through_json() -> None:
    device = DeviceTarget(3, "r3", "10.0.0.3", 22, "arista_eos", "")
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    outcome = DeviceOutcome(
        device,
        ResultStatus.FAILED,
        now,
        now,
        error_kind=ErrorKind.NO_COLLECTOR,
        message="no live collector",
        failed_credential_ids=(1, 2),
        attempts=0,
    )
    assert outcome_from_json(json.loads(json.dumps(outcome_to_json(outcome)))) == outcome
