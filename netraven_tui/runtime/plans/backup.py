"""The backup job kind: the per-device pipeline plus one git commit per run.

``finish`` makes the commit and hands it back with the versions it holds; the runner stores
them with the run's close, in one transaction. A process killed before the commit leaves
neither; one killed between the commit and the close leaves a commit the database does not
index (and an interrupted run). The index never points at a commit that is not there.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from netraven_tui.backup.gitstore import GitStore, GitStoreError, StagedConfig
from netraven_tui.backup.pipeline import BackupOptions, PreviousVersion, RetryPolicy, store_capture
from netraven_tui.backup.session import Route, SessionTimeouts
from netraven_tui.domain import (
    CredentialSecret,
    DeviceCapture,
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    JobKind,
    JobRun,
    LogKind,
    LogLevel,
    NewConfigVersion,
)
from netraven_tui.runtime.device_work import DeviceWork, perform
from netraven_tui.runtime.plans.base import PlanResult, RunPlan
from netraven_tui.runtime.routes import Routes
from netraven_tui.services import Services

MAX_NAMES_IN_MESSAGE = 20


def backup_options(services: Services) -> BackupOptions:
    """Timeouts, retries and masking from the settings."""
    settings = services.ctx.settings
    return BackupOptions(
        timeouts=SessionTimeouts(
            connect=settings.connect_timeout, command=settings.command_timeout
        ),
        retry=RetryPolicy(
            settings.attempts, settings.backoff_seconds, settings.backoff_max_seconds
        ),
        mask=settings.mask_secrets,
    )


class BackupPlan(RunPlan):
    def __init__(self, services: Services, store: GitStore, run: JobRun) -> None:
        self.services = services
        self.store = store
        self.run = run
        self.options = backup_options(services)
        self.previous = {
            device_id: PreviousVersion(version.path, version.sha256)
            for device_id, version in services.configs.latest().items()
        }
        self._staged: dict[int, StagedConfig] = {}
        self._lock = threading.Lock()
        self._logins: dict[int, list[CredentialSecret]] = {}
        self._storage_fault = ""  # the first repository refusal (disk full, read-only)
        self._routes: Routes | None = None

    def prepare(self, targets: list[DeviceTarget]) -> None:
        ids = [t.id for t in targets]
        self._logins = self.services.credentials.login_orders(ids)
        self._routes = Routes.load(self.services, ids)
        if self._routes.unchecked:
            self.services.logs.write(
                LogLevel.WARNING,
                LogKind.JOB,
                f"run {self.run.id}: host_key_policy = accept: SSH host keys are not checked, "
                "a device answering in another's place would be backed up under its name",
                job_id=self.run.job_id,
                run_id=self.run.id,
            )

    cpu_heavy = True

    def task(self, device: DeviceTarget, cancel: threading.Event) -> DeviceOutcome:
        work = self.work(device)
        if work is None:
            if device.platform not in self.services.ctx.platforms:
                message = f"platform {device.platform!r} is not configured"
                return DeviceOutcome.failed(
                    device, datetime.now(UTC), ErrorKind.INTERNAL, message, attempts=0
                )
            # the device's jump host setting is contradictory: say how, touch nothing
            reason = str(self.route(device))
            return DeviceOutcome.failed(
                device, datetime.now(UTC), ErrorKind.UNREACHABLE, reason, attempts=0
            )
        return self.accept(perform(work, self.credentials(device), cancel))

    def work(self, device: DeviceTarget) -> DeviceWork | None:
        """The device's capture as plain data; None when it can only fail (``task`` says why)."""
        spec = self.services.ctx.platforms.get(device.platform)
        route = self.route(device)
        if spec is None or isinstance(route, str):
            return None
        return DeviceWork(JobKind.BACKUP, device, spec, self.options, route=route)

    def route(self, device: DeviceTarget) -> Route | str:
        """Its host key check and jump host, or why it has no way in (conflicting jump hosts)."""
        routes = self._routes or Routes.load(self.services, [device.id])
        return routes.route(device)

    def credentials(self, device: DeviceTarget) -> list[CredentialSecret]:
        credentials = self._logins.get(device.id)
        if credentials is None:  # not prepared (a direct call): its own DB session
            credentials = self.services.credentials.login_order(device.id)
        return credentials

    def accept(self, capture: DeviceCapture) -> DeviceOutcome:
        """Compare the captured text with the device's last version; stage it if it changed."""
        device = capture.outcome.device
        try:
            outcome, staged = store_capture(capture, self.previous.get(device.id), self.store)
        except GitStoreError as error:  # the device's own result says it too (the executor)
            with self._lock:
                self._storage_fault = self._storage_fault or str(error)
            raise
        if staged is not None:
            with self._lock:
                self._staged[device.id] = staged
        return outcome

    def finish(self, run: JobRun, outcomes: list[DeviceOutcome]) -> PlanResult:
        """One commit with every changed device's file; the database is left to the runner."""
        changed = [o for o in outcomes if o.changed and o.device.id in self._staged]
        if not changed:
            return PlanResult(problem=self._storage_fault)
        names = sorted(o.device.hostname for o in changed)
        shown = ", ".join(names[:MAX_NAMES_IN_MESSAGE])
        more = (
            f" and {len(names) - MAX_NAMES_IN_MESSAGE} more"
            if len(names) > MAX_NAMES_IN_MESSAGE
            else ""
        )
        message = (
            f"{run.job_name}: run {run.id}, {len(names)} changed: {shown}{more}\n\n"
            f"job: {run.job_name}\nrun: {run.id}\ntrigger: {run.trigger} by {run.triggered_by}\n"
            f"changed: {' '.join(names)}\n"
        )
        commit = self.store.commit([self._staged[o.device.id] for o in changed], message)
        if commit is None:
            return PlanResult(problem=self._storage_fault)
        versions = tuple(NewConfigVersion.of(o, self._staged[o.device.id].path) for o in changed)
        return PlanResult(commit, versions)

    def after_close(self, run: JobRun) -> None:
        """Push ``main`` to ``git_remote`` after a run that committed (a failure is recorded and
        shown; the next commit's push sends everything)."""
        remote = self.services.ctx.settings.git_remote
        if not remote or not run.commit:
            return
        from netraven_tui.backup.git_remote import push_main

        pushed = push_main(self.store.path, remote, self.services.ctx.settings.git_remote_key)
        self.services.pushes.record(run.commit, pushed.ok, pushed.message, run.id)
