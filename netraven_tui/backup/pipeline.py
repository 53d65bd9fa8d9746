"""The per-device backup pipeline: credentials in order, retries, clean, mask, compare, stage.

Two halves: ``capture_device`` talks to the device and returns the cleaned, masked text (it
runs wherever the device is reached: a thread, a worker process, a site's collector), and
``store_capture`` compares it with the last version and stages the blob (the run's owner).
No database here: the caller hands in the credentials to try and the previous version.
"""

from __future__ import annotations

import difflib
import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from netraven_tui.backup.gitstore import GitStore, StagedConfig, config_path
from netraven_tui.backup.jump import RouteError
from netraven_tui.backup.masking import mask_secrets
from netraven_tui.backup.noise import strip_noise
from netraven_tui.backup.session import DIRECT, Capture, Route, SessionTimeouts, open_session
from netraven_tui.domain import (
    CredentialSecret,
    DeviceCapture,
    DeviceError,
    DeviceOutcome,
    DeviceTarget,
    ErrorKind,
    HostKeySeen,
    ResultStatus,
)
from netraven_tui.platforms import PlatformSpec

RETRYABLE = (ErrorKind.TIMEOUT, ErrorKind.UNREACHABLE, ErrorKind.DISCONNECTED)


class CancelFlag(Protocol):
    """A threading.Event or a multiprocessing one: set when the run is cancelled."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


Capturer = Callable[[DeviceTarget, PlatformSpec, CredentialSecret, SessionTimeouts, Route], Capture]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    backoff_seconds: float = 1.0
    backoff_max_seconds: float = 30.0

    def delay(self, attempt: int) -> float:
        """Wait before try ``attempt + 1`` (exponential, capped)."""
        return min(self.backoff_max_seconds, self.backoff_seconds * (2 ** (attempt - 1)))


@dataclass(frozen=True, slots=True)
class PreviousVersion:
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class BackupOptions:
    timeouts: SessionTimeouts
    retry: RetryPolicy
    mask: bool = True


def capture_config(
    device: DeviceTarget,
    spec: PlatformSpec,
    credential: CredentialSecret,
    timeouts: SessionTimeouts,
    route: Route = DIRECT,
) -> Capture:
    """Run the platform's commands on ``device`` with ``credential``; raise DeviceError by kind."""
    with open_session(device, spec, credential, timeouts, route) as session:
        return session.capture()


def backup_device(
    device: DeviceTarget,
    spec: PlatformSpec,
    credentials: Sequence[CredentialSecret],
    previous: PreviousVersion | None,
    store: GitStore,
    options: BackupOptions,
    cancel: threading.Event,
    capture: Capturer = capture_config,
    route: Route = DIRECT,
) -> tuple[DeviceOutcome, StagedConfig | None]:
    """Back up one device. Never raises for device problems: they become a failed outcome."""
    captured = capture_device(device, spec, credentials, options, cancel, capture, route)
    return store_capture(captured, previous, store)


def capture_device(
    device: DeviceTarget,
    spec: PlatformSpec,
    credentials: Sequence[CredentialSecret],
    options: BackupOptions,
    cancel: CancelFlag,
    capture: Capturer = capture_config,
    route: Route = DIRECT,
) -> DeviceCapture:
    """The half of a backup that talks to the device: log in (credentials in order, retries),
    capture, strip noise, mask. No repository and no database: it runs in the run's process,
    in a worker process or on a site's collector alike. Device problems become a failed outcome.

    An ``auth`` failure moves on to the next credential, unless it is the jump host's (another
    device credential would not help); ``hostkey`` and ``protocol`` end the device at once.
    """
    started = datetime.now(UTC)
    attempts = 0
    failed_ids: list[int] = []
    if not credentials:
        return DeviceCapture(
            DeviceOutcome.failed(
                device,
                started,
                ErrorKind.AUTH,
                "no credential shares a tag with this device",
                attempts=0,
            )
        )
    last_error: DeviceError | None = None
    met = _KeysMet(route)
    for credential in credentials:
        try_number = 0
        while True:
            try_number += 1
            attempts += 1
            try:
                result = capture(device, spec, credential, options.timeouts, route)
            except DeviceError as error:
                last_error = error
                met.add(error)
                final = isinstance(error, RouteError) and error.final
                if error.kind is ErrorKind.AUTH and not isinstance(error, RouteError):
                    failed_ids.append(credential.id)
                    break  # next credential; an auth failure is not retried
                if (
                    error.kind in RETRYABLE
                    and not final
                    and try_number < options.retry.attempts
                    and not cancel.is_set()
                ):
                    cancel.wait(options.retry.delay(try_number))
                    continue
                return DeviceCapture(
                    met.on(
                        DeviceOutcome.failed(
                            device,
                            started,
                            error.kind,
                            str(error),
                            attempts=attempts,
                            failed_credential_ids=tuple(failed_ids),
                        )
                    )
                )
            outcome = DeviceOutcome(
                device=device,
                status=ResultStatus.SUCCESS,
                started_at=started,
                finished_at=datetime.now(UTC),
                credential_id=credential.id,
                credential_name=credential.name,
                failed_credential_ids=tuple(failed_ids),
                attempts=attempts,
                host_key=result.host_key,
                jump_key=result.jump_key if route.jump is not None else None,
                jump_endpoint=route.jump.route.endpoint if route.jump is not None else "",
            )
            return DeviceCapture(outcome, clean_config(spec, result.text, options.mask))
    assert last_error is not None
    names = ", ".join(c.name for c in credentials)
    message = f"every credential was rejected ({names}); last: {last_error}"
    return DeviceCapture(
        met.on(
            DeviceOutcome.failed(
                device,
                started,
                ErrorKind.AUTH,
                message,
                attempts=attempts,
                failed_credential_ids=tuple(failed_ids),
            )
        )
    )


class _KeysMet:
    """The host keys a failing device's attempts met and accepted (device's, jump host's):
    a failed outcome carries them so that trust on first use pins the first key seen."""

    def __init__(self, route: Route) -> None:
        self.route = route
        self.host_key: HostKeySeen | None = None
        self.jump_key: HostKeySeen | None = None

    def add(self, error: DeviceError) -> None:
        self.host_key = self.host_key or error.host_key
        self.jump_key = self.jump_key or error.jump_key

    def on(self, outcome: DeviceOutcome) -> DeviceOutcome:
        jump = self.route.jump
        if self.host_key is None and (self.jump_key is None or jump is None):
            return outcome
        return replace(
            outcome,
            host_key=self.host_key,
            jump_key=self.jump_key if jump is not None else None,
            jump_endpoint=jump.route.endpoint if jump is not None else "",
        )


def clean_config(spec: PlatformSpec, text: str, mask: bool) -> str:
    """What goes into git: noise stripped, secrets masked (unless masking is off)."""
    cleaned = strip_noise(spec, text)
    return mask_secrets(spec, cleaned) if mask else cleaned


def store_capture(
    captured: DeviceCapture, previous: PreviousVersion | None, store: GitStore
) -> tuple[DeviceOutcome, StagedConfig | None]:
    """The half of a backup that the run's owner does: compare the captured text with the
    device's last version and, if it changed, store it as a blob for the run's commit."""
    outcome, text = captured.outcome, captured.text
    if outcome.status is not ResultStatus.SUCCESS or text is None:
        return outcome, None
    data = text.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    path = config_path(outcome.device.hostname)
    renamed = previous is not None and previous.path != path
    changed = previous is None or previous.sha256 != sha or renamed
    staged = None
    added = removed = 0
    if changed:
        old_text = store.read(previous.path) if previous is not None else None
        added, removed = _line_changes(old_text or "", text)
        staged = store.stage(path, text, previous.path if renamed else None)
    stored = replace(
        outcome,
        changed=changed,
        sha256=sha,
        size=len(data),
        lines=text.count("\n"),
        lines_added=added,
        lines_removed=removed,
    )
    return stored, staged


def _line_changes(old: str, new: str) -> tuple[int, int]:
    """Lines added and removed, as a unified diff of the two texts counts them.

    The common head and tail are cut off before difflib sees the rest (a changed config
    differs in a few lines; difflib over 3,000 lines costs about a millisecond), and a first
    version is all added lines without asking difflib at all.
    """
    a, b = old.splitlines(), new.splitlines()
    if not a or not b:
        return len(b), len(a)
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    if not a or not b:
        return len(b), len(a)
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag != "equal":
            added += j2 - j1
            removed += i2 - i1
    return added, removed
