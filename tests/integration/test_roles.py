"""Roles are enforced by the services themselves, not only hidden in the console.

Every public method of every service on the ``Services`` facade is found by introspection, so a
new method is covered the day it is written: it must be put in exactly one of the reviewed lists
below, and a viewer, an operator and an admin call every one of them with dummy arguments. A
method that is not in READ_ONLY is expected to refuse a viewer, so a new method that changes
something cannot slip through as "read only" by being forgotten.

| who      | may                                                                          |
|----------|------------------------------------------------------------------------------|
| viewer   | read: inventory, tags, credentials without their secrets, jobs, runs, logs,   |
|          | configs, schedules, the lease; log in                                         |
| operator | + run jobs, edit devices, tags, credentials (as the console lets them) and jobs|
| admin    | + users (list, add, roles, passwords, unlock, activate) and pruning records   |
| system   | + the engine's own bookkeeping: start/record/close runs, record fires, mark    |
|          | runs interrupted, write log lines, decrypted credentials, the leader lease    |
"""

from __future__ import annotations

import inspect
import tempfile
import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import UnionType

import pytest

from netraven_tui.domain import (
    SYSTEM_JOB,
    Actor,
    AuthenticationFailed,
    CredentialInput,
    DeviceCapture,
    DeviceInput,
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    HostKeySeen,
    JobBusy,
    JobInput,
    LogKind,
    LogLevel,
    NotFound,
    PermissionDenied,
    Role,
    RunStatus,
    ValidationError,
)
from netraven_tui.runtime.runner import JobRunner
from netraven_tui.services import Services
from netraven_tui.services.compliance_results import EvaluationPlan
from netraven_tui.services.context import ServiceContext

# Reviewed: none of these changes anything or reveals a secret (credentials.get/list hand out
# Credential, which has no password field).
READ_ONLY = {
    "collectors.has_result",
    "collectors.list",
    "collectors.live_sites",
    "collectors.run_is_running",
    "pushes.last",
    "compliance.export",  # reading the policies, written out (audited)
    "compliance.export_text",
    "compliance.get",
    "compliance.history",
    "compliance.list",
    "compliance.plan",
    "compliance.result",
    "compliance.results",
    "compliance.summaries",
    "configs.counts",
    "configs.history",
    "configs.latest",
    "configs.overview",
    "configs.recent",
    "credentials.get",
    "credentials.list",
    "devices.count",
    "devices.export_csv",  # reading the inventory, written to a file (audited)
    "devices.get",
    "devices.hostnames",
    "devices.list",
    "devices.listing",
    "devices.stamp",
    "devices.backup_counts",
    "devices.validate",
    "hostkeys.get",  # public keys only
    "hostkeys.jump_pins",
    "hostkeys.pins",
    "jumps.routes",  # names the jump hosts' credentials, never their secrets
    "jobs.get",
    "jobs.list",
    "jobs.subscribe",  # an in-process listener told of changes; it changes nothing itself
    "leases.read",
    "logs.after",
    "logs.newest_id",
    "logs.recent",
    "runs.failing_since",
    "runs.get",
    "runs.last_per_job",
    "runs.last_result",
    "runs.list",
    "runs.results",
    "runs.targets",
    "schedules.last_fires",
    "schedules.load",
    "schedules.versions",
    "tags.get",
    "tags.list",
    "users.count",
}
# Writes (failed-login counters, the audit line) but is how anyone becomes an actor at all.
OPEN_TO_ALL = {
    "users.authenticate",
    # the SSH server's key login: checks a key as authenticate checks a password
    "user_keys.login",
    "user_keys.refusal",
}
OPERATOR = {
    "compliance.record",  # a check on demand stores its results
    "credentials.create",
    "credentials.delete",
    "credentials.update",
    "devices.create",
    "devices.delete",
    "devices.import_csv",
    "devices.import_rows",
    "devices.update",
    "hostkeys.trust",
    "hostkeys.trust_jump",
    "jumps.set_for_device",
    "jumps.set_for_tag",
    "jobs.create",
    "jobs.delete",
    "jobs.set_enabled",
    "jobs.update",
    "runs.create",
    "runs.create_for_devices",  # an ad-hoc backup of chosen devices is running a job
    "tags.create",
    "tags.delete",
    "tags.update",
}
ADMIN = {
    # a user's own SSH keys are theirs to manage; another user's (as here) only an admin's
    "user_keys.add",
    "user_keys.list",
    "user_keys.remove",
    "compliance.delete",
    "compliance.import_text",
    "runs.prune",
    "users.create",
    "users.delete",
    "users.get",
    "users.list",
    "users.reset_password",
    "users.set_active",
    "users.set_role",
    "users.unlock",
}
SYSTEM = {
    "collectors.drop_results",
    "collectors.heartbeat",
    "collectors.put_result",
    "collectors.register",
    "collectors.take_results",
    "collectors.unregister",
    "pushes.record",
    "credentials.login_order",
    "credentials.login_orders",
    "credentials.secrets_by_name",  # the jump hosts' credentials, decrypted for a run
    "leases.acquire",
    "leases.release",
    "logs.write",
    "runs.close",
    "runs.mark_interrupted",
    "runs.record",
    "runs.record_missed_fires",
    "runs.record_skipped_fire",
    "runs.start",
    "users.record_automatic_login",  # the demo's console opens logged in
}
DENIED = {
    Role.VIEWER: OPERATOR | ADMIN | SYSTEM,
    Role.OPERATOR: ADMIN | SYSTEM,
    Role.ADMIN: SYSTEM,
}
# What a permitted call may answer to dummy arguments (a made-up id, an empty batch).
EXPECTED_REFUSALS = (NotFound, ValidationError, AuthenticationFailed, JobBusy)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DUMMIES: dict[object, object] = {
    int: 987_654,
    str: "no-such-thing",
    bool: True,
    bytes: b"not-a-key",
    float: 1.0,
    datetime: NOW,
    Role: Role.VIEWER,
    LogLevel: LogLevel.INFO,
    LogKind: LogKind.SYSTEM,
    RunStatus: RunStatus.SUCCESS,
    DeviceInput: DeviceInput("dummy-1", "10.9.9.9", "cisco_ios"),
    CredentialInput: CredentialInput("dummy", "user", "a-password"),
    JobInput: JobInput("dummy", tags=("all",)),
    Path: Path(tempfile.mkdtemp(prefix="netraven-roles-")) / "export.csv",
    EvaluationPlan: EvaluationPlan((), frozenset({987_654}), None),
    HostKeySeen: HostKeySeen("ssh-ed25519", "SHA256:dummy", "AAAA"),
    DeviceCapture: DeviceCapture(
        DeviceOutcome.failed(
            DeviceTarget(987_654, "dummy-1", "127.0.0.1", 22, "cisco_ios"),
            NOW,
            ErrorKind.TIMEOUT,
            "no answer",
        )
    ),
}


def service_methods(services: Services) -> dict[str, Callable[..., object]]:
    """``"service.method"`` -> bound method, for every public method of every facade service."""
    found = {}
    for attribute, service in vars(services).items():
        if not isinstance(getattr(service, "ctx", None), ServiceContext):
            continue
        for name, _ in inspect.getmembers(type(service), inspect.isfunction):
            if not name.startswith("_"):
                found[f"{attribute}.{name}"] = getattr(service, name)
    return found


def dummy_arguments(method: Callable[..., object]) -> dict[str, object]:
    """A value for every required parameter, chosen by its type hint."""
    hints = typing.get_type_hints(method)
    arguments = {}
    for name, parameter in inspect.signature(method).parameters.items():
        if parameter.default is not inspect.Parameter.empty or parameter.kind in (
            inspect.Parameter.VAR_KEYWORD,
            inspect.Parameter.VAR_POSITIONAL,
        ):
            continue
        arguments[name] = _dummy(hints[name], f"{method.__qualname__}({name})")
    return arguments


def _dummy(hint: object, where: str) -> object:
    if hint in DUMMIES:
        return DUMMIES[hint]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        return _dummy(typing.get_args(hint)[0], where)
    if origin in (Sequence, Iterable, list, tuple, set):
        return []
    if origin is Callable:
        return lambda *args, **kwargs: False
    raise AssertionError(f"no dummy argument for {where}: {hint!r}; add one to DUMMIES")


def call_as(services: Services, role: Role) -> dict[str, BaseException | None]:
    """Call every service method as a user with ``role``; what each one raised (None: nothing)."""
    acting = services.as_actor(Actor(f"a-{role}", role))
    outcome: dict[str, BaseException | None] = {}
    for name, method in service_methods(acting).items():
        try:
            method(**dummy_arguments(method))
        except (PermissionDenied, *EXPECTED_REFUSALS) as error:
            outcome[name] = error
        else:
            outcome[name] = None
    return outcome


def test_every_service_method_is_classified_once(services: Services) -> None:
    lists = [READ_ONLY, OPEN_TO_ALL, OPERATOR, ADMIN, SYSTEM]
    assert sum(len(names) for names in lists) == len(set().union(*lists)), "listed twice"
    found = set(service_methods(services))
    unlisted = found - set().union(*lists)
    assert not unlisted, f"classify these new service methods: {sorted(unlisted)}"
    assert not set().union(*lists) - found, "listed but gone"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.OPERATOR, Role.ADMIN])
def test_each_role_is_refused_exactly_what_it_may_not_do(services: Services, role: Role) -> None:
    outcome = call_as(services, role)

    refused = {name for name, error in outcome.items() if isinstance(error, PermissionDenied)}
    assert refused == DENIED[role] & set(outcome)
    for name in refused:
        assert str(role) in str(outcome[name]) and "\n" not in str(outcome[name])


def test_a_viewer_changes_nothing_and_reads_no_secret(services: Services) -> None:
    services.tags.create("core")
    services.devices.create(DeviceInput("r1", "10.0.0.1", "cisco_ios", tags=("core",)))
    services.credentials.create(CredentialInput("netops", "backup", "s3cret-Pw", tags=("core",)))
    device = services.devices.get("r1")
    viewer = services.as_actor(Actor("vera", Role.VIEWER))
    job = services.jobs.get(SYSTEM_JOB)
    before = services.logs.newest_id()

    with pytest.raises(PermissionDenied):
        viewer.credentials.login_orders([device.id])
    with pytest.raises(PermissionDenied):
        viewer.logs.write(LogLevel.INFO, LogKind.AUDIT, "user ada deleted")  # a forged line
    with pytest.raises(PermissionDenied):
        viewer.runs.prune(0)
    with pytest.raises(PermissionDenied):
        JobRunner(viewer).run(SYSTEM_JOB)
    with pytest.raises(PermissionDenied):
        JobRunner(services).start(job.id, actor=Actor("vera", Role.VIEWER))

    assert services.runs.list() == [] and services.logs.newest_id() == before
    assert "s3cret-Pw" not in repr(viewer.credentials.list())


def test_an_operator_runs_a_job_while_the_engine_keeps_its_own_rights(services: Services) -> None:
    # `job run` under an operator's name (the SSH server's exec): the run is the operator's, the
    # bookkeeping (start, results, close) the program's.
    operator = services.as_actor(Actor("otto", Role.OPERATOR))

    run = JobRunner(operator).run(SYSTEM_JOB)

    assert run.status is RunStatus.NO_DEVICES and run.triggered_by == "otto"
    with pytest.raises(PermissionDenied):
        operator.runs.close(run.id)
