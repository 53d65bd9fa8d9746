"""One device's work as plain data, to be done somewhere else than the run's own thread.

A :class:`DeviceWork` holds everything a device task needs except the credentials: the
device, its platform row, the backup options. It is picklable (worker processes) and has a
JSON form (a collector's task arguments, stored in PostgreSQL: so never a secret in it).
:func:`perform` does the work and returns a :class:`DeviceCapture`: for a backup the cleaned,
masked text, for reachability the finished outcome. The run's owner then accepts it
(``RunPlan.accept``): compare, stage the blob, record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netraven_tui.backup.pipeline import BackupOptions, CancelFlag, RetryPolicy, capture_device
from netraven_tui.backup.reachability import probe
from netraven_tui.backup.session import DIRECT, Route, SessionTimeouts
from netraven_tui.domain import CredentialSecret, DeviceCapture, DeviceTarget, JobKind
from netraven_tui.platforms import PlatformSpec, RuleFamily


@dataclass(frozen=True, slots=True)
class DeviceWork:
    kind: JobKind
    device: DeviceTarget
    spec: PlatformSpec | None = None  # backup
    options: BackupOptions | None = None  # backup
    reach_timeout: float = 3.0  # reachability
    # Host key check and jump host (backup). Not in the JSON form: it holds the jump host's
    # credential, so a collector loads the device's route from the database itself.
    route: Route = DIRECT

    @property
    def needs_credentials(self) -> bool:
        return self.kind is JobKind.BACKUP

    def to_json(self) -> dict[str, Any]:
        d = self.device
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "device": [d.id, d.hostname, d.address, d.port, d.platform, d.site],
            "reach_timeout": self.reach_timeout,
        }
        if self.spec is not None:
            s = self.spec
            data["spec"] = {
                "device_type": s.device_type,
                "label": s.label,
                "commands": list(s.commands),
                "needs_enable": s.needs_enable,
                "end_marker": s.end_marker,
                "family": s.family.value,
                "prompt": s.prompt,
            }
        if self.options is not None:
            o = self.options
            data["options"] = {
                "connect": o.timeouts.connect,
                "command": o.timeouts.command,
                "attempts": o.retry.attempts,
                "backoff": o.retry.backoff_seconds,
                "backoff_max": o.retry.backoff_max_seconds,
                "mask": o.mask,
            }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeviceWork:
        spec = options = None
        if "spec" in data:
            s = data["spec"]
            spec = PlatformSpec(
                s["device_type"],
                s["label"],
                tuple(s["commands"]),
                s["needs_enable"],
                s["end_marker"],
                family=RuleFamily(s["family"]),
                prompt=s["prompt"],
            )
        if "options" in data:
            o = data["options"]
            options = BackupOptions(
                SessionTimeouts(o["connect"], o["command"]),
                RetryPolicy(o["attempts"], o["backoff"], o["backoff_max"]),
                o["mask"],
            )
        return cls(
            JobKind(data["kind"]),
            DeviceTarget(*data["device"]),
            spec,
            options,
            float(data.get("reach_timeout", 3.0)),
        )


def perform(
    work: DeviceWork,
    credentials: Sequence[CredentialSecret],
    cancel: CancelFlag,
    worker: str = "",
) -> DeviceCapture:
    """Do ``work`` here; device problems come back as a failed outcome, never raised."""
    if work.kind is JobKind.BACKUP:
        assert work.spec is not None and work.options is not None
        captured = capture_device(
            work.device, work.spec, credentials, work.options, cancel, route=work.route
        )
        return DeviceCapture(captured.outcome, captured.text, worker)
    return DeviceCapture(probe(work.device, work.reach_timeout), None, worker)
